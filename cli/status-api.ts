import { PontualError } from '../core/errors.ts';
import { fromStreamFields, toStreamFields, type LedgerEntry } from '../core/run-ledger.ts';

/** The status service's in-cluster address (Service `pontual-status`, port 8080). */
export function defaultStatusUrl(namespace: string): string {
  return `http://pontual-status.${namespace}.svc:8080`;
}

const TIMEOUT_MS = 5_000;

/** A job's run ledger as the status service serves it. */
export async function readLedgerFromStatus(baseUrl: string, job: string, limit: number, fetchImpl: typeof fetch = fetch): Promise<LedgerEntry[]> {
  const url = new URL(`api/cronjobs/${encodeURIComponent(job)}/runs`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  url.searchParams.set('limit', String(limit));
  let response: Response;
  try {
    response = await fetchImpl(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json' } });
  } catch (error) {
    throw new PontualError('SOURCE_UNAVAILABLE', `cannot reach the status service at ${baseUrl}: ${causeOf(error)}`, { cause: error });
  }
  if (!response.ok) throw new PontualError('SOURCE_UNAVAILABLE', `the status service at ${baseUrl} answered ${response.status} for ${url.pathname}`);
  const body: unknown = await response.json();
  const runs = Array.isArray(body) ? body : typeof body === 'object' && body !== null && 'runs' in body && Array.isArray(body.runs) ? (body.runs as unknown[]) : undefined;
  if (runs === undefined) throw new PontualError('INPUT_INVALID', `the status service at ${baseUrl} returned no "runs" list for ${job}`);
  // Reuse the ledger's own parser so both sources accept exactly the same entries.
  return runs
    .map((run) => (typeof run === 'object' && run !== null ? fromStreamFields(toStreamFields(run as LedgerEntry)) : undefined))
    .filter((entry): entry is LedgerEntry => entry !== undefined);
}

function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${'code' in error.cause ? String(error.cause.code) : error.cause.message}` : '';
  return `${error.message}${cause}`;
}
