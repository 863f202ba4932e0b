import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { startControlPlane, type ControlPlane } from '../../devkit/control-plane.ts';
import { inNamespace, PLUGIN, runPlugin, runProcess, type CliNamespace } from './cli-harness.ts';

/**
 * kubectl's conventions, on the real executable against a real control plane: `version` with the
 * server's version, `-A`, `-o wide|name|json` on the read commands and on `suspend`/`resume`,
 * `logs` refusing `-o`, `--request-timeout` against a server that never answers, and shell
 * completion through bash and through kubectl's own plugin completion.
 */
const NAMESPACE = 'conventions';
const OTHER = 'conventions-b';
let cluster: ControlPlane;
let cli: CliNamespace;
let dir: string;

before(async () => {
  cluster = await startControlPlane({ controllers: false });
  await cluster.createNamespace(NAMESPACE);
  await cluster.createNamespace(OTHER);
  cli = inNamespace(cluster, NAMESPACE);
  await cli.createCronJob({ name: 'embu-sla', schedule: '*/15 * * * *' });
  await inNamespace(cluster, OTHER).createCronJob({ name: 'bonus-calc' });
  dir = mkdtempSync(join(tmpdir(), 'pontual-conventions-'));
});

after(async () => {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('version', () => {
  test("prints the client's version and the API server's, as kubectl version does", async () => {
    const kubectl = JSON.parse((await cluster.kubectl(['version', '-o', 'json'])).stdout) as { serverVersion: { gitVersion: string } };
    const result = await cli.pontual(['version', '-o', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const version = JSON.parse(result.stdout) as { clientVersion: { version: string; runtime: string }; serverVersion: { gitVersion: string } };
    assert.equal(version.serverVersion.gitVersion, kubectl.serverVersion.gitVersion);
    assert.equal(version.clientVersion.version, '0.1.0');
    assert.equal(version.clientVersion.runtime, 'node');
    const text = await cli.pontual(['version']);
    assert.match(
      text.stdout,
      new RegExp(
        `^Client Version: 0\\.1\\.0 \\(node, Node v24[.\\d]+, linux/\\w+\\)\\nServer Version: ${kubectl.serverVersion.gitVersion.replaceAll('.', '\\.')}\\n$`,
        'u',
      ),
    );
  });

  test('--client needs no cluster at all', async () => {
    const result = await runPlugin(['version', '--client'], { PATH: process.env.PATH ?? '', HOME: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Client Version: 0\.1\.0 /u);
  });
});

describe('output formats and namespaces', () => {
  test('status -A lists every namespace with a NAMESPACE column; -o name and -o wide', async () => {
    const all = await runPlugin(['status', '-A'], cluster.env);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /^NAMESPACE\s+JOB\s+SCHEDULE/u);
    assert.match(all.stdout, new RegExp(`\\n${NAMESPACE}\\s+embu-sla\\s`, 'u'));
    assert.match(all.stdout, new RegExp(`\\n${OTHER}\\s+bonus-calc\\s`, 'u'));
    const names = await cli.pontual(['status', '-o', 'name']);
    assert.equal(names.stdout, 'cronjob.batch/embu-sla\n');
    const wide = await cli.pontual(['status', '-o', 'wide']);
    assert.match(wide.stdout, /^JOB\s+SCHEDULE.*\s+LATE\s+POLICY\s+TIMEOUT\s+LAST DURATION\s+LAST FAILURE\n/u);
    assert.match(wide.stdout, /\nembu-sla\s.*\s+Forbid\s+5m\s+-\s+-\n/u);
  });

  test('why -o name; history -o name and -o wide', async () => {
    assert.equal((await cli.pontual(['why', 'embu-sla', '-o', 'name'])).stdout, 'cronjob.batch/embu-sla\n');
    // No status service reachable: history says so on stderr and lists the runs the cluster has (none).
    const history = await cli.pontual(['history', 'embu-sla', '-o', 'name']);
    assert.equal(history.code, 0, history.stderr);
    assert.equal(history.stdout, '');
    await cli.kubectl(['create', 'job', 'embu-sla-manual-wide', '--from=cronjob/embu-sla']);
    assert.equal((await cli.pontual(['history', 'embu-sla', '-o', 'name'])).stdout, 'job.batch/embu-sla-manual-wide\n');
    const wide = await cli.pontual(['history', 'embu-sla', '-o', 'wide']);
    assert.match(
      wide.stdout,
      /^RUN\s+TRIGGER\s+OUTCOME\s+STARTED \(America\/Sao_Paulo\)\s+DURATION\s+EXIT\s+REASON\nembu-sla-manual-wide\s+manual\s+running\s/u,
    );
  });

  test('suspend and resume print the patched CronJob with -o json|name, and what resuming means on stderr', async () => {
    const suspended = await cli.pontual(['suspend', 'embu-sla', '-o', 'json']);
    assert.equal(suspended.code, 0, suspended.stderr);
    const object = JSON.parse(suspended.stdout) as { kind: string; spec: { suspend: boolean } };
    assert.deepEqual({ kind: object.kind, suspend: object.spec.suspend }, { kind: 'CronJob', suspend: true });
    const resumed = await cli.pontual(['resume', 'embu-sla', '-o', 'name']);
    assert.equal(resumed.stdout, 'cronjob.batch/embu-sla\n');
    assert.match(resumed.stderr, /next run at /u);
    assert.equal((await cli.getJson('cronjob', 'embu-sla')).spec.suspend, false);
  });

  test('logs refuses -o (it prints the log itself): exit 2 before any cluster call', async () => {
    const result = await cli.pontual(['logs', 'embu-sla', '-o', 'json']);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^error: "logs" prints no data: -o does not apply to it/u);
  });
});

describe('--request-timeout', () => {
  let silent: Server;
  let kubeconfig: string;

  before(async () => {
    // Accepts connections and never answers: a hung API server or a black-holed load balancer.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    kubeconfig = join(dir, 'silent.kubeconfig');
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        // The TLS handshake never completes either.
        clusters: [{ name: 'silent', cluster: { server: `https://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'u', user: { token: 'x' } }],
        contexts: [{ name: 'silent', context: { cluster: 'silent', user: 'u', namespace: 'pontual' } }],
        'current-context': 'silent',
      }),
    );
  });

  after(() => {
    silent.close();
  });

  test('gives up after the given time with exit 3, naming the flag, the context and the server', async () => {
    const started = Date.now();
    const result = await runPlugin(
      ['status', '--request-timeout', '1s', '--kubeconfig', kubeconfig],
      { PATH: process.env.PATH ?? '', HOME: dir },
      { timeoutMs: 30_000 },
    );
    const took = Date.now() - started;
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /did not answer list cronjobs within --request-timeout 1s \(context "silent", server https:\/\/127\.0\.0\.1:\d+\)/u);
    assert.ok(took < 10_000, `exited after ${took} ms`);
  });
});

describe('completion', () => {
  let env: Record<string, string>;

  before(() => {
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync(PLUGIN, join(bin, 'kubectl-pontual'));
    // The plugin completion kubectl (1.26+) looks for, as the completion script's comment says to make it.
    writeFileSync(join(bin, 'kubectl_complete-pontual'), '#!/bin/sh\nexec kubectl-pontual __complete "$@"\n', { mode: 0o755 });
    env = { PATH: `${bin}:${dirname(process.execPath)}:${cluster.binDir}:/usr/bin:/bin`, KUBECONFIG: cluster.kubeconfigPath, HOME: dir };
  });

  test('bash completes commands, job names and -o values through the generated script', async () => {
    const script = join(dir, 'completion.bash');
    writeFileSync(script, (await runPlugin(['completion', 'bash'], env)).stdout);
    const complete = async (...words: string[]): Promise<string> => {
      const line = `source ${script}; COMP_WORDS=(kubectl-pontual ${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length}; _kubectl_pontual; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const result = await runProcess('bash', ['-c', line], env);
      assert.equal(result.code, 0, result.stderr);
      return result.stdout;
    };
    assert.equal(await complete('wh'), 'why\n');
    assert.equal(await complete('logs', 'bonus'), 'bonus-calc\n');
    assert.equal(await complete('history', 'embu-sla', '-o', 'w'), 'wide\n');
  });

  test('fish completes through its script (complete -C), zsh through its script with compadd observed', async () => {
    const fishScript = join(dir, 'completion.fish');
    writeFileSync(fishScript, (await runPlugin(['completion', 'fish'], env)).stdout);
    const fish = await runProcess(
      'fish',
      ['--no-config', '-c', `source ${fishScript}; complete -C 'kubectl-pontual wh'; complete -C 'kubectl-pontual run bonus-calc --as'`],
      env,
    );
    assert.equal(fish.code, 0, fish.stderr);
    assert.equal(fish.stdout, 'why\n--as-of\n');
    const zshScript = join(dir, 'completion.zsh');
    writeFileSync(zshScript, (await runPlugin(['completion', 'zsh'], env)).stdout);
    // Outside an interactive completion widget compadd cannot run: a stand-in prints what it is given.
    const line = `compdef() { : }; compadd() { [[ $1 == -a ]] && print -l -- \${(P)2} }; source ${zshScript}; words=(kubectl-pontual logs bon); CURRENT=3; _kubectl_pontual`;
    const zsh = await runProcess('zsh', ['-f', '-c', line], env);
    assert.equal(zsh.code, 0, zsh.stderr);
    assert.equal(zsh.stdout, 'bonus-calc\n');
  });

  test('kubectl completes `kubectl pontual …` through kubectl_complete-pontual', async () => {
    const result = await runProcess('kubectl', ['__complete', 'pontual', 'back'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^backfill\n:4\n/u);
  });
});
