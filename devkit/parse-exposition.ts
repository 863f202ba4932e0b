/**
 * A small parser for the Prometheus text exposition format (0.0.4): enough to read /metrics
 * back as numbers (tests, the benchmark), with label values unescaped.
 */

export interface ParsedSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface ParsedMetrics {
  readonly samples: readonly ParsedSample[];
  /** `# TYPE` per metric family. */
  readonly types: ReadonlyMap<string, string>;
  /** Samples of `name` whose labels include all of `labels`. */
  find(name: string, labels?: Readonly<Record<string, string>>): ParsedSample[];
  /** The single matching sample's value; undefined when none, throws when several. */
  value(name: string, labels?: Readonly<Record<string, string>>): number | undefined;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/u;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?\s*/uy;

export function parseExposition(text: string): ParsedMetrics {
  const samples: ParsedSample[] = [];
  const types = new Map<string, string>();
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const type = /^# TYPE (\S+) (\S+)$/u.exec(line);
      if (type?.[1] !== undefined && type[2] !== undefined) types.set(type[1], type[2]);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (match?.[1] === undefined || match[3] === undefined) throw new Error(`line ${index + 1} is not a sample: ${line}`);
    samples.push({ name: match[1], labels: parseLabels(match[2] ?? '', index + 1), value: parseValue(match[3]) });
  }
  const find = (name: string, labels: Readonly<Record<string, string>> = {}): ParsedSample[] =>
    samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  return {
    samples,
    types,
    find,
    value(name, labels) {
      const found = find(name, labels);
      if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
      return found[0]?.value;
    },
  };
}

function parseLabels(text: string, line: number): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const start = LABEL.lastIndex;
    const match = LABEL.exec(text);
    if (match?.[1] === undefined || match[2] === undefined) throw new Error(`line ${line}: bad labels at "${text.slice(start)}"`);
    labels[match[1]] = match[2].replace(/\\(.)/gu, (_, char: string) => (char === 'n' ? '\n' : char));
  }
  return labels;
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  // prom-client writes NaN as "Nan".
  if (text.toLowerCase() === 'nan') return NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`not a sample value: ${text}`);
  return value;
}
