import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1Job } from '@kubernetes/client-node';
import { withAsOf } from '../../../cli/as-of-job.ts';
import { backfillJobName, planBackfill } from '../../../cli/backfill-plan.ts';
import { AS_OF_ANNOTATION, SCHEDULED_TIMESTAMP_ANNOTATION } from '../../../core/labels.ts';

/** Plain JSON, as the API returns it, not the client's model classes. */
const asJob = (object: unknown): V1Job => object as V1Job;
const job = (name: string, annotations: Record<string, string> = {}): V1Job => asJob({ metadata: { name, annotations } });
const minutes = (iso: string): number => Date.parse(iso) / 60_000;

test('every schedule time in the window without a run, oldest first, in the CronJob time zone', () => {
  const plan = planBackfill({
    cronJob: 'embu-sla',
    schedule: '*/15 * * * *',
    timeZone: 'America/Sao_Paulo',
    from: new Date('2026-11-29T11:00:00Z'),
    to: new Date('2026-11-29T12:00:00Z'),
    jobs: [
      job(`embu-sla-${minutes('2026-11-29T11:15:00Z')}`),
      job('embu-sla-manual-abcde', { [AS_OF_ANNOTATION]: '2026-11-29T11:45:00.000Z' }),
      job('other', { [SCHEDULED_TIMESTAMP_ANNOTATION]: '2026-11-29T12:00:00Z' }),
      job('embu-sla-manual-fghjk'),
    ],
  });
  assert.deepEqual(
    plan.times.map((time) => time.toISOString()),
    ['2026-11-29T11:00:00.000Z', '2026-11-29T11:30:00.000Z'],
  );
  assert.deepEqual(
    plan.alreadyRun.map((run) => run.job),
    [`embu-sla-${minutes('2026-11-29T11:15:00Z')}`, 'embu-sla-manual-abcde', 'other'],
  );
});

test('daily schedule in São Paulo: 06:00 local is 09:00 UTC', () => {
  const plan = planBackfill({
    cronJob: 'bonus-calc',
    schedule: '0 6 * * *',
    timeZone: 'America/Sao_Paulo',
    from: new Date('2026-11-27T00:00:00Z'),
    to: new Date('2026-11-29T23:00:00Z'),
    jobs: [],
  });
  assert.deepEqual(
    plan.times.map((time) => time.toISOString()),
    ['2026-11-27T09:00:00.000Z', '2026-11-28T09:00:00.000Z', '2026-11-29T09:00:00.000Z'],
  );
});

test('a window too wide, or an @every schedule, is refused with what to do instead', () => {
  assert.throws(
    () =>
      planBackfill({
        cronJob: 'x',
        schedule: '* * * * *',
        timeZone: 'UTC',
        from: new Date('2026-11-01T00:00:00Z'),
        to: new Date('2026-11-02T00:00:00Z'),
        jobs: [],
      }),
    /narrower window/,
  );
  assert.throws(
    () =>
      planBackfill({
        cronJob: 'x',
        schedule: '@every 1h',
        timeZone: 'UTC',
        from: new Date('2026-11-01T00:00:00Z'),
        to: new Date('2026-11-02T00:00:00Z'),
        jobs: [],
      }),
    /run x --as-of/,
  );
});

test('backfill Job names are stable per time and fit 63 characters', () => {
  assert.equal(backfillJobName('embu-sla', new Date('2026-11-29T11:00:00Z')), `embu-sla-backfill-${minutes('2026-11-29T11:00:00Z')}`);
  assert.ok(backfillJobName('x'.repeat(52), new Date()).length <= 63);
});

test('--as-of sets JOB_AS_OF on this Job only, replacing an inherited value, and annotates it', () => {
  const base = asJob({
    metadata: { name: 'bonus-calc-manual-x', annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' } },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'job',
              env: [
                { name: 'JOB_AS_OF', value: '' },
                { name: 'LOG_LEVEL', value: 'info' },
              ],
            },
          ],
        },
      },
    },
  });
  const changed = withAsOf(base, new Date('2026-11-29T09:00:00Z'));
  assert.deepEqual(changed.spec?.template.spec?.containers[0]?.env, [
    { name: 'LOG_LEVEL', value: 'info' },
    { name: 'JOB_AS_OF', value: '2026-11-29T09:00:00.000Z' },
  ]);
  assert.equal(changed.metadata?.annotations?.[AS_OF_ANNOTATION], '2026-11-29T09:00:00.000Z');
  assert.equal(base.spec?.template.spec?.containers[0]?.env?.[0]?.value, '', 'the CronJob template is not modified');
});
