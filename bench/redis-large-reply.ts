/**
 * A large reply through pontual's Redis client (core/redis.ts) next to ioredis, in the same run,
 * against one real redis-server: HGETALL of a hash of `--fields` fields (about 40 bytes each), read
 * `--runs` times by each client, alternating. Prints each client's median and spread in ms. It is
 * the figure behind core/resp.ts parsing a reply once however many chunks it comes in (parsing it
 * again from its start at each chunk took 8 s for 200,000 fields; ioredis 0.3 s).
 *
 *   npm run bench:redis [-- --fields 200000 --runs 5]
 */
import { parseArgs } from 'node:util';
import { Redis as IoRedis } from 'ioredis';
import { Redis } from '../core/redis.ts';
import { startRedis } from '../devkit/redis.ts';

const { values } = parseArgs({
  options: { fields: { type: 'string', default: '200000' }, runs: { type: 'string', default: '5' } },
});
const fields = Number(values.fields);
const runs = Number(values.runs);

const server = await startRedis();
const ioredis = new IoRedis(server.url);
const ours = new Redis(server.url, { connectTimeoutMs: 3_000, offlineQueue: false, retryStrategy: () => null });
try {
  await ours.connect();
  for (let start = 0; start < fields; start += 10_000) {
    const pairs: string[] = [];
    for (let i = start; i < Math.min(fields, start + 10_000); i++) pairs.push(`field-${i}`, `value-${i}-abcdefghij`);
    await ioredis.hset('bench:hash', ...pairs);
  }
  const times: Record<'pontual' | 'ioredis', number[]> = { pontual: [], ioredis: [] };
  for (let run = 0; run < runs; run++) {
    for (const [name, read] of [
      ['pontual', () => ours.hgetall('bench:hash')],
      ['ioredis', () => ioredis.hgetall('bench:hash')],
    ] as const) {
      const started = performance.now();
      const hash = await read();
      times[name].push(performance.now() - started);
      if (Object.keys(hash).length !== fields) throw new Error(`${name} read ${Object.keys(hash).length} fields, not ${fields}`);
    }
  }
  for (const [name, measured] of Object.entries(times)) {
    const sorted = measured.toSorted((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    console.log(
      `${name}: HGETALL of ${fields} fields, median ${median.toFixed(0)} ms, min ${sorted[0]?.toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms (${runs} runs)`,
    );
  }
} finally {
  ours.disconnect();
  ioredis.disconnect();
  await server.stop();
}
