/**
 * Follows a source's cursor pagination to the end. Each page's records are validated as they
 * arrive, so a malformed record fails the run before anything is written.
 */
import { PontualError } from '../../core/errors.ts';

/** A guard against a source that keeps returning cursors: no job here needs more pages. */
export const MAX_PAGES = 10_000;

export async function collectPages<T>(options: {
  /** Names the list in messages, e.g. `WMS orders`. */
  readonly what: string;
  /** The array's property in the page body (`orders`, `stores`). */
  readonly itemsField: string;
  readonly fetchPage: (cursor: string | undefined) => Promise<unknown>;
  readonly parse: (raw: unknown, position: string) => T;
}): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const body = await options.fetchPage(cursor);
    if (typeof body !== 'object' || body === null) invalid(options.what, page, 'the body is not an object');
    const { [options.itemsField]: records, nextCursor } = body as Record<string, unknown>;
    if (!Array.isArray(records)) invalid(options.what, page, `"${options.itemsField}" is not an array`);
    (records as unknown[]).forEach((raw, index) => {
      items.push(options.parse(raw, `#${index + 1} of page ${page}`));
    });
    if (nextCursor === null) return items;
    if (typeof nextCursor !== 'string' || nextCursor === '') invalid(options.what, page, '"nextCursor" is neither a string nor null');
    if (seen.has(nextCursor)) invalid(options.what, page, `cursor "${nextCursor}" came back twice`);
    seen.add(nextCursor);
    cursor = nextCursor;
  }
  throw new PontualError('INPUT_INVALID', `${options.what}: more than ${MAX_PAGES} pages`);
}

function invalid(what: string, page: number, problem: string): never {
  throw new PontualError('INPUT_INVALID', `${what} page ${page}: ${problem}`);
}
