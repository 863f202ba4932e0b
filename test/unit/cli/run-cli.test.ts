import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { PontualError } from '../../../core/errors.ts';
import type { CliContext } from '../../../cli/cli-context.ts';
import { COMMANDS, parseCliArgs } from '../../../cli/parse-args.ts';
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
  assert.match(cli.stdout(), /\n {2}backfill {5}run each missed schedule time/);
  assert.match(cli.stdout(), /Exit codes:\n {2}0 {2}ok/);
  const one = context(noCluster);
  assert.equal(await runCli(['why', '--help'], one.context), 0);
  assert.match(one.stdout(), /\nUsage:\n {2}kubectl pontual why <job>/);
});

test('every command has --help with its usage and at least one example that parses', async () => {
  for (const command of COMMANDS) {
    const cli = context(noCluster);
    assert.equal(await runCli([command, '--help'], cli.context), 0, command);
    const help = cli.stdout();
    assert.match(help, new RegExp(`Usage:\\n {2}kubectl pontual ${command}`, 'u'), command);
    const examples =
      help
        .split('Examples:\n')[1]
        ?.split('\n\n')[0]
        ?.split('\n')
        .filter((line) => line.startsWith('  kubectl pontual ')) ?? [];
    assert.ok(examples.length > 0, `${command} has examples`);
    for (const example of examples) {
      // The shell parts (pipes, redirections, quotes) are not the plugin's arguments.
      // The shell expands "$REDIS_URL" before the plugin sees it (and the plugin checks the URL it gets).
      const argv = (example.trim().split(/ [|>]/u)[0] ?? '')
        .replace(/^kubectl pontual /u, '')
        .split(' ')
        .map((word) => word.replace(/^"|"$/gu, '').replace('$REDIS_URL', 'redis://127.0.0.1:6379'));
      assert.doesNotThrow(() => parseCliArgs(argv), `${command} example: ${example}`);
    }
  }
});

test('logs, completion and version refuse what does not apply to them (exit 2), before any cluster call', async () => {
  for (const [argv, message] of [
    [['logs', 'embu-sla', '-o', 'json'], /"logs" prints no data: -o does not apply to it/],
    [['completion', 'bash', '-o', 'yaml'], /"completion" prints no data/],
    [['completion', 'bash', '-n', 'pontual'], /--namespace does not apply to "completion"/],
    [['version', '-o', 'wide'], /-o must be one of json, yaml for "version", got "wide"/],
    [['why', 'embu-sla', '-A'], /-A\/--all-namespaces only applies to "status"/],
  ] as const) {
    const cli = context(noCluster);
    assert.equal(await runCli([...argv], cli.context), 2, argv.join(' '));
    assert.match(cli.stderr(), message);
  }
});

test('completion prints a script for each shell; __complete offers commands, flags, formats and job names', async () => {
  for (const shell of ['bash', 'zsh', 'fish']) {
    const cli = context(noCluster);
    assert.equal(await runCli(['completion', shell], cli.context), 0);
    assert.match(cli.stdout(), /kubectl-pontual __complete/);
  }
  const complete = async (...words: string[]): Promise<string[]> => {
    const cli = context(noCluster);
    assert.equal(await runCli(['__complete', ...words], cli.context), 0);
    return cli.stdout().trimEnd().split('\n');
  };
  assert.deepEqual(await complete('re'), ['resume', ':4']);
  assert.deepEqual(await complete('why', 'em'), ['embu-sla', ':4']);
  assert.deepEqual(await complete('status', '-o', ''), ['wide', 'json', 'yaml', 'name', ':4']);
  assert.deepEqual(await complete('-n', 'pontual', 'run', 'bonus-calc', '--as'), ['--as-of', ':4']);
  assert.deepEqual(await complete('completion', ''), ['bash', 'zsh', 'fish', ':4']);
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

test('a blank REDIS_KEY_PREFIX is exit 2 naming it, not an empty history', async () => {
  const cli = context(noCluster);
  cli.context = { ...cli.context, env: { REDIS_KEY_PREFIX: '  ' } };
  assert.equal(await runCli(['history', 'embu-sla'], cli.context), 2);
  assert.equal(cli.stderr(), 'error: REDIS_KEY_PREFIX is invalid: must not be blank\n');
});

test('a bad REDIS_URL in the environment is exit 2 naming it, before any cluster call, without its password', async () => {
  const cli = context(noCluster);
  cli.context = { ...cli.context, env: { REDIS_URL: 'rediss://default:hunter2%@db:25061' } };
  assert.equal(await runCli(['history', 'embu-sla'], cli.context), 2);
  assert.equal(cli.stderr(), 'error: REDIS_URL is invalid: the user or password has a "%" that is not a percent-escape: write it as %25\n');
});
