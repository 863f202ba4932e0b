/**
 * Which pages of the node binary a running process has resident, and whose code or data they
 * are: `npx node bench/binary-pages.ts <pid>` (as root or the process' owner; needs `nm`). Reads
 * /proc/<pid>/maps and /proc/<pid>/pagemap (the present bit of each page of the binary's
 * mappings) and names each page by the symbol at its end (`nm -S -C`): ICU data, TurboFan, Maglev,
 * OpenSSL... The status service's figures in docs/status.md ("Where the memory goes") come from
 * it. A page holding several symbols is counted once, for the last one, which is enough to tell
 * the families apart.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readlinkSync, readSync } from 'node:fs';

const PAGE = 4096;
const pid = Number(process.argv[2]);
if (!Number.isInteger(pid) || pid <= 0) throw new Error('usage: node bench/binary-pages.ts <pid>');

const FAMILIES: readonly (readonly [string, string])[] = [
  ['icudt', 'ICU data'],
  ['icu_', 'ICU code'],
  ['compiler::', 'V8 TurboFan/Turboshaft'],
  ['maglev', 'V8 Maglev'],
  ['baseline', 'V8 Sparkplug'],
  ['wasm', 'V8 wasm'],
  ['v8::internal::interpreter', 'V8 interpreter'],
  ['Scaveng', 'V8 GC'],
  ['v8::internal::Heap', 'V8 GC'],
  ['v8::', 'V8 other'],
  ['Builtins_', 'V8 builtins'],
  ['ossl', 'OpenSSL'],
  ['EVP_', 'OpenSSL'],
  ['SSL', 'OpenSSL'],
  ['X509', 'OpenSSL'],
  ['nghttp', 'nghttp2'],
  ['uv_', 'libuv'],
  ['simdjson', 'simdjson'],
  ['ada::', 'ada'],
  ['ares_', 'c-ares'],
  ['node::', 'node'],
];

const binary = readlinkSync(`/proc/${String(pid)}/exe`);
// The binary as this process sees it (a container's /usr/local/bin/node is under its root).
const onDisk = `/proc/${String(pid)}/root${binary}`;
const symbols = execFileSync('nm', ['-S', '-C', '--defined-only', onDisk], { encoding: 'utf8', maxBuffer: 1 << 30 })
  .split('\n')
  .map((line) => /^([0-9a-f]+) [0-9a-f]+ \S (.*)$/u.exec(line))
  .filter((match) => match !== null)
  .map((match) => ({ address: parseInt(match[1] ?? '0', 16), name: match[2] ?? '' }))
  .sort((a, b) => a.address - b.address);

function family(address: number): string {
  let low = 0;
  let high = symbols.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((symbols[middle]?.address ?? 0) <= address) low = middle;
    else high = middle - 1;
  }
  const name = symbols[low]?.name ?? '';
  return FAMILIES.find(([needle]) => name.includes(needle))?.[1] ?? 'other (tables, unnamed data, libc++)';
}

const pages = new Map<string, number>();
const pagemap = openSync(`/proc/${String(pid)}/pagemap`, 'r');
try {
  for (const line of readFileSync(`/proc/${String(pid)}/maps`, 'utf8').split('\n')) {
    const fields = line.split(/\s+/u);
    if (fields[5] !== binary) continue;
    const [start = 0, end = 0] = (fields[0] ?? '').split('-').map((hex) => parseInt(hex, 16));
    const entries = Buffer.alloc(((end - start) / PAGE) * 8);
    readSync(pagemap, entries, 0, entries.length, (start / PAGE) * 8);
    for (let page = 0; page < entries.length / 8; page++) {
      if ((entries.readBigUInt64LE(page * 8) & (1n << 63n)) === 0n) continue;
      const name = family(start + page * PAGE + PAGE - 1);
      pages.set(name, (pages.get(name) ?? 0) + 1);
    }
  }
} finally {
  closeSync(pagemap);
}
const mib = (count: number): string => ((count * PAGE) / 1024 / 1024).toFixed(1);
console.log(`${binary}: ${mib([...pages.values()].reduce((sum, count) => sum + count, 0))} MiB resident in process ${String(pid)}`);
for (const [name, count] of [...pages].sort((a, b) => b[1] - a[1])) console.log(`  ${mib(count).padStart(6)} MiB  ${name}`);
