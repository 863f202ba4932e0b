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

test('output defaults to a table; read commands take wide, json, yaml and name', () => {
  assert.deepEqual(parseCliArgs(['status']), { command: 'status', global: { output: 'table' } });
  for (const command of [['status'], ['history', 'embu-sla'], ['why', 'embu-sla']]) {
    for (const format of ['wide', 'json', 'yaml', 'name'])
      assert.equal((parseCliArgs([...command, '-o', format]) as { global: { output: string } }).global.output, format);
  }
  assert.match(usageErrorOf(['status', '-o', 'jsonpath']), /-o must be one of wide, json, yaml, name for "status", got "jsonpath"/);
  assert.match(usageErrorOf(['suspend', 'embu-sla', '-o', 'wide']), /-o must be one of json, yaml, name for "suspend"/);
  assert.match(usageErrorOf(['logs', 'embu-sla', '-o', 'json']), /"logs" prints no data: -o does not apply to it/);
});

test('kubectl flags: -A on status, --request-timeout as kubectl spells it', () => {
  assert.deepEqual(parseCliArgs(['status', '-A', '--request-timeout', '1m30s']), {
    command: 'status',
    global: { output: 'table', allNamespaces: true, requestTimeoutMs: 90_000 },
  });
  assert.equal((parseCliArgs(['why', 'x', '--request-timeout=5']) as { global: { requestTimeoutMs: number } }).global.requestTimeoutMs, 5_000);
  assert.equal((parseCliArgs(['why', 'x', '--request-timeout=0']) as { global: { requestTimeoutMs?: number } }).global.requestTimeoutMs, undefined);
  assert.match(usageErrorOf(['status', '--request-timeout', 'soon']), /--request-timeout must be a duration such as 30s/);
  assert.match(usageErrorOf(['status', '-A', '-n', 'pontual']), /-A and -n contradict each other/);
  assert.match(usageErrorOf(['history', 'x', '--all-namespaces']), /only applies to "status"/);
});

test('run --as-of and backfill take instants with their zone', () => {
  const run = parseCliArgs(['run', 'bonus-calc', '--as-of', '2026-11-29T06:00:00-03:00']) as { asOf: Date };
  assert.equal(run.asOf.toISOString(), '2026-11-29T09:00:00.000Z');
  assert.match(usageErrorOf(['run', 'bonus-calc', '--as-of', '2026-11-29T06:00:00']), /--as-of must be a time with its zone/);
  assert.deepEqual(parseCliArgs(['backfill', 'embu-sla', '--from', '2026-11-29T08:00:00-03:00', '--to', '2026-11-29T09:00:00-03:00', '--dry-run']), {
    command: 'backfill',
    global: { output: 'table' },
    job: 'embu-sla',
    from: new Date('2026-11-29T11:00:00Z'),
    to: new Date('2026-11-29T12:00:00Z'),
    dryRun: true,
  });
  assert.match(usageErrorOf(['backfill', 'embu-sla', '--from', '2026-11-29T08:00:00Z']), /needs --from <time> and --to <time>/);
  assert.match(usageErrorOf(['backfill', 'embu-sla', '--from', '2026-11-29T08:00:00Z', '--to', '2026-11-29T07:00:00Z']), /--to .* must be after --from/);
  // The same check as history's: ioredis would throw URIError from its constructor.
  assert.match(
    usageErrorOf(['backfill', 'embu-sla', '--from', '2026-11-29T08:00:00Z', '--to', '2026-11-29T09:00:00Z', '--redis-url', 'redis://default:pw%@db']),
    /^--redis-url is invalid: the user or password has a "%"/,
  );
});

test('run --follow implies --wait', () => {
  assert.deepEqual(parseCliArgs(['run', 'bonus-calc', '--follow']), {
    command: 'run',
    job: 'bonus-calc',
    wait: true,
    follow: true,
    global: { output: 'table' },
  });
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
  assert.match(usageErrorOf(['history', 'store-status', '--limit', '0']), /--limit must be a whole number from 1 to 1000/);
  // Redis refuses a COUNT past 2^63 (reported as "Redis unavailable"); the status API clamps at 1000.
  for (const limit of ['1e20', '1001', '0x10', ' 5'])
    assert.match(usageErrorOf(['history', 'store-status', '--limit', limit]), /--limit must be a whole number from 1 to 1000/, limit);
  assert.match(usageErrorOf(['history', 'store-status', '--redis-url', 'redis://r', '--status-url', 'http://s']), /pass one/);
  assert.match(usageErrorOf(['history', 'store-status', '--status-url', 'ftp://status']), /^--status-url must be an http:\/\/ or https:\/\/ URL/);
  assert.match(usageErrorOf(['history', 'store-status', '--status-url', 'status.local:8080']), /^--status-url must be an http:\/\/ or https:\/\/ URL/);
  assert.match(usageErrorOf(['history', 'store-status', '--status-url', 'http://op:hunter2@status']), /^--status-url must not carry credentials/);
  // ioredis would throw URIError from its constructor: exit 1 "URI malformed" before this check.
  const badPercent = usageErrorOf(['history', 'store-status', '--redis-url', 'rediss://default:hunter2%@db:25061']);
  assert.match(badPercent, /^--redis-url is invalid: the user or password has a "%"/);
  assert.ok(!badPercent.includes('hunter2'));
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
