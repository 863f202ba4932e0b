import { dashboardPanels } from './dashboard-queries.ts';

/**
 * A dashboard's layout as a static HTML page: one box per panel at its gridPos (24 columns),
 * labelled with the panel title and kind. Screenshotted for the docs, since there is no Grafana to
 * take a real screenshot from.
 */

const COLUMN_PX = 50;
const ROW_PX = 32;
const COLORS: Record<string, string> = { stat: '#1f60c4', table: '#5a3fc0', timeseries: '#37872d', row: '#444' };

const escape = (text: string): string => text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] ?? char);

export function dashboardLayoutHtml(dashboard: unknown): string {
  const title = (dashboard as { title?: unknown }).title;
  const panels = dashboardPanels(dashboard);
  const bottom = Math.max(0, ...panels.map((panel) => (panel.gridPos ? panel.gridPos.y + panel.gridPos.h : 0)));
  const boxes = panels
    .filter((panel) => panel.gridPos !== undefined)
    .map((panel) => {
      const pos = panel.gridPos ?? { x: 0, y: 0, w: 0, h: 0 };
      const style = [
        `left:${pos.x * COLUMN_PX}px`,
        `top:${pos.y * ROW_PX}px`,
        `width:${pos.w * COLUMN_PX - 6}px`,
        `height:${pos.h * ROW_PX - 6}px`,
        `border-color:${COLORS[panel.type] ?? '#888'}`,
      ].join(';');
      // What a reader would see inside: a table's columns, a graph's series names.
      const legends = panel.queries.map((query) => query.legend).filter((legend): legend is string => legend !== undefined && !legend.includes('{{'));
      const contents = panel.columns.length > 0 ? panel.columns : legends;
      const detail = contents.length > 0 ? `<i>${contents.map(escape).join(' · ')}</i>` : '';
      return `<div class="panel" style="${style}"><b>${escape(panel.title)}</b><span>${escape(panel.type)}</span>${detail}</div>`;
    })
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><style>
  body { margin: 0; padding: 16px; background: #111217; color: #ccccdc; font: 13px system-ui, sans-serif; }
  h1 { font-size: 18px; margin: 0 0 12px; }
  .grid { position: relative; width: ${24 * COLUMN_PX}px; height: ${bottom * ROW_PX}px; }
  .panel { position: absolute; box-sizing: border-box; background: #181b1f; border: 1px solid; border-top-width: 4px;
           border-radius: 3px; padding: 6px 8px; overflow: hidden; display: flex; flex-direction: column; gap: 4px; }
  .panel b { font-weight: 600; color: #fff; }
  .panel span { color: #8e8e9e; font-size: 11px; text-transform: uppercase; }
  .panel i { color: #b8b8c8; font-style: normal; font-size: 12px; }
</style></head><body>
<h1>${escape(typeof title === 'string' ? title : '')}</h1>
<div class="grid">
${boxes}
</div>
</body></html>
`;
}
