import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCalendarDate, parseIsoInstant } from '../../../jobs/runtime/iso-instant.ts';

test('an instant with an offset is read as the moment it names', () => {
  const cases: [string, string][] = [
    ['2026-11-23T15:00:00-03:00', '2026-11-23T18:00:00.000Z'],
    ['2026-11-23T15:00-03:00', '2026-11-23T18:00:00.000Z'],
    ['2026-11-23T15:00:00-0300', '2026-11-23T18:00:00.000Z'],
    ['2026-11-23T15:00:00.5Z', '2026-11-23T15:00:00.500Z'],
    ['2026-11-23t15:00:00.123456z', '2026-11-23T15:00:00.123Z'],
    ['2026-11-23T23:30:00+05:30', '2026-11-23T18:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['0099-01-01T00:00:00Z', '0099-01-01T00:00:00.000Z'],
  ];
  for (const [text, iso] of cases) assert.equal(parseIsoInstant(text)?.toISOString(), iso, text);
});

test('no offset, a day or a time that does not exist, or anything else is not an instant', () => {
  for (const text of [
    '2026-11-23T15:00:00',
    '2026-11-23',
    '2026-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-11-31T00:00:00Z',
    '2026-11-23T24:00:00Z',
    '2026-11-23T15:60:00Z',
    '2026-11-23T15:00:61Z',
    '2026-11-23T15:00:00+24:00',
    '2026-11-23 15:00:00Z',
    'tomorrow',
    '',
  ]) {
    assert.equal(parseIsoInstant(text), undefined, text);
  }
});

test('a calendar date is an existing day written YYYY-MM-DD', () => {
  assert.deepEqual(['2026-07-09', '2024-02-29', '2026-02-29', '2026-04-31', '2026-00-10', '2026-7-9', '2026-07-09T00:00'].map(isCalendarDate), [
    true,
    true,
    false,
    false,
    false,
    false,
    false,
  ]);
});
