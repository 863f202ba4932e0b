import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { PontualError } from '../../../core/errors.ts';
import type { CliContext } from '../../../cli/cli-context.ts';
import { runCli } from '../../../cli/run-cli.ts';

function context(kube: CliContext['kube']): { context: CliContext; stdout: () => string; stderr: () => string } {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  err.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    context: { stdout: out, stderr: err, env: {}, now: () => new Date('2026-11-30T13:00:00Z'), sleep: () => Promise.resolve(), pollIntervalMs: 0, kube },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

const noCluster: CliContext['kube'] = () => assert.fail('this command must not touch the cluster');

test('help prints the commands and the exit codes, exit 0', async () => {
  const cli = context(noCluster);
  assert.equal(await runCli(['--help'], cli.context), 0);
  assert.match(cli.stdout(), /kubectl pontual run <job> \[--wait\] \[--follow\]/);
  assert.match(cli.stdout(), /Exit codes:\n {2}0 {2}ok/);
  const one = context(noCluster);
  assert.equal(await runCli(['why', '--help'], one.context), 0);
  assert.match(one.stdout(), /^Usage: kubectl pontual why <job>/);
});

test('a usage error is one line on stderr and exit 2, before any cluster call', async () => {
  const cli = context(noCluster);
  assert.equal(await runCli(['resume'], cli.context), 2);
  assert.equal(cli.stderr(), 'error: "resume" needs a job name: kubectl pontual resume <job> (see `kubectl pontual resume --help`)\n');
  assert.equal(cli.stdout(), '');
});

test('a cluster that cannot be reached or refuses is exit 3 with the message as is', async () => {
  const unreachable = context(() => {
    throw new PontualError('KUBE_UNAVAILABLE', 'cannot reach the Kubernetes API (context "c", server https://x): ECONNREFUSED');
  });
  assert.equal(await runCli(['status'], unreachable.context), 3);
  assert.equal(unreachable.stderr(), 'error: cannot reach the Kubernetes API (context "c", server https://x): ECONNREFUSED\n');
});

test('an unexpected error is exit 1', async () => {
  const broken = context(() => {
    throw new TypeError('boom');
  });
  assert.equal(await runCli(['why', 'embu-sla'], broken.context), 1);
  assert.equal(broken.stderr(), 'error: boom\n');
});
