import { PontualError } from '../core/errors.ts';
import { STATUS_SERVICE_NAME, STATUS_SERVICE_PORT } from '../core/labels.ts';
import { RUN_OUTCOMES, type RunOutcome } from '../core/model/job-outcome.ts';
import type { RunSummary } from '../core/model/summarize.ts';

/** The status service's in-cluster address. */
export function defaultStatusUrl(namespace: string): string {
  return `http://${STATUS_SERVICE_NAME}.${namespace}.svc:${STATUS_SERVICE_PORT}`;
}

const TIMEOUT_MS = 5_000;

/**
 * A CronJob's runs as the status service serves them (GET /api/cronjobs/<name>/runs): already
 * merged from the Jobs it watched, the runs it remembers and the run ledger.
 */
export async function readRunsFromStatus(baseUrl: string, job: string, limit: number, fetchImpl: typeof fetch = fetch): Promise<RunSummary[]> {
  const url = new URL(`api/cronjobs/${encodeURIComponent(job)}/runs`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  url.searchParams.set('limit', String(limit));
  let response: Response;
  try {
    response = await fetchImpl(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json' } });
  } catch (error) {
    throw new PontualError('SOURCE_UNAVAILABLE', `cannot reach the status service at ${baseUrl}: ${causeOf(error)}`, { cause: error });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    throw new PontualError(
      response.status === 404 ? 'NOT_FOUND' : 'SOURCE_UNAVAILABLE',
      `the status service at ${baseUrl} answered ${response.status}: ${errorMessage(body)}`,
    );
  }
  const runs = isRecord(body) && Array.isArray(body.runs) ? (body.runs as unknown[]) : undefined;
  if (runs === undefined) throw new PontualError('INPUT_INVALID', `the status service at ${baseUrl} returned no "runs" list for ${job}`);
  return runs.filter(isRecord).map(toRunSummary);
}

function toRunSummary(run: Record<string, unknown>): RunSummary {
  const text = (key: string): string | undefined => (typeof run[key] === 'string' ? run[key] : undefined);
  const number = (key: string): number | undefined => (typeof run[key] === 'number' ? run[key] : undefined);
  const date = (key: string): Date | undefined => {
    const value = text(key);
    return value === undefined ? undefined : new Date(value);
  };
  const outcome = text('outcome');
  return {
    job: text('job'),
    runId: text('runId'),
    manual: run.manual === true,
    scheduledAt: date('scheduledAt'),
    startedAt: date('startedAt'),
    finishedAt: date('finishedAt'),
    durationSeconds: number('durationSeconds'),
    outcome: isRunOutcome(outcome) ? outcome : 'failed',
    reason: text('reason') ?? (isRunOutcome(outcome) ? '' : `unknown outcome "${outcome ?? ''}"`),
    exitCode: number('exitCode'),
    message: text('message'),
  };
}

function isRunOutcome(value: string | undefined): value is RunOutcome {
  return (RUN_OUTCOMES as readonly (string | undefined)[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorMessage(body: unknown): string {
  if (isRecord(body) && isRecord(body.error) && typeof body.error.message === 'string') return body.error.message;
  return 'no error message';
}

function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${'code' in error.cause ? String(error.cause.code) : error.cause.message}` : '';
  return `${error.message}${cause}`;
}
