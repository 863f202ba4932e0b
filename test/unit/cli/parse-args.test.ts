import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPontualError } from '../../../core/errors.ts';
import { parseCliArgs } from '../../../cli/parse-args.ts';

function usageErrorOf(argv: string[]): string {
  try {
    parseCliArgs(argv);
  } catch (error) {
    assert.ok(isPontualError(error, 'CONFIG_INVALID'), String(error));
    return error.message;
  }
  assert.fail(`expected a usage error for ${argv.join(' ')}`);
}

test('global flags go before or after the command, as with kubectl', () => {
  const expected = { command: 'why', job: 'embu-sla', global: { output: 'json', namespace: 'pontual', context: 'do-sfo3', kubeconfig: '/k' } };
  assert.deepEqual(parseCliArgs(['why', 'embu-sla', '-n', 'pontual', '-o', 'json', '--context', 'do-sfo3', '--kubeconfig', '/k']), expected);
  assert.deepEqual(parseCliArgs(['-n', 'pontual', '--context=do-sfo3', '-o', 'json', '--kubeconfig=/k', 'why', 'embu-sla']), expected);
});

test('output defaults to a table and accepts only table, json and yaml', () => {
  assert.deepEqual(parseCliArgs(['status']), { command: 'status', global: { output: 'table' } });
  assert.match(usageErrorOf(['status', '-o', 'wide']), /-o must be one of table, json, yaml, got "wide"/);
});

test('run --follow implies --wait', () => {
  assert.deepEqual(parseCliArgs(['run', 'bonus-calc', '--follow']), { command: 'run', job: 'bonus-calc', wait: true, follow: true, global: { output: 'table' } });
  assert.deepEqual(parseCliArgs(['run', 'bonus-calc']), { command: 'run', job: 'bonus-calc', wait: false, follow: false, global: { output: 'table' } });
  assert.match(usageErrorOf(['run', 'bonus-calc', '-f', '-o', 'json']), /--follow writes the logs to stdout: it cannot be combined with -o json/);
});

test('history takes its sources and a positive limit', () => {
  assert.deepEqual(parseCliArgs(['history', 'store-status', '--redis-url', 'rediss://db:25061', '--limit', '5']), {
    command: 'history',
    job: 'store-status',
    redisUrl: 'rediss://db:25061',
    limit: 5,
    global: { output: 'table' },
  });
  assert.equal((parseCliArgs(['history', 'store-status']) as { limit: number }).limit, 20);
  assert.match(usageErrorOf(['history', 'store-status', '--limit', '0']), /--limit must be a positive integer/);
  assert.match(usageErrorOf(['history', 'store-status', '--redis-url', 'redis://r', '--status-url', 'http://s']), /pass one/);
});

test('logs takes a run id', () => {
  assert.deepEqual(parseCliArgs(['logs', 'embu-sla', '--run', 'manual-x7k2p', '-f']), {
    command: 'logs',
    job: 'embu-sla',
    run: 'manual-x7k2p',
    follow: true,
    global: { output: 'table' },
  });
});

test('mistakes are usage errors that say what is wrong and where help is', () => {
  assert.match(usageErrorOf(['stauts']), /unknown command "stauts" \(see `kubectl pontual --help`\)/);
  assert.match(usageErrorOf(['run']), /"run" needs a job name: kubectl pontual run <job>/);
  assert.match(usageErrorOf(['run', 'a', 'b']), /"run" takes one job name, got "a b"/);
  assert.match(usageErrorOf(['suspend', 'embu-sla', '--wait']), /--wait is not a flag of "suspend" \(see `kubectl pontual suspend --help`\)/);
  assert.match(usageErrorOf(['status', '--bogus']), /Unknown option '--bogus'/);
  assert.match(usageErrorOf(['status', 'extra']), /"status" takes no arguments/);
  assert.match(usageErrorOf(['why', 'x', '-n']), /argument missing/);
});

test('help for everything or for one command', () => {
  assert.deepEqual(parseCliArgs([]), { command: 'help' });
  assert.deepEqual(parseCliArgs(['help', 'run']), { command: 'help', topic: 'run' });
  assert.deepEqual(parseCliArgs(['resume', '--help']), { command: 'help', topic: 'resume' });
});
