import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { waitFor } from './kube.ts';
import { freePort } from './ports.ts';

/**
 * Debian's Prometheus and Alertmanager as test processes on free loopback ports, each in its own
 * temp dir with its log file. Missing binaries fail with the setup instruction, never skip.
 */

export interface LoggedProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly dir: string;
  log(): string;
  stop(): Promise<void>;
}

function requireBinary(path: string, pkg: string): void {
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run setup (apt-get install ${pkg})`);
}

async function httpOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

async function startLogged(name: string, binary: string, args: (dir: string, port: number) => string[], dir: string): Promise<LoggedProcess> {
  const port = await freePort();
  const logPath = join(dir, `${name}.log`);
  const fd = openSync(logPath, 'w');
  const child = spawn(binary, args(dir, port), { stdio: ['ignore', fd, fd], env: { PATH: process.env.PATH ?? '' } });
  closeSync(fd);
  const url = `http://127.0.0.1:${port}`;
  const log = (): string => (existsSync(logPath) ? readFileSync(logPath, 'utf8').slice(-4000) : '');
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  const stop = async (): Promise<void> => {
    if (running()) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5_000)]);
      if (running()) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(() => !running() || httpOk(`${url}/-/ready`), { timeoutMs: 60_000, what: `${name} to be ready` });
    if (!running()) throw new Error(`${name} exited: ${log()}`);
  } catch (error) {
    await stop();
    throw new Error(`${name} did not start: ${log()}`, { cause: error });
  }
  return { child, url, dir, log, stop };
}

export interface PrometheusOptions {
  /** Rules file contents by file name. */
  readonly rules?: Readonly<Record<string, string>>;
  readonly scrapeConfigs: readonly Record<string, unknown>[];
  /** host:port of Alertmanagers to send alerts to. */
  readonly alertmanagers?: readonly string[];
  /** Scrape and evaluation interval; 1s by default so tests do not wait. */
  readonly interval?: string;
}

export interface Prometheus extends LoggedProcess {
  /** Instant query; `time` in Unix seconds. */
  query(expr: string, time?: number): Promise<PromSample[]>;
}

export interface PromSample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

export async function startPrometheus(options: PrometheusOptions): Promise<Prometheus> {
  requireBinary('/usr/bin/prometheus', 'prometheus');
  const dir = mkdtempSync(join(tmpdir(), 'pontual-prometheus-'));
  const ruleFiles = Object.entries(options.rules ?? {}).map(([file, content]) => {
    writeFileSync(join(dir, file), content);
    return join(dir, file);
  });
  const interval = options.interval ?? '1s';
  const config: Record<string, unknown> = {
    global: { scrape_interval: interval, evaluation_interval: interval },
    rule_files: ruleFiles,
    scrape_configs: options.scrapeConfigs,
  };
  if (options.alertmanagers !== undefined) {
    config.alerting = { alertmanagers: [{ static_configs: [{ targets: options.alertmanagers }] }] };
  }
  writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
  mkdirSync(join(dir, 'data'));
  const started = await startLogged(
    'prometheus',
    '/usr/bin/prometheus',
    (workDir, port) => [
      `--config.file=${join(workDir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(workDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    dir,
  );
  const query = async (expr: string, time?: number): Promise<PromSample[]> => {
    const params = new URLSearchParams({ query: expr, ...(time === undefined ? {} : { time: String(time) }) });
    const response = await fetch(`${started.url}/api/v1/query?${params.toString()}`);
    const body = (await response.json()) as { status: string; error?: string; data?: { resultType: string; result: unknown } };
    if (body.status !== 'success' || body.data === undefined) throw new Error(`Prometheus query ${expr}: ${body.error ?? response.statusText}`);
    const { resultType, result } = body.data;
    if (resultType === 'vector') return result as PromSample[];
    // A scalar answers as [time, value]: one sample without labels.
    return [{ metric: {}, value: result as [number, string] }];
  };
  return { ...started, query };
}

export async function startAlertmanager(configYaml: string): Promise<LoggedProcess> {
  requireBinary('/usr/bin/prometheus-alertmanager', 'prometheus-alertmanager');
  const dir = mkdtempSync(join(tmpdir(), 'pontual-alertmanager-'));
  writeFileSync(join(dir, 'alertmanager.yml'), configYaml);
  mkdirSync(join(dir, 'data'));
  const clusterPort = await freePort();
  return startLogged(
    'alertmanager',
    '/usr/bin/prometheus-alertmanager',
    (workDir, port) => [
      `--config.file=${join(workDir, 'alertmanager.yml')}`,
      `--storage.path=${join(workDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // A single instance: no gossip peers, but the listener still needs a free port.
      `--cluster.listen-address=127.0.0.1:${clusterPort}`,
    ],
    dir,
  );
}
