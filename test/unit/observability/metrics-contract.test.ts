/**
 * The metrics contract checked where it is cheap: the status service's registry declares exactly
 * the families, types and labels observability/known-metrics.ts lists, so a rename on either side
 * fails here rather than in the slow cluster test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStatusMetrics } from '../../../status/metrics/status-metrics.ts';
import { DEFAULT_PROCESS_METRICS, HISTOGRAMS, STATUS_METRICS } from '../../../observability/known-metrics.ts';

interface DeclaredMetric {
  readonly name: string;
  readonly labelNames: readonly string[];
}

const declared = (): DeclaredMetric[] =>
  createStatusMetrics()
    .registry.getMetricsAsArray()
    // prom-client keeps each metric's configured label names on the instance.
    .map((metric) => metric as unknown as DeclaredMetric);

test("the status service's pontual_* families and their labels are the contract's", () => {
  const own = declared().filter((metric) => metric.name.startsWith('pontual_'));
  const byName = (entries: [string, readonly string[]][]): Record<string, string[]> =>
    Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)).map(([name, labels]) => [name, [...labels]]));
  assert.deepEqual(byName(own.map((metric) => [metric.name, metric.labelNames])), byName(Object.entries(STATUS_METRICS)));
});

test('the histograms and the process metrics the dashboards read are in the registry', async () => {
  const { registry } = createStatusMetrics();
  const types = new Map((await registry.getMetricsAsJSON()).map((metric) => [metric.name, String(metric.type)]));
  for (const name of HISTOGRAMS) assert.equal(types.get(name), 'histogram', name);
  for (const name of DEFAULT_PROCESS_METRICS) assert.ok(types.has(name), `${name} is not a default metric of this prom-client`);
});
