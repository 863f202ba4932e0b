import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatData, formatDuration, formatLocalTime, formatTable } from '../../../cli/output.ts';

test('tables align columns like kubectl and end with a newline', () => {
  const table = formatTable(
    [
      { name: 'embu-sla', next: '10:15' },
      { name: 'bonus-calc', next: '06:00' },
    ],
    [
      { header: 'NAME', value: (row) => row.name },
      { header: 'NEXT', value: (row) => row.next },
    ],
  );
  assert.equal(table, 'NAME         NEXT\nembu-sla     10:15\nbonus-calc   06:00\n');
});

test('json and yaml carry the same data; table and wide the text; name the object names', () => {
  const data = { cronjob: 'embu-sla', at: new Date('2026-11-30T13:00:00Z') };
  const table = (wide: boolean): string => (wide ? 'W' : 'T');
  const names = (): string[] => ['cronjob.batch/embu-sla', 'cronjob.batch/bonus-calc'];
  assert.deepEqual(JSON.parse(formatData('json', data, table, names)), { cronjob: 'embu-sla', at: '2026-11-30T13:00:00.000Z' });
  assert.match(formatData('yaml', data, table, names), /^cronjob: embu-sla\nat: 2026-11-30T13:00:00.000Z\n$/);
  assert.equal(formatData('table', data, table, names), 'T');
  assert.equal(formatData('wide', data, table, names), 'W');
  assert.equal(formatData('name', data, table, names), 'cronjob.batch/embu-sla\ncronjob.batch/bonus-calc\n');
});

test('durations read like kubectl ages', () => {
  assert.deepEqual([0, 59.6, 60, 192, 3600, 7500, 86400, 360000].map(formatDuration), ['0s', '1m', '1m', '3m12s', '1h', '2h5m', '1d', '4d4h']);
});

test('local times carry the zone offset, across DST and for half-hour zones', () => {
  assert.equal(formatLocalTime(new Date('2026-11-30T13:00:00Z'), 'America/Sao_Paulo'), '2026-11-30 10:00 -03');
  assert.equal(formatLocalTime(new Date('2026-07-01T12:00:00Z'), 'America/New_York'), '2026-07-01 08:00 -04');
  assert.equal(formatLocalTime(new Date('2026-11-30T13:00:00Z'), 'Asia/Kolkata'), '2026-11-30 18:30 +05:30');
  assert.equal(formatLocalTime(new Date('2026-11-30T13:00:00Z'), 'UTC'), '2026-11-30 13:00 +00');
});
