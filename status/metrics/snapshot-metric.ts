/**
 * prom-client metrics whose samples are computed at scrape time from a snapshot of the model,
 * instead of being updated as things happen. A computation that throws yields no samples for
 * that one metric (and is reported), never a failed scrape: prom-client fails the whole
 * scrape when any collect() throws.
 */
import { Counter, Gauge, Histogram, type MetricObjectWithValues, type MetricValueWithName, type Registry } from 'prom-client';

export interface Sample {
  readonly labels: Readonly<Record<string, string | number>>;
  readonly value: number;
  /** For histogram series: `<name>_bucket`, `<name>_sum`, `<name>_count`. */
  readonly metricName?: string;
}

export type SampleSource = () => readonly Sample[];
export type CollectFailure = (metric: string, error: unknown) => void;

interface SnapshotConfig {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly registry: Registry;
  readonly samples: SampleSource;
  readonly onError: CollectFailure;
}

type MetricObject = MetricObjectWithValues<MetricValueWithName<string>>;

function samplesOf(config: SnapshotConfig): MetricValueWithName<string>[] {
  let values: MetricValueWithName<string>[] = [];
  try {
    values = config.samples().map((sample) => ({
      labels: { ...sample.labels },
      value: sample.value,
      ...(sample.metricName === undefined ? {} : { metricName: sample.metricName }),
    }));
  } catch (error) {
    config.onError(config.name, error);
  }
  return values;
}

class SnapshotGauge extends Gauge {
  private readonly config: SnapshotConfig;
  constructor(config: SnapshotConfig) {
    super({ name: config.name, help: config.help, labelNames: config.labelNames, registers: [config.registry] });
    this.config = config;
  }
  override async get(): Promise<MetricObject> {
    // Compute before awaiting: every metric of one scrape then reads the same snapshot.
    const values = samplesOf(this.config);
    return { ...(await super.get()), values };
  }
}

class SnapshotCounter extends Counter {
  private readonly config: SnapshotConfig;
  constructor(config: SnapshotConfig) {
    super({ name: config.name, help: config.help, labelNames: config.labelNames, registers: [config.registry] });
    this.config = config;
  }
  override async get(): Promise<MetricObject> {
    // Compute before awaiting: every metric of one scrape then reads the same snapshot.
    const values = samplesOf(this.config);
    return { ...(await super.get()), values };
  }
}

/** Untyped in prom-client's declarations, but what its registry calls for histograms. */
const histogramPrototype = Histogram.prototype as unknown as { getForPromString(this: Histogram): Promise<MetricObject> };

class SnapshotHistogram extends Histogram {
  private readonly config: SnapshotConfig;
  constructor(config: SnapshotConfig) {
    super({ name: config.name, help: config.help, labelNames: config.labelNames, registers: [config.registry] });
    this.config = config;
  }
  /** The registry renders histograms through this (and Histogram.get() calls it too). */
  async getForPromString(): Promise<MetricObject> {
    const values = samplesOf(this.config);
    return { ...(await histogramPrototype.getForPromString.call(this)), values };
  }
}

export function snapshotMetric(type: 'gauge' | 'counter' | 'histogram', config: SnapshotConfig): void {
  if (type === 'gauge') new SnapshotGauge(config);
  else if (type === 'counter') new SnapshotCounter(config);
  else new SnapshotHistogram(config);
}
