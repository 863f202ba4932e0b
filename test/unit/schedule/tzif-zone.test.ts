import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadTzifZone, parsePosixTz } from '../../../core/schedule/tzif-zone.ts';

const HOUR = 3600;

const formats = new Map<string, Intl.DateTimeFormat>();

/** The offset ICU gives (the runtime's own data), in seconds. */
function intlOffset(zone: string, unixSeconds: number): number {
  // One formatter per zone: making one per sample made this test take 30 s.
  let format = formats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(zone, format);
  }
  const field: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of format.formatToParts(unixSeconds * 1000)) field[part.type] = part.value;
  const wall = Date.UTC(Number(field.year), Number(field.month) - 1, Number(field.day), Number(field.hour), Number(field.minute), Number(field.second));
  return wall / 1000 - unixSeconds;
}

// Zones whose rules have not changed in years, so the system's tzdata and ICU's agree: southern and
// northern DST, negative DST (Dublin), half- and quarter-hour offsets, DST abolished (Sao Paulo 2019).
const ZONES = [
  'America/Sao_Paulo',
  'America/New_York',
  'Europe/Berlin',
  'Europe/Dublin',
  'Australia/Sydney',
  'Asia/Kolkata',
  'America/St_Johns',
  'Pacific/Chatham',
  'Asia/Tokyo',
  'UTC',
];

test('offsets from the system zone files equal ICU every 7 h 13 min from 2000 to 2060, across DST changes and past the files’ last transition', () => {
  for (const zone of ZONES) {
    const lookup = loadTzifZone(zone);
    assert.ok(lookup !== undefined, `no zone file for ${zone} in /usr/share/zoneinfo (tzdata installed?)`);
    const mismatches: string[] = [];
    for (let at = Date.UTC(2000, 0, 1) / 1000; at < Date.UTC(2060, 0, 1) / 1000; at += 7 * HOUR + 13 * 60) {
      const expected = intlOffset(zone, at);
      if (lookup(at) !== expected) mismatches.push(`${new Date(at * 1000).toISOString()}: ${String(lookup(at))} != ${String(expected)}`);
    }
    assert.deepEqual(mismatches.slice(0, 5), [], zone);
  }
});

test('the second before and the second of a DST change', () => {
  const newYork = loadTzifZone('America/New_York');
  assert.ok(newYork !== undefined);
  // 2024-03-10 02:00 EST = 07:00 UTC; 2024-11-03 02:00 EDT = 06:00 UTC.
  assert.equal(newYork(Date.UTC(2024, 2, 10, 7) / 1000 - 1), -5 * HOUR);
  assert.equal(newYork(Date.UTC(2024, 2, 10, 7) / 1000), -4 * HOUR);
  assert.equal(newYork(Date.UTC(2024, 10, 3, 6) / 1000 - 1), -4 * HOUR);
  assert.equal(newYork(Date.UTC(2024, 10, 3, 6) / 1000), -5 * HOUR);
});

function rule(text: string): (unixSeconds: number) => number {
  const lookup = parsePosixTz(text);
  assert.ok(lookup !== undefined, `"${text}" is read`);
  return lookup;
}

test('POSIX TZ rules: fixed, M, J and n dates, explicit times and DST offsets', () => {
  assert.equal(rule('<-03>3')(0), -3 * HOUR);
  assert.equal(rule('<+0545>-5:45')(0), 5 * HOUR + 45 * 60);
  const newYork = rule('EST5EDT,M3.2.0,M11.1.0');
  assert.equal(newYork(Date.UTC(2030, 6, 1) / 1000), -4 * HOUR);
  assert.equal(newYork(Date.UTC(2030, 0, 1) / 1000), -5 * HOUR);
  // Southern hemisphere: DST across the new year.
  const sydney = rule('AEST-10AEDT,M10.1.0,M4.1.0/3');
  assert.equal(sydney(Date.UTC(2030, 0, 1) / 1000), 11 * HOUR);
  assert.equal(sydney(Date.UTC(2030, 6, 1) / 1000), 10 * HOUR);
  // Julian day 60 is March 1 also in leap years; day 59 (zero-based) is February 29 in 2028, then at 01:00.
  const julian = rule('AAA0BBB,J60,300/1');
  assert.equal(julian(Date.UTC(2028, 2, 1) / 1000 - 1), 0);
  assert.equal(julian(Date.UTC(2028, 2, 1, 2) / 1000), HOUR);
  const zeroBased = rule('AAA0BBB-2,59/1,300');
  assert.equal(zeroBased(Date.UTC(2028, 1, 29, 0, 59, 59) / 1000), 0);
  assert.equal(zeroBased(Date.UTC(2028, 1, 29, 1) / 1000), 2 * HOUR);
  assert.equal(parsePosixTz('not a rule'), undefined);
  assert.equal(parsePosixTz('EST5EDT,M3.2.0'), undefined);
});

test('a name that is not a zone file under the directory is no zone (never a path outside it)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pontual-tzif-'));
  try {
    writeFileSync(join(dir, 'Broken'), 'not TZif');
    assert.equal(loadTzifZone('Broken', dir), undefined);
    assert.equal(loadTzifZone('Nowhere/Atlantis', dir), undefined);
    assert.equal(loadTzifZone('../etc/passwd'), undefined);
    assert.equal(loadTzifZone('/etc/passwd'), undefined);
    assert.equal(loadTzifZone('America/../UTC'), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
