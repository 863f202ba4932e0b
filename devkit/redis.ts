import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createConnection } from 'node:net';
import { freePort } from './ports.ts';

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** Stops the server for good and removes its directory. */
  stop(): Promise<void>;
  /** Stops the server (SIGTERM: a clean shutdown; SIGKILL: a crash), keeping port and data directory. */
  halt(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same port, with whatever its persistence kept. */
  resume(): Promise<void>;
}

export interface RedisOptions {
  /** Append-only file with fsync on every write, as a managed Redis persists: data survives halt(). */
  readonly persistent?: boolean;
  readonly requirePass?: string;
  /** Listen there too and put it in the URL: pods on the test node reach the host at its gateway. */
  readonly host?: string;
}

/**
 * Starts a real redis-server on a free loopback port, in a temp dir, without persistence unless
 * asked; with `requirePass`, clients must AUTH (as a managed database demands). Fails with what
 * to install when redis-server is missing: a tier is never silently skipped.
 */
export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  const which = spawnSync('sh', ['-c', 'command -v redis-server']);
  if (which.status !== 0) {
    throw new Error('redis-server is not installed: run `npm run setup` (apt-get install redis-server)');
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'pontual-redis-'));
  const persistence = options.persistent === true ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  let child = await launch(port, dir, persistence, options.requirePass, options.host);
  const halt = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    if (!isRunning(child)) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await Promise.race([exited, sleep(5_000, undefined, { ref: false })]);
    if (isRunning(child)) child.kill('SIGKILL');
  };
  return {
    url: `redis://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    halt,
    async resume() {
      if (isRunning(child)) return;
      child = await launch(port, dir, persistence, options.requirePass, options.host);
    },
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function launch(
  port: number,
  dir: string,
  persistence: readonly string[],
  requirePass: string | undefined,
  host: string | undefined,
): Promise<ChildProcess> {
  // Only the test's own pods reach the node's gateway: no password needed there.
  const gateway = host === undefined ? [] : [host, '--protected-mode', 'no'];
  const child: ChildProcess = spawn(
    'redis-server',
    // DEBUG SLEEP plays a slow Redis in tests; it is off by default since Redis 7 (local only here).
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      ...gateway,
      '--save',
      '',
      ...persistence,
      '--dir',
      dir,
      '--enable-debug-command',
      'local',
      ...(requirePass === undefined ? [] : ['--requirepass', requirePass]),
    ],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 10_000;
  while (!(await canConnect(port))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start on port ${port}`);
    }
    await sleep(50);
  }
  return child;
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

async function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}
