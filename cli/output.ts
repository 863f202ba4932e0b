import { dumpYaml } from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import type { OutputFormat } from './parse-args.ts';

/**
 * How data leaves the CLI: a kubectl-style table for people, or the same records as JSON or
 * YAML for scripts. Tables are plain text (no colour, no box drawing) so they survive `| grep`.
 */

export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => string;
}

export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = [columns.map((column) => column.header), ...rows.map((row) => columns.map((column) => column.value(row)))];
  const widths = columns.map((_, index) => Math.max(...cells.map((line) => (line[index] ?? '').length)));
  return cells
    .map((line) =>
      line
        .map((cell, index) => (index === line.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
        .join('   ')
        .trimEnd(),
    )
    .join('\n')
    .concat('\n');
}

/**
 * Renders `data` as kubectl's `-o` does: JSON or YAML for scripts, `name` as `kind.group/name`
 * lines, `wide` as the table with its extra columns.
 */
export function formatData(format: OutputFormat, data: unknown, table: (wide: boolean) => string, names: () => readonly string[]): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(data, null, 2)}\n`;
    case 'yaml':
      return stringify(data);
    case 'table':
      return table(false);
    case 'wide':
      return table(true);
    case 'name':
      return names()
        .map((name) => `${name}\n`)
        .join('');
  }
}

/**
 * A Kubernetes object as the API server writes it (RFC 3339 timestamps, wire field names),
 * rather than the client library's class instances, for `-o json|yaml`.
 */
export function toWireObject(object: { apiVersion?: string; kind?: string }): unknown {
  return parse(dumpYaml(object));
}

/** "3m12s", "2h5m", "4d3h": the resolution kubectl uses in its AGE column. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return s % 60 === 0 ? `${minutes}m` : `${minutes}m${s % 60}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
}

/** A wall-clock time in a given IANA zone, "2026-11-29 14:15 -03", the way operators read schedules. */
export function formatLocalTime(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'shortOffset',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} ${isoOffset(part('timeZoneName'))}`;
}

/** "GMT-3" → "-03", "GMT+5:30" → "+05:30", "GMT" → "+00". */
function isoOffset(shortOffset: string): string {
  const match = /([+-])(\d{1,2})(?::(\d{2}))?/.exec(shortOffset);
  if (match === null) return '+00';
  const [, sign = '+', hours = '0', minutes] = match;
  return `${sign}${hours.padStart(2, '0')}${minutes === undefined ? '' : `:${minutes}`}`;
}
