/**
 * Every process reads its environment through its declaration and refuses a bad value the same
 * way: exit 2, CONFIG_INVALID, one message naming the variable. Spawned as operators start them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../devkit/kube.ts';

function spawnProcess(args: readonly string[], env: Readonly<Record<string, string>>) {
  return spawnSync(process.execPath, args, { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 30_000 });
}

function lastJsonLine(text: string): Record<string, unknown> {
  return JSON.parse(text.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

const JOB_ENV = {
  REDIS_URL: 'redis://127.0.0.1:1',
  WMS_API_URL: 'http://127.0.0.1:1',
  WMS_API_TOKEN: 'x',
  OMS_API_URL: 'http://127.0.0.1:1',
  OMS_API_TOKEN: 'x',
};

test('a job with LOG_LEVEL=verbose exits 2 CONFIG_INVALID naming LOG_LEVEL', () => {
  const result = spawnProcess(['jobs/main.ts', 'embu-sla'], { ...JOB_ENV, LOG_LEVEL: 'verbose' });
  assert.equal(result.status, 2, result.stdout + result.stderr);
  const line = lastJsonLine(result.stdout);
  assert.equal(line.code, 'CONFIG_INVALID');
  assert.match(String(line.msg), /^LOG_LEVEL is invalid: expected one of fatal, error, warn, info, debug, trace, silent, got "verbose"$/u);
  assert.equal(line.err, undefined, 'no stack: the message says it all');
});

test('the status service with LOG_LEVEL=verbose exits 2 CONFIG_INVALID naming LOG_LEVEL', () => {
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'pontual-config-')), 'kubeconfig');
  writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\n');
  const result = spawnProcess(['status/main.ts'], { KUBECONFIG: kubeconfig, LOG_LEVEL: 'verbose' });
  assert.equal(result.status, 2, result.stdout + result.stderr);
  const line = lastJsonLine(result.stdout);
  assert.equal(line.code, 'CONFIG_INVALID');
  assert.equal(line.level, 'fatal');
  assert.match(String(line.time), /^\d{4}-\d\d-\d\dT/u, 'ISO time, the one log shape');
  assert.match(String(line.msg), /^LOG_LEVEL is invalid: expected one of .*, got "verbose"$/u);
  assert.equal(line.err, undefined, 'no stack: the message says it all');
});

test('the status service with a KUBECONFIG that is not YAML exits 2 with one line saying where, not the token beside it', () => {
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'pontual-config-')), 'kubeconfig');
  writeFileSync(kubeconfig, 'users:\n- name: u\n  user:\n    token: sha256~kube-token-3c9f\n  bad: [\n');
  const result = spawnProcess(['status/main.ts'], { KUBECONFIG: kubeconfig });
  assert.equal(result.status, 2, result.stdout + result.stderr);
  assert.equal(result.stdout.trim().split('\n').length, 1, result.stdout);
  const line = lastJsonLine(result.stdout);
  assert.match(String(line.msg), /^cannot load Kubernetes credentials from KUBECONFIG \(.*\): .*\(\d+:\d+\)$/u);
  assert.ok(!result.stdout.includes('kube-token-3c9f'), result.stdout);
});

test('the CLI with LOG_LEVEL=verbose exits 2 naming LOG_LEVEL', () => {
  const result = spawnProcess(['cli/main.ts', 'status'], { LOG_LEVEL: 'verbose', KUBECONFIG: '/nonexistent' });
  assert.equal(result.status, 2, result.stdout + result.stderr);
  assert.match(result.stderr, /^error: LOG_LEVEL is invalid: expected one of .*, got "verbose"\n$/u);
});

test('a REDIS_URL ioredis would throw on (a "%" that is no escape) exits 2 naming it in every process, never a crash', () => {
  const url = 'rediss://default:pass-9d3e%@db.example:25061';
  const problem = /^REDIS_URL is invalid: the user or password has a "%" that is not a percent-escape/u;
  const job = spawnProcess(['jobs/main.ts', 'embu-sla'], { ...JOB_ENV, REDIS_URL: url });
  assert.equal(job.status, 2, job.stdout + job.stderr);
  assert.equal(job.stderr, '', 'nothing past the logger');
  assert.match(String(lastJsonLine(job.stdout).msg), problem);

  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'pontual-config-')), 'kubeconfig');
  writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\n');
  const status = spawnProcess(['status/main.ts'], { KUBECONFIG: kubeconfig, REDIS_URL: url });
  assert.equal(status.status, 2, status.stdout + status.stderr);
  assert.match(String(lastJsonLine(status.stdout).msg), problem);

  const cli = spawnProcess(['cli/main.ts', 'history', 'embu-sla'], { REDIS_URL: url, KUBECONFIG: '/nonexistent' });
  assert.equal(cli.status, 2, cli.stdout + cli.stderr);
  assert.match(cli.stderr, /^error: REDIS_URL is invalid: the user or password has a "%"[^\n]*\n$/u);
  for (const output of [job.stdout, status.stdout, cli.stderr]) assert.ok(!output.includes('pass-9d3e'), output);
});
