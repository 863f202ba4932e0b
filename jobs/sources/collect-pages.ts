/**
 * Follows a source's cursor pagination to the end. Each page's records are validated as they
 * arrive, so a malformed record fails the run before anything is written.
 *
 * Ids are unique by contract, yet a cursor over data that moves can serve a record on two pages.
 * Counting it twice would be a false figure (an SLA of 60 % instead of 50 %), failing the run for
 * it would leave no figure at all: a repeated id is kept once, at its first occurrence (so a
 * caller can fold records page by page, keeping only the ids), and the caller logs how many
 * were dropped.
 */
import { PontualError } from '../../core/errors.ts';

/** A guard against a source that keeps returning cursors: no job here needs more pages. */
export const MAX_PAGES = 10_000;

export interface Listing<T> {
  /** Unique by id, in the order of their first appearance; empty when the caller folds with `each`. */
  readonly items: T[];
  /** How many unique records there were. */
  readonly count: number;
  /** How many records repeated an id already seen. */
  readonly duplicates: number;
  /** A few of the repeated ids, for the log. */
  readonly duplicateIds: readonly string[];
}

export async function collectPages<T extends { readonly id: string }>(options: {
  /** Names the list in messages, e.g. `WMS orders`. */
  readonly what: string;
  /** The array's property in the page body (`orders`, `stores`). */
  readonly itemsField: string;
  readonly fetchPage: (cursor: string | undefined) => Promise<unknown>;
  readonly parse: (raw: unknown, position: string) => T;
  /**
   * Called with each unique record once its page is validated; then the records are not kept,
   * and memory is bounded by a page plus the ids.
   */
  readonly each?: (item: T) => void;
}): Promise<Listing<T>> {
  const ids = new Set<string>();
  const items: T[] = [];
  const duplicateIds: string[] = [];
  let duplicates = 0;
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const body = await options.fetchPage(cursor);
    if (typeof body !== 'object' || body === null) invalid(options.what, page, 'the body is not an object');
    const { [options.itemsField]: records, nextCursor } = body as Record<string, unknown>;
    if (!Array.isArray(records)) invalid(options.what, page, `"${options.itemsField}" is not an array`);
    // The whole page first: a malformed record fails the run before any of its page is folded.
    const parsed = (records as unknown[]).map((raw, index) => options.parse(raw, `#${index + 1} of page ${page}`));
    for (const item of parsed) {
      if (ids.has(item.id)) {
        duplicates++;
        if (duplicateIds.length < 10) duplicateIds.push(item.id);
        continue;
      }
      ids.add(item.id);
      if (options.each === undefined) items.push(item);
      else options.each(item);
    }
    if (nextCursor === null) return { items, count: ids.size, duplicates, duplicateIds };
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
