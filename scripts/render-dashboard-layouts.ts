/**
 * Renders each dashboard's layout (its panels at their gridPos) to docs/images/dashboard-<name>.png
 * with headless Chromium, for docs/observability.md.
 *
 *   node scripts/render-dashboard-layouts.ts [--out <dir>] [--chromium /usr/bin/chromium]
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { dashboards } from '../observability/dashboards.ts';
import { dashboardLayoutHtml } from '../observability/dashboard-layout-html.ts';

const { values } = parseArgs({ options: { out: { type: 'string' }, chromium: { type: 'string' } } });
const outDir = resolve(values.out ?? join(import.meta.dirname, '..', 'docs', 'images'));
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: values.chromium ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1240, height: 400 } });
  for (const [file, dashboard] of Object.entries(dashboards())) {
    const name = file.replace(/^pontual-/, '').replace(/\.json$/, '');
    await page.setContent(dashboardLayoutHtml(dashboard));
    const target = join(outDir, `dashboard-${name}.png`);
    await page.screenshot({ path: target, fullPage: true });
    console.log(`wrote ${target}`);
  }
} finally {
  await browser.close();
}
