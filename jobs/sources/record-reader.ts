/**
 * Strict reading of one record of a source payload. Every problem is INPUT_INVALID naming the
 * record (by id when it has one, by position otherwise) and the field, so whoever owns the source
 * can find the record: a malformed payload is a contract breach, and retrying will not fix it.
 */
import { PontualError } from '../../core/errors.ts';
import { parseIsoInstant } from '../runtime/iso-instant.ts';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export interface RecordReader {
  readonly id: string;
  string(field: string): string;
  nullableString(field: string): string | null;
  instant(field: string): Date;
  nullableInstant(field: string): Date | null;
  boolean(field: string): boolean;
  oneOf<T extends string>(field: string, values: readonly T[]): T;
  httpUrl(field: string): string;
  /** For rules that involve more than one field. */
  fail(field: string, problem: string): never;
}

/** `what` names the record kind for messages, e.g. `WMS order`; `position` locates id-less ones. */
export function readRecord(what: string, raw: unknown, position: string): RecordReader {
  const failAt = (label: string, field: string, problem: string): never => {
    throw new PontualError('INPUT_INVALID', `${label} field "${field}": ${problem}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return failAt(`${what} ${position}`, '(record)', `expected an object, got ${describe(raw)}`);
  }
  const record = raw as Record<string, unknown>;
  const rawId = record.id;
  if (typeof rawId !== 'string' || rawId.trim() === '') {
    return failAt(`${what} ${position}`, 'id', rawId === undefined ? 'missing' : `expected a non-empty string, got ${describe(rawId)}`);
  }
  const label = `${what} "${rawId}"`;
  const fail = (field: string, problem: string): never => failAt(label, field, problem);
  const present = (field: string): unknown => {
    if (!(field in record)) fail(field, 'missing');
    return record[field];
  };
  const string = (field: string): string => {
    const value = present(field);
    if (typeof value !== 'string' || value.trim() === '') fail(field, `expected a non-empty string, got ${describe(value)}`);
    return value as string;
  };
  const instant = (field: string): Date => {
    const value = present(field);
    // Not Date: it quietly rolls 2026-02-30 over into March. The contract's form first (RFC 3339:
    // `T`, `Z` or a `±hh:mm` offset), then the same check as the environment's instants.
    const date = typeof value === 'string' && ISO_INSTANT.test(value) ? parseIsoInstant(value) : undefined;
    if (date === undefined) {
      fail(field, `expected an ISO 8601 instant with offset, got ${describe(value)}`);
    }
    return date as Date;
  };
  return {
    id: rawId,
    string,
    nullableString: (field) => (present(field) === null ? null : string(field)),
    instant,
    nullableInstant: (field) => (present(field) === null ? null : instant(field)),
    boolean(field) {
      const value = present(field);
      if (typeof value !== 'boolean') fail(field, `expected true or false, got ${describe(value)}`);
      return value as boolean;
    },
    oneOf<T extends string>(field: string, values: readonly T[]): T {
      const value = present(field);
      if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
        fail(field, `expected one of ${values.join('|')}, got ${describe(value)}`);
      }
      return value as T;
    },
    httpUrl(field) {
      const value = string(field);
      let protocol = '';
      try {
        protocol = new URL(value).protocol;
      } catch {
        fail(field, `expected an http(s) URL, got ${describe(value)}`);
      }
      if (protocol !== 'http:' && protocol !== 'https:') fail(field, `expected an http(s) URL, got ${describe(value)}`);
      return value;
    },
    fail,
  };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}
