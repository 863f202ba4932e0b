/**
 * `/jobs/<name>` on a real control plane with a real Redis ledger, seen in headless Chromium:
 * the overview links each row there (reached by keyboard), the page shows runs Kubernetes no
 * longer has (from the ledger), explains the last failure in the exact words of
 * `kubectl pontual why`, escapes what the cluster and the ledger say, and passes axe-core's
 * WCAG 2 A/AA rules (contrast included). Screenshots go to test/artifacts (or the docs with
 * UPDATE_DOCS_IMAGES=1).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEFAULT_KEY_PREFIX, ledgerKey, toStreamFields, type LedgerEntry } from '../../core/run-ledger.ts';
import type { StatusService } from '../../status/status-service.ts';
import { startControlPlane, type ControlPlane } from '../../devkit/control-plane.ts';
import { kubeClients, kubectlOk, waitFor, waitForJobEnd } from '../../devkit/kube.ts';
import { finishPods } from '../../devkit/kubelet.ts';
import { startRedis, type RedisServer } from '../../devkit/redis.ts';
import { runPlugin } from './cli-harness.ts';
import { createCronJob, getJson, startStatus, type ApiCronJob } from './status-support.ts';

const NAMESPACE = 'pontual-pages';
const JOB = 'page-sla';
const artifact = (name: string): string =>
  fileURLToPath(new URL(process.env.UPDATE_DOCS_IMAGES === '1' ? `../../docs/images/${name}` : `../artifacts/${name}`, import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** What the job runtime wrote to its termination message; the markup must reach the page as text. */
const FAILURE_MESSAGE = 'CONFIG_INVALID: SLA_API_URL "<b>x</b>" is not a URL';
const OLD_RUNS = 8;

/** Old runs of the controller, long deleted from Kubernetes: only the ledger has them. */
function oldRuns(now: number): LedgerEntry[] {
  return Array.from({ length: OLD_RUNS }, (_, index) => {
    const scheduled = Math.floor(now / 900_000) * 900_000 - (index + 4) * 86_400_000;
    const started = scheduled + (index + 1) * 1_500;
    const durationMs = 20_000 + index * 17_000;
    const failed = index === 2;
    return {
      runId: `old-${index}`,
      job: JOB,
      kubeJob: `${JOB}-${scheduled / 60_000}`,
      pod: `${JOB}-${scheduled / 60_000}-abcde`,
      namespace: NAMESPACE,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(started + durationMs).toISOString(),
      durationMs,
      outcome: failed ? 'failed' : 'succeeded',
      exitCode: failed ? 1 : 0,
      ...(failed ? { errorCode: 'SOURCE_UNAVAILABLE', errorMessage: 'WMS API answered 503 <i>three times</i>' } : {}),
    };
  });
}

/** The one browser global the tests call (the project's lib has no DOM types). */
interface BrowserWindow {
  getComputedStyle(element: unknown): { outlineStyle: string };
}

/** Computed once: the names depend on the clock's quarter-hour. */
const OLD = oldRuns(Date.now());

async function attributes(page: Page, selector: string, name: string): Promise<(string | null)[]> {
  return Promise.all((await page.locator(selector).all()).map((element) => element.getAttribute(name)));
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run: (options: unknown) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }
    ).axe;
    return axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
}

describe('status job page in a real browser', () => {
  let plane: ControlPlane;
  let redis: RedisServer;
  let service: StatusService;
  let browser: Browser;

  before(async () => {
    redis = await startRedis();
    const client = new Redis(redis.url);
    for (const entry of [...OLD].reverse()) await client.xadd(ledgerKey(DEFAULT_KEY_PREFIX, JOB), '*', ...toStreamFields(entry));
    client.disconnect();
    plane = await startControlPlane();
    await plane.createNamespace(NAMESPACE);
    await createCronJob(plane, NAMESPACE, JOB, { schedule: '*/15 * * * *' });
    await createCronJob(plane, NAMESPACE, 'page-daily', { schedule: '0 6 * * 1-5' });
    service = await startStatus(plane.kubeconfigPath, NAMESPACE, redis.url);
    await waitFor(async () => (await fetch(`${service.url}/readyz`)).status === 200, { timeoutMs: 30_000, what: '/readyz' });
    // A manual run that fails with exit code 2 and a message with markup in it.
    await kubectlOk(plane, ['create', 'job', `${JOB}-manual-failed`, `--from=cronjob/${JOB}`, '-n', NAMESPACE]);
    // Stand-in: the job page's view of an outcome the test picks, at the instant it picks, is tested.
    await finishPods(plane.kubeconfigPath, NAMESPACE, `${JOB}-manual-failed`, { exitCode: 2, terminationMessage: FAILURE_MESSAGE });
    await waitForJobEnd(kubeClients(plane.kubeconfigPath).batch, NAMESPACE, `${JOB}-manual-failed`, 60_000);
    await waitFor(
      async () => {
        const body = (await getJson(service, `/api/cronjobs/${JOB}`)).body as ApiCronJob & { lastRunFailed: boolean };
        return body.lastRunFailed && body.runs.length > OLD_RUNS;
      },
      { timeoutMs: 20_000, what: 'the failure and the ledger runs in /api' },
    );
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
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
  });

  after(async () => {
    await browser.close();
    await service.stop();
    await plane.stop();
    await redis.stop();
  });

  test('the overview links each row to its page, and the keyboard gets there', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 700 } });
    await page.goto(`${service.url}/`);
    const links = await attributes(page, 'tr[data-cronjob] td.name a', 'href');
    assert.deepEqual(links, ['/jobs/page-daily', `/jobs/${JOB}`]);
    assert.deepEqual(await axeViolations(page), [], 'the overview passes WCAG 2.1 A/AA (axe-core)');
    // Tab to the job's link (a skip link or others may come first), with a visible focus ring, then Enter.
    let focused = '';
    for (let presses = 0; presses < 10 && focused !== `/jobs/${JOB}`; presses += 1) {
      await page.keyboard.press('Tab');
      focused = (await page.locator(':focus').getAttribute('href')) ?? '';
    }
    assert.equal(focused, `/jobs/${JOB}`, 'the job link is reachable with Tab');
    const outline = await page.locator(':focus').evaluate((element) => (globalThis as unknown as BrowserWindow).getComputedStyle(element).outlineStyle);
    assert.notEqual(outline, 'none', 'the focused link shows a focus ring');
    await Promise.all([page.waitForURL(`**/jobs/${JOB}`), page.keyboard.press('Enter')]);
    assert.match(await page.locator('h1').innerText(), new RegExp(`^${JOB}`, 'u'));
    await page.close();
  });

  test('the job page: state in words, ledger history past retention, the why sentence, the chart, commands; accessible', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const response = await page.goto(`${service.url}/jobs/${JOB}`);
    assert.equal(response?.status(), 200);
    assert.equal(await page.locator('h1 .state').innerText(), 'Failed', 'the state is written, not only coloured');

    // Every ledger run is listed although Kubernetes never had (or deleted) its Job, with what the ledger knows.
    // The controller may also have started a scheduled run meanwhile (the schedule is every 15 minutes).
    const runs = (await attributes(page, 'tr[data-run]', 'data-run')).filter((run) => run === `${JOB}-manual-failed` || OLD.some((old) => old.kubeJob === run));
    assert.equal(runs[0], `${JOB}-manual-failed`);
    assert.equal(runs.length, OLD_RUNS + 1);
    const oldFailed = page.locator(`tr[data-run="${OLD[2]?.kubeJob ?? ''}"]`);
    assert.match(
      await oldFailed.innerText(),
      /✕ Failed\s+ExitCode1\s+WMS API answered 503 <i>three times<\/i>\s+1\s/u,
      'outcome, reason, message (as text), exit code',
    );
    assert.match(await oldFailed.innerText(), /5 s late/u, 'scheduled vs started, from the controller-made Job name');
    assert.match(await oldFailed.innerText(), /54 s \(18 % of the timeout\)/u, 'duration against the 300 s timeout');

    // The failure, in the words of `kubectl pontual why`, and the markup in it shown as text.
    const why = await runPlugin(['why', JOB, '-n', NAMESPACE], plane.env);
    assert.equal(why.code, 0, why.stderr);
    const line = why.stdout.split('\n').find((text) => text.startsWith(`last run ${JOB}-manual-failed failed `));
    assert.ok(line !== undefined, why.stdout);
    const sentence = line.slice(line.indexOf('): ') + 3);
    assert.equal(await page.locator('[data-why]').innerText(), sentence);
    assert.ok(sentence.includes(FAILURE_MESSAGE), sentence);
    assert.equal(await page.locator('b').count(), 0, 'no markup from the message was rendered');

    assert.equal(await page.locator('[data-schedule-words]').innerText(), 'every 15 minutes every day (America/Sao_Paulo time)');
    assert.equal(await page.locator('ol.next li').count(), 5);
    assert.equal(await page.locator('svg[role="img"] rect.bar').count(), OLD_RUNS + 1);
    assert.match((await page.locator('#chart-desc').textContent()) ?? '', /^9 finished runs, oldest on the left: .* timeout 5 min; 2 failed/u);
    assert.match(await page.locator('dl.commands').innerText(), new RegExp(`kubectl pontual run ${JOB} --wait -n ${NAMESPACE}`, 'u'));

    assert.deepEqual(await axeViolations(page), [], 'the job page passes WCAG 2.1 A/AA (axe-core)');
    // The history table scrolls sideways on a narrow screen: it must take keyboard focus.
    await page.locator('.scroll').focus();
    assert.equal(await page.locator(':focus').getAttribute('role'), 'region');
    const shot = artifact('status-job-page.png');
    mkdirSync(dirname(shot), { recursive: true });
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(statSync(shot).size > 20_000, 'the screenshot has content');
    await page.close();
  });

  test('a job with no failure has no failure section; unknown names are a 404 page that escapes them; broken encoding is a 400', async () => {
    const page = await browser.newPage();
    await page.goto(`${service.url}/jobs/page-daily`);
    assert.equal(await page.locator('[data-why]').count(), 0);
    assert.equal(await page.locator('[data-schedule-words]').innerText(), 'at 06:00 on Monday to Friday (America/Sao_Paulo time)');
    const missing = await page.goto(`${service.url}/jobs/${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
    assert.equal(missing?.status(), 404);
    assert.equal(await page.locator('img').count(), 0);
    assert.match(await page.locator('h1').innerText(), /No job named “<img src=x onerror=alert\(1\)>”/u);
    await page.close();
    assert.equal((await fetch(`${service.url}/jobs/%E0%A4%A`)).status, 400);
  });
});
