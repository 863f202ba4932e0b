/**
 * Made-up values for every secret the suite handles, used as bait: tests put them wherever a
 * build, synth or run could pick them up (environment, build context) and then look for them in
 * what it produced (dist/, the Helm chart, the image's layers).
 */
import { open } from 'node:fs/promises';

export const SECRET_VALUES = {
  REDIS_URL: 'rediss://default:leaked-redis-password@db.example:25061',
  WMS_API_TOKEN: 'leaked-wms-token-7f3a',
  OMS_API_TOKEN: 'leaked-oms-token-9c1e',
} as const;

/** The parts of the secret values that must never appear (a password inside a URL counts on its own). */
export const SECRET_NEEDLES: readonly string[] = [...Object.values(SECRET_VALUES), 'leaked-redis-password'];

/**
 * Which needles a file holds, read in chunks (an image archive is hundreds of MB), with an overlap
 * so a needle split across two chunks is found.
 */
export async function secretsInFile(path: string, needles: readonly string[] = SECRET_NEEDLES): Promise<string[]> {
  const buffers = needles.map((needle) => Buffer.from(needle));
  const overlap = Math.max(...buffers.map((buffer) => buffer.length));
  const found = new Set<string>();
  const file = await open(path, 'r');
  try {
    const chunk = Buffer.alloc(8 * 1024 * 1024 + overlap);
    let carried = 0;
    for (;;) {
      const { bytesRead } = await file.read(chunk, carried, chunk.length - carried);
      const filled = carried + bytesRead;
      const view = chunk.subarray(0, filled);
      buffers.forEach((needle, index) => {
        if (view.includes(needle)) found.add(needles[index] ?? '');
      });
      if (bytesRead === 0) break;
      carried = Math.min(overlap, filled);
      chunk.copy(chunk, 0, filled - carried, filled);
    }
  } finally {
    await file.close();
  }
  return [...found];
}
