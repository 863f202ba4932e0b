/**
 * The container image, built with podman by scripts/build-image.sh (docs/image.md) and run the way
 * the cluster runs it: `<image> <job-name>` as the restricted pods do (numeric non-root user,
 * read-only root filesystem with an emptyDir on /tmp, no capabilities, no privilege escalation),
 * against a real redis-server and the fixture APIs on the host's loopback. Also
 * `node status/main.mjs` from the same image; nothing in it but node, the libraries it links and
 * the two bundles with their chunks, and the zone files the status service's schedules read (no
 * shell, no node_modules, no CA bundle), in at most 150 MB; São Paulo time right from Node's ICU
 * data (the jobs) and in the zone files, TLS verification right without a CA bundle.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { JOB_NAMES } from '../../core/catalog.ts';
import { getProfile } from '../../infra/profiles.ts';
import { STATUS_NODE_FLAGS, STATUS_NODE_OPTIONS } from '../../status/environment.ts';
import { FIXTURE_AS_OF, startFixtureApi, type FixtureApi } from '../../devkit/fixture-api.ts';
import { freePort } from '../../devkit/ports.ts';
import { startRedis, type RedisServer } from '../../devkit/redis.ts';
import { SECRET_VALUES, secretsInFile } from '../../devkit/secret-values.ts';
import { dumpResults, ledgerEntries } from './jobs/support/spawn-job.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
/** PONTUAL_IMAGE_TAG lets two checkouts on one machine test their own builds side by side. */
const TAG = process.env.PONTUAL_IMAGE_TAG ?? PACKAGE.version;
const IMAGE = `localhost/pontual:${TAG}`;
/** Issue 15: the whole image, Node included. */
const MAX_IMAGE_BYTES = 150e6;
const PODMAN_ENV = { ...process.env, CONTAINERS_CONF: join(ROOT, 'devkit', 'containers.conf') };
/** Not in .dockerignore's allow-list: the build context never sends it. */
const BAIT_FILE = join(ROOT, '.env.image-test');
/** What the restricted pod security standard and the manifests impose on every pontual pod. */
const RESTRICTED = ['--read-only', '--tmpfs', '/tmp', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges'];

interface Exit {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion (killed after timeoutMs) and keeps its output for the message. */
async function run(command: string, args: readonly string[], timeoutMs: number, env: Readonly<Record<string, string>> = {}): Promise<Exit> {
  const child = spawn(command, args, { cwd: ROOT, env: { ...PODMAN_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  }).finally(() => {
    clearTimeout(timer);
  });
  if (code === null) throw new Error(`${command} ${args.join(' ')} was killed after ${timeoutMs} ms:\n${stdout}${stderr}`);
  return { code, stdout, stderr };
}

async function podman(args: readonly string[], timeoutMs = 60_000): Promise<Exit> {
  return run('podman', ['--runtime', 'runc', ...args], timeoutMs);
}

/** podman's own words when a call did not do what was expected. */
function explain(exit: Exit): string {
  return `exit ${String(exit.code)}\n--- stdout ---\n${exit.stdout}\n--- stderr ---\n${exit.stderr}`;
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

let redisServer: RedisServer;
let api: FixtureApi;
let redis: Redis;

before(
  async () => {
    redisServer = await startRedis();
    api = await startFixtureApi();
    redis = new Redis(redisServer.url);
    if (spawnSync('sh', ['-c', 'command -v podman']).status !== 0) {
      throw new Error('podman is not installed: run `npm run setup` (apt-get install podman runc debootstrap)');
    }
    // Cold (first time on a machine): about a minute; then podman's layer cache makes it seconds.
    // Bait: secret values in the build's environment and a .env in the build context must not
    // reach any layer (the last test scans them).
    writeFileSync(
      BAIT_FILE,
      Object.entries(SECRET_VALUES)
        .map(([name, value]) => `${name}=${value}\n`)
        .join(''),
    );
    try {
      const build = await run('bash', ['scripts/build-image.sh', TAG], 20 * 60_000, SECRET_VALUES);
      assert.equal(build.code, 0, `scripts/build-image.sh failed:\n${explain(build)}`);
    } finally {
      rmSync(BAIT_FILE, { force: true });
    }
  },
  { timeout: 25 * 60_000 },
);

after(async () => {
  redis.disconnect();
  await api.close();
  await redisServer.stop();
});

test('the image runs as the numeric non-root user 10001 on a read-only root with a writable /tmp', async () => {
  const user = await podman(['image', 'inspect', '--format', '{{.Config.User}}', IMAGE]);
  assert.equal(user.stdout.trim(), '10001:10001', explain(user));
  // No shell or coreutils in the image: node itself reports.
  const probe = [
    'const fs = require("node:fs");',
    'const write = (path) => { try { fs.writeFileSync(path, "x"); return "written"; } catch (error) { return error.code; } };',
    'console.log(JSON.stringify({ uid: process.getuid(), gid: process.getgid(), app: write("/app/probe"), root: write("/probe"), tmp: write("/tmp/probe") }));',
  ].join(' ');
  const exit = await podman(['run', '--rm', ...RESTRICTED, '--entrypoint', 'node', IMAGE, '-e', probe]);
  assert.equal(exit.code, 0, explain(exit));
  assert.deepEqual(JSON.parse(exit.stdout), { uid: 10001, gid: 10001, app: 'EROFS', root: 'EROFS', tmp: 'written' });
});

test("the status service's heap is its share of the container's memory limit: a larger limit is a larger heap", async () => {
  const heapLimitMiB = async (memory: string): Promise<number> => {
    const exit = await podman([
      'run',
      '--rm',
      ...RESTRICTED,
      '--memory',
      memory,
      '--memory-swap',
      memory,
      '--env',
      `NODE_OPTIONS=${STATUS_NODE_OPTIONS}`,
      '--entrypoint',
      'node',
      IMAGE,
      ...STATUS_NODE_FLAGS,
      '-e',
      'console.log(require("node:v8").getHeapStatistics().heap_size_limit / 2 ** 20)',
    ]);
    assert.equal(exit.code, 0, explain(exit));
    return Number(exit.stdout.trim());
  };
  const production = await heapLimitMiB(getProfile('production').status.resources.limits.memory.replace('Mi', 'm'));
  const larger = await heapLimitMiB('600m');
  // Old space plus the two semi-spaces: about the 96 MiB measured, within the 224Mi limit.
  assert.ok(production > 90 && production < 120, `at the production limit: ${String(production)} MiB`);
  assert.ok(larger > 2 * production, `at 600m: ${String(larger)} MiB`);
});

test('embu-sla runs from the image as a restricted pod and writes the SLA days to Redis', async () => {
  await redis.flushall();
  const env = { ...api.env, REDIS_URL: redisServer.url, JOB_AS_OF: FIXTURE_AS_OF };
  const exit = await podman([
    'run',
    '--rm',
    '--network',
    'host',
    ...RESTRICTED,
    ...Object.entries(env).flatMap(([name, value]) => ['--env', `${name}=${value}`]),
    IMAGE,
    'embu-sla',
  ]);
  assert.equal(exit.code, 0, explain(exit));
  assert.equal(jsonLines(exit.stdout).at(-1)?.outcome, 'succeeded', exit.stdout);

  // The fixtures' Embu days as of Monday 2026-11-23 15:00 (docs/jobs.md, sla-job.test.ts).
  const results = await dumpResults(redis);
  assert.deepEqual(Object.keys(results), [
    'pontual:sla:embu:day:2026-11-21',
    'pontual:sla:embu:day:2026-11-21:operators',
    'pontual:sla:embu:day:2026-11-23',
    'pontual:sla:embu:day:2026-11-23:operators',
  ]);
  assert.deepEqual(results['pontual:sla:embu:day:2026-11-21'], {
    warehouse: 'embu',
    date: '2026-11-21',
    cutoff: '14:00',
    orders: '4',
    onTime: '2',
    late: '2',
    pending: '0',
    cancelled: '1',
    slaPercent: '50.00',
  });
  assert.deepEqual(results['pontual:sla:embu:day:2026-11-23'], {
    warehouse: 'embu',
    date: '2026-11-23',
    cutoff: '14:00',
    orders: '4',
    onTime: '2',
    late: '0',
    pending: '2',
    cancelled: '0',
    slaPercent: '100.00',
  });
  const ledger = await ledgerEntries(redis, 'embu-sla');
  assert.deepEqual(
    ledger.map((entry) => [entry.outcome, entry.exitCode]),
    [['succeeded', 0]],
  );
});

test('a job stopped by `podman stop` (SIGTERM to node as PID 1) cleans up and exits 143', async () => {
  await redis.flushall();
  const name = `pontual-image-job-${process.pid}`;
  const env = { ...api.env, REDIS_URL: redisServer.url, JOB_AS_OF: FIXTURE_AS_OF };
  api.setDelay('wms', 60_000);
  try {
    const started = await podman([
      'run',
      '--detach',
      '--name',
      name,
      '--network',
      'host',
      ...RESTRICTED,
      ...Object.entries(env).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
      IMAGE,
      'embu-sla',
    ]);
    assert.equal(started.code, 0, explain(started));
    await waitForLog(name, 'run started');
    const stopped = await podman(['stop', '--time', '30', name]);
    assert.equal(stopped.code, 0, explain(stopped));
    const state = await podman(['inspect', '--format', '{{.State.ExitCode}}', name]);
    assert.equal(state.stdout.trim(), '143', explain(await podman(['logs', name])));
    assert.equal(await redis.exists('pontual:lock:embu-sla'), 0, 'the lock is released');
    const ledger = await ledgerEntries(redis, 'embu-sla');
    assert.deepEqual(
      ledger.map((entry) => [entry.outcome, entry.exitCode]),
      [['terminated', 143]],
    );
  } finally {
    api.setDelay('wms', 0);
    await podman(['rm', '--force', name]);
  }
});

test('an unknown job name exits 2 and lists the valid jobs', async () => {
  const exit = await podman(['run', '--rm', ...RESTRICTED, IMAGE, 'embu-slaa']);
  assert.equal(exit.code, 2, explain(exit));
  const line = jsonLines(exit.stdout).at(-1);
  assert.equal(line?.code, 'JOB_UNKNOWN', exit.stdout);
  assert.equal(line.msg, `unknown job "embu-slaa"; valid jobs: ${JOB_NAMES.join(', ')}`);
});

test("every job's code loads from the image's dependencies (unset config then exits 2 naming the variable)", async () => {
  for (const job of JOB_NAMES) {
    const exit = await podman(['run', '--rm', ...RESTRICTED, IMAGE, job]);
    const line = jsonLines(exit.stdout).at(-1);
    // A missing module would be exit 1 with ERR_MODULE_NOT_FOUND before the runtime says anything.
    assert.equal(exit.code, 2, `${job}: ${explain(exit)}`);
    assert.equal(line?.job, job, exit.stdout);
    assert.equal(line.code, 'CONFIG_INVALID', exit.stdout);
    assert.match(String(line.msg), /^REDIS_URL is required/u);
  }
});

test("a job pod starts from the image's compile cache, read-only, as uid 10001", async () => {
  // Node keys the cache by uid and writes it 0600: a cache filled by another user is silently
  // ignored and start-up doubles, so check the runtime user really reads it.
  const exit = await podman(['run', '--rm', ...RESTRICTED, '-e', 'NODE_DEBUG_NATIVE=COMPILE_CACHE', IMAGE, 'embu-sla']);
  assert.equal(exit.code, 2, explain(exit));
  const debug = exit.stdout + exit.stderr;
  assert.doesNotMatch(debug, /Cannot create cache directory/, debug);
  // A job is one file (scripts/bundle.ts): the entrypoint with every job's code.
  assert.match(debug, /reading cache from \S+ for ESM file:\/\/\/app\/jobs\/main\.mjs\.\.\..*\.\.\. success/u, 'jobs/main.mjs not read from the compile cache');
  assert.doesNotMatch(debug, /for ESM file:\/\/\/app\/chunks\//u, 'a job loads no chunk');
});

test('the image holds only node, the libraries it links, the bundles and the zone files, in at most 150 MB', async () => {
  // Everything but the kernel's and the runtime's mounts (/proc, /sys, /dev, /run, /etc/hosts...).
  const probe = [
    'const fs = require("node:fs");',
    'const files = (dir) => fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => !entry.isDirectory()).map((entry) => `${entry.parentPath}/${entry.name}`.replace("//", "/"));',
    'console.log(JSON.stringify(["/app", "/usr", "/lib", "/lib64", "/etc"].flatMap((dir) => fs.existsSync(dir) ? files(dir) : []).sort()));',
  ].join(' ');
  const exit = await podman(['run', '--rm', ...RESTRICTED, '--entrypoint', 'node', IMAGE, '-e', probe]);
  assert.equal(exit.code, 0, explain(exit));
  const files = (JSON.parse(exit.stdout) as string[]).filter((file) => !file.startsWith('/app/.compile-cache/'));
  const app = files.filter((file) => file.startsWith('/app/')).map((file) => file.slice('/app/'.length));
  assert.deepEqual(
    app.filter((file) => file.includes('node_modules') || file.endsWith('.ts')),
    [],
    'no dependencies, no sources',
  );
  assert.deepEqual([...new Set(app.map((file) => file.split('/')[0]))].sort(), ['chunks', 'jobs', 'status']);
  assert.ok(app.includes('jobs/main.mjs') && app.includes('status/main.mjs'), app.join(', '));
  const system = files.filter((file) => !file.startsWith('/app/'));
  // podman bind-mounts these over the image's own (or puts them there).
  const runtime = new Set(['/etc/hosts', '/etc/resolv.conf', '/etc/hostname', '/etc/mtab']);
  const unexpected = system.filter(
    (file) =>
      !runtime.has(file) &&
      file !== '/usr/local/bin/node' &&
      !/^\/lib(64)?\/.*\.so\.\d+$/u.test(file) &&
      !/^\/etc\/(passwd|group|nsswitch\.conf)$/u.test(file) &&
      !/^\/usr\/share\/zoneinfo\/(?!right\/|posix\/)/u.test(file),
  );
  assert.deepEqual(unexpected, [], 'no shell, no package manager, no CA bundle');
  for (const lib of ['libc.so.6', 'libstdc++.so.6', 'libm.so.6', 'libgcc_s.so.1', 'ld-linux-x86-64.so.2']) {
    assert.ok(
      system.some((file) => file.endsWith(`/${lib}`)),
      `${lib} in ${system.join(', ')}`,
    );
  }

  const size = await podman(['image', 'inspect', '--format', '{{.Size}}', IMAGE]);
  assert.equal(size.code, 0, explain(size));
  const bytes = Number(size.stdout.trim());
  assert.ok(bytes > 100e6 && bytes <= MAX_IMAGE_BYTES, `the image is ${(bytes / 1e6).toFixed(1)} MB (at most ${MAX_IMAGE_BYTES / 1e6})`);
});

test("São Paulo time is right in the image: from Node's own ICU data (the jobs) and in the zone file the status service reads", async () => {
  // 2018-12-01 was in Brazil's last daylight-saving season (UTC-2); it was abolished in 2019, so
  // 2026-01-15 is UTC-3: a fixed offset or a wrong tz database gets one of them wrong.
  const probe = [
    'const fs = require("node:fs");',
    'const at = (iso) => new Intl.DateTimeFormat("en-GB", { timeZone: "America/Sao_Paulo", timeZoneName: "longOffset", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));',
    'const local = (iso) => { const date = new Date(iso); return `${date.getHours()}:${date.getTimezoneOffset()}`; };',
    'const tzif = fs.readFileSync("/usr/share/zoneinfo/America/Sao_Paulo");',
    'const zoneinfo = `${tzif.toString("latin1", 0, 4)} ${tzif.toString("latin1").trimEnd().split("\\n").at(-1)}`;',
    'console.log(JSON.stringify({ zoneinfo, dst: at("2018-12-01T12:00:00Z"), now: at("2026-01-15T12:00:00Z"), tzEnv: [local("2018-12-01T12:00:00Z"), local("2026-01-15T12:00:00Z")], zone: Intl.DateTimeFormat().resolvedOptions().timeZone }));',
  ].join(' ');
  const exit = await podman(['run', '--rm', ...RESTRICTED, '--env', 'TZ=America/Sao_Paulo', '--entrypoint', 'node', IMAGE, '-e', probe]);
  assert.equal(exit.code, 0, explain(exit));
  assert.deepEqual(JSON.parse(exit.stdout), {
    // A TZif file whose rule after its last transition is UTC-3 all year (core/schedule/tzif-zone.ts reads it).
    zoneinfo: 'TZif <-03>3',
    dst: '10:00 GMT-02:00',
    now: '09:00 GMT-03:00',
    tzEnv: ['10:120', '9:180'],
    zone: 'America/Sao_Paulo',
  });
  // Without TZ the process zone is UTC, named: ICU never scans /usr/share/zoneinfo for it (docs/image.md).
  const bare = await podman([
    'run',
    '--rm',
    ...RESTRICTED,
    '--entrypoint',
    'node',
    IMAGE,
    '-e',
    'console.log(process.env.TZ, new Date(0).getTimezoneOffset())',
  ]);
  assert.equal(bare.stdout.trim(), 'UTC 0', explain(bare));
});

test("TLS to a real server verifies in the image against Node's own CA store", async () => {
  // registry.npmjs.org is the one public TLS server the project's machines reach. Behind a
  // TLS-inspecting proxy (these machines) its chain ends at the proxy's CA, which only the host's
  // bundle holds: then the image must refuse it by itself and accept it with that bundle added
  // (NODE_EXTRA_CA_CERTS, as a pod would for a company CA). Without a proxy, it must verify alone.
  const host = 'registry.npmjs.org';
  const probe = [
    'const socket = require("node:tls").connect({ host: process.argv[1], port: 443, servername: process.argv[1] });',
    'socket.once("secureConnect", () => { console.log(JSON.stringify({ ok: true, roots: require("node:tls").rootCertificates.length })); socket.destroy(); });',
    'socket.once("error", (error) => { console.log(JSON.stringify({ ok: false, code: error.code })); });',
    'socket.setTimeout(20000, () => { console.log(JSON.stringify({ ok: false, code: "TIMEOUT" })); socket.destroy(); });',
  ].join(' ');
  const tls = (extra: readonly string[]) =>
    podman(['run', '--rm', '--network', 'host', ...RESTRICTED, ...extra, '--entrypoint', 'node', IMAGE, '-e', probe, host]);
  const intercepted = await hostSeesPrivateRoot(host);
  const alone = await tls([]);
  assert.equal(alone.code, 0, explain(alone));
  const result = JSON.parse(alone.stdout) as { ok: boolean; code?: string; roots?: number };
  if (!intercepted) {
    assert.equal(result.ok, true, alone.stdout);
    assert.ok((result.roots ?? 0) > 100, `Node's store holds ${String(result.roots)} roots`);
    return;
  }
  assert.deepEqual(result, { ok: false, code: 'SELF_SIGNED_CERT_IN_CHAIN' }, 'a chain to a private root is refused');
  const bundle = process.env.NODE_EXTRA_CA_CERTS ?? '/etc/ssl/certs/ca-certificates.crt';
  const withBundle = await tls(['--volume', `${bundle}:/etc/pontual/extra-ca.crt:ro`, '--env', 'NODE_EXTRA_CA_CERTS=/etc/pontual/extra-ca.crt']);
  assert.equal(withBundle.code, 0, explain(withBundle));
  assert.equal((JSON.parse(withBundle.stdout) as { ok: boolean }).ok, true, withBundle.stdout);
});

/** Whether this machine reaches `host` through a TLS-inspecting proxy: its chain does not verify against Node's bundled roots alone. */
async function hostSeesPrivateRoot(host: string): Promise<boolean> {
  const { connect, rootCertificates } = await import('node:tls');
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port: 443, servername: host, ca: [...rootCertificates] });
    socket.once('secureConnect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'SELF_SIGNED_CERT_IN_CHAIN' || error.code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY') resolve(true);
      else reject(error);
    });
  });
}

test('the status service runs from the same image: probes and metrics answer, SIGTERM drains and exits 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pontual-image-'));
  const name = `pontual-image-test-${process.pid}`;
  const port = await freePort();
  // An API server that refuses connections: the service must still serve, unready, and retry.
  writeFileSync(join(dir, 'kubeconfig'), kubeconfigFor(`https://127.0.0.1:${await freePort()}`));
  try {
    const started = await podman([
      'run',
      '--detach',
      '--name',
      name,
      '--network',
      'host',
      ...RESTRICTED,
      '--volume',
      `${join(dir, 'kubeconfig')}:/etc/pontual/kubeconfig:ro`,
      '--env',
      'KUBECONFIG=/etc/pontual/kubeconfig',
      '--env',
      `PORT=${port}`,
      '--env',
      'HOST=127.0.0.1',
      '--entrypoint',
      'node',
      IMAGE,
      'status/main.mjs',
    ]);
    assert.equal(started.code, 0, explain(started));

    const healthz = await fetchWhenUp(`http://127.0.0.1:${port}/healthz`, name);
    assert.equal(healthz.status, 200);
    const readyz = await fetch(`http://127.0.0.1:${port}/readyz`);
    assert.equal(readyz.status, 503, 'not ready before the first sync with the Kubernetes API');
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    assert.match(metrics, /^process_cpu_user_seconds_total /mu);

    const stopped = await podman(['stop', '--time', '30', name]);
    assert.equal(stopped.code, 0, explain(stopped));
    const state = await podman(['inspect', '--format', '{{.State.ExitCode}}', name]);
    assert.equal(state.stdout.trim(), '0', `status service exit code after SIGTERM\n${(await podman(['logs', name])).stdout}`);
  } finally {
    await podman(['rm', '--force', name]);
    rmSync(dir, { recursive: true, force: true });
  }
});

async function waitForLog(container: string, msgPrefix: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const logs = await podman(['logs', container]);
    if (jsonLines(logs.stdout).some((line) => typeof line.msg === 'string' && line.msg.startsWith(msgPrefix))) return;
    if (Date.now() > deadline) throw new Error(`${container} did not log "${msgPrefix}" within 30 s:\n${explain(logs)}`);
    await sleep(200);
  }
}

async function fetchWhenUp(url: string, container: string): Promise<Response> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) {
        const logs = await podman(['logs', container]);
        throw new Error(`${url} did not answer within 30 s:\n${explain(logs)}`, { cause: error });
      }
      await sleep(200);
    }
  }
}

function kubeconfigFor(server: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters: [{ name: test, cluster: { server: "' + server + '", insecure-skip-tls-verify: true } }]',
    'users: [{ name: test, user: { token: test } }]',
    'contexts: [{ name: test, context: { cluster: test, user: test } }]',
    'current-context: test',
    '',
  ].join('\n');
}

test('no secret value is in any layer or the config of the image (built with them in its environment and context)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pontual-image-save-'));
  try {
    const archive = join(dir, 'image.tar');
    // docker-archive: the config and every layer as an uncompressed tar, so bytes are searchable.
    const saved = await podman(['save', '--format', 'docker-archive', '--output', archive, IMAGE], 5 * 60_000);
    assert.equal(saved.code, 0, explain(saved));
    assert.ok(statSync(archive).size > 50 * 1024 * 1024, 'the archive holds the layers');
    assert.deepEqual(await secretsInFile(archive), []);
    const history = await podman(['history', '--no-trunc', '--format', '{{.CreatedBy}}', IMAGE]);
    for (const value of Object.values(SECRET_VALUES)) assert.equal(history.stdout.includes(value), false, 'build history');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
