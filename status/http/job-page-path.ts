/** Where a CronJob's page lives on the status service: `/jobs/<name>`, linked from the overview, alerts and dashboards. */

/** Runs the page lists (the ledger reader keeps the newest 50 per job; live Jobs add to them). */
export const JOB_PAGE_RUNS = 100;

/** The page's path for a CronJob name. */
export function jobPagePath(name: string): string {
  return `/jobs/${encodeURIComponent(name)}`;
}

/**
 * The CronJob name in a `/jobs/<name>` path: undefined when the path is not a job page, an Error
 * when its percent-encoding is broken (a 400, not a 500).
 */
export function jobNameOfPath(path: string): string | Error | undefined {
  const match = /^\/jobs\/([^/]+)\/?$/u.exec(path);
  if (match === null) return undefined;
  try {
    return decodeURIComponent(match[1] ?? '');
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
