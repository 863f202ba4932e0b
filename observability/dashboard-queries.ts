/**
 * The PromQL of a dashboard JSON model, panel by panel, and Grafana's variable substitution: what
 * the tests need to check every query against promtool and a real Prometheus.
 */

export interface PanelQuery {
  readonly panelId: number | undefined;
  readonly panelTitle: string;
  readonly refId: string;
  readonly expr: string;
  readonly instant: boolean;
  /** The target's datasource uid, e.g. `${datasource}`. */
  readonly datasourceUid: string | undefined;
  readonly legend: string | undefined;
}

export interface GridPosition {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface PanelSummary {
  readonly id: number | undefined;
  readonly type: string;
  readonly title: string;
  readonly gridPos: GridPosition | undefined;
  readonly queries: readonly PanelQuery[];
  /** Column headers a table panel renames its fields to, in display order. */
  readonly columns: readonly string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Every panel, rows' nested panels included, with its position and Prometheus queries. */
export function dashboardPanels(dashboard: unknown): PanelSummary[] {
  const panels = isRecord(dashboard) && Array.isArray(dashboard.panels) ? (dashboard.panels as unknown[]) : [];
  return panels.filter(isRecord).flatMap((panel) => {
    const nested = Array.isArray(panel.panels) ? dashboardPanels({ panels: panel.panels }) : [];
    return [summarize(panel), ...nested];
  });
}

function summarize(panel: Record<string, unknown>): PanelSummary {
  const id = typeof panel.id === 'number' ? panel.id : undefined;
  const title = typeof panel.title === 'string' ? panel.title : '';
  const targets = Array.isArray(panel.targets) ? (panel.targets as unknown[]).filter(isRecord) : [];
  const queries = targets
    .filter((target) => typeof target.expr === 'string')
    .map((target) => ({
      panelId: id,
      panelTitle: title,
      refId: typeof target.refId === 'string' ? target.refId : '',
      expr: target.expr as string,
      instant: target.instant === true,
      legend: typeof target.legendFormat === 'string' ? target.legendFormat : undefined,
      datasourceUid: isRecord(target.datasource) && typeof target.datasource.uid === 'string' ? target.datasource.uid : undefined,
    }));
  const grid = panel.gridPos;
  const gridPos =
    isRecord(grid) && ['x', 'y', 'w', 'h'].every((key) => typeof grid[key] === 'number')
      ? { x: grid.x as number, y: grid.y as number, w: grid.w as number, h: grid.h as number }
      : undefined;
  return { id, type: typeof panel.type === 'string' ? panel.type : '', title, gridPos, queries, columns: tableColumns(panel) };
}

function tableColumns(panel: Record<string, unknown>): string[] {
  const transformations = Array.isArray(panel.transformations) ? (panel.transformations as unknown[]).filter(isRecord) : [];
  const organize = transformations.find((t) => t.id === 'organize');
  const options = isRecord(organize?.options) ? organize.options : {};
  const renames = isRecord(options.renameByName) ? options.renameByName : {};
  const order = isRecord(options.indexByName) ? options.indexByName : {};
  return Object.entries(order)
    .sort(([, a], [, b]) => Number(a) - Number(b))
    .map(([field]) => (typeof renames[field] === 'string' ? renames[field] : field));
}

/**
 * Replaces Grafana variables (`$name`, `${name}`, `[[name]]`) the way Grafana does before sending a
 * query; throws on a variable without a value, so a typo cannot slip through as a literal `$x`.
 */
export function substituteVariables(expr: string, values: Readonly<Record<string, string>>): string {
  return expr.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]/g, (match, braced?: string, bare?: string, bracketed?: string) => {
    const name = braced ?? bare ?? bracketed ?? '';
    const value = values[name];
    if (value === undefined) throw new Error(`no value for Grafana variable ${match} in: ${expr}`);
    return value;
  });
}
