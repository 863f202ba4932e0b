/**
 * The plugin as operators install it, against a real control plane:
 * - the single executable `npm run build:cli` makes, run from an empty directory with no
 *   node_modules and no Node on PATH (only kubectl): `version` and `status`;
 * - the darwin/arm64 executable, which no Mac runs here: an arm64 Mach-O signed ad hoc by
 *   rcodesign over every byte (the SEA blob's NODE_SEA segment too), checked by rcodesign's own
 *   verification, which a one-byte change fails; its SEA blob run by the linux/x64 build of the
 *   same Node version (`version`, `status`);
 * - `kubectl krew install --manifest --archive` (krew from toolchain/) accepting the release
 *   manifest (all three platforms) and archive, then `kubectl pontual status` through krew's bin
 *   directory; krew installing the darwin/arm64 archive as it would on a Mac (KREW_OS/KREW_ARCH);
 *   krew's validate-krew-manifest passing the manifest;
 * - `npm install -g` of the packed tarball, run by Debian's Node 20: the bundle, no TypeScript.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { startControlPlane, type ControlPlane } from '../../devkit/control-plane.ts';
import { DARWIN_NODE_VERSION, injectSea, LINUX_AMD64, nodeBinary, rcodesignPath } from '../../scripts/build-cli.ts';
import { checkAdHocSignature } from '../../scripts/macho-signature.ts';
import { inNamespace, REPO_ROOT, runProcess } from './cli-harness.ts';

const NAMESPACE = 'release';
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const SYSTEM_NODE = '/usr/bin/node';

function armArchive(): string {
  return join(REPO_ROOT, 'dist', 'release', `kubectl-pontual_${VERSION}_linux_arm64.tar.gz.sha256`);
}

const DARWIN = join(REPO_ROOT, 'dist', 'release', `kubectl-pontual_${VERSION}_darwin_arm64`);
const DARWIN_BLOB = join(REPO_ROOT, 'dist', 'cli', `sea-prep-node${DARWIN_NODE_VERSION}.blob`);

function sha256Of(path: string): string {
  return readFileSync(path, 'utf8').split(' ')[0] ?? '';
}

/** The toolchain's krew (toolchain/build.sh), or a failure saying how to get it: never a silent skip. */
function krewDir(): string {
  const printed = spawnSync('bash', [join(REPO_ROOT, 'toolchain/build.sh'), '--print'], { encoding: 'utf8' });
  const dir = printed.stdout
    .trim()
    .split(':')
    .find((entry) => existsSync(join(entry, 'kubectl-krew')));
  if (dir === undefined) throw new Error('kubectl-krew is not built: run `npm run setup` (toolchain/build.sh installs krew)');
  return dir;
}

describe('the released plugin', () => {
  let cluster: ControlPlane;
  let dir: string;
  let archive: string;
  let executable: string;
  let manifest: string;
  /** Only kubectl: no node, no npm. */
  let kubectlOnly: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pontual-release-'));
    manifest = join(dir, 'pontual.yaml');
    const built = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'scripts', 'build-cli.ts'), '--platforms', 'linux-amd64,linux-arm64,darwin-arm64', '--manifest', manifest],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, PONTUAL_RELEASE_BASE_URL: 'https://releases.example/pontual/v0.1.0' },
      },
    );
    assert.equal(built.status, 0, built.stderr);
    archive = join(REPO_ROOT, 'dist', 'release', `kubectl-pontual_${VERSION}_linux_amd64.tar.gz`);
    executable = join(REPO_ROOT, 'dist', 'release', `kubectl-pontual_${VERSION}_linux_amd64`, 'kubectl-pontual');
    cluster = await startControlPlane({ controllers: false });
    await cluster.createNamespace(NAMESPACE);
    await inNamespace(cluster, NAMESPACE).createCronJob({ name: 'store-status', schedule: '*/5 * * * *' });
    kubectlOnly = join(dir, 'kubectl-only');
    mkdirSync(kubectlOnly);
    spawnSync('ln', ['-s', join(cluster.binDir, 'kubectl'), join(kubectlOnly, 'kubectl')]);
  });

  after(async () => {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the single executable runs from an empty directory with no Node on PATH: version and status', () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    const env = { PATH: kubectlOnly, HOME: empty, KUBECONFIG: cluster.kubeconfigPath };
    assert.notEqual(spawnSync('/bin/sh', ['-c', 'command -v node'], { env, cwd: empty }).status, 0, 'no node on PATH');
    const version = spawnSync(executable, ['version'], { env, cwd: empty, encoding: 'utf8' });
    assert.equal(version.status, 0, version.stderr);
    assert.match(
      version.stdout,
      new RegExp(
        `^Client Version: ${VERSION.replaceAll('.', '\\.')} \\(\\w+\\) \\(single-executable, Node v24[.\\d]+, linux/amd64\\)\\nServer Version: v1\\.\\d+\\.\\d+`,
        'u',
      ),
    );
    const status = spawnSync(executable, ['status', '-n', NAMESPACE], { env, cwd: empty, encoding: 'utf8' });
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stdout, /^JOB\s+SCHEDULE[^\n]*\nstore-status\s+\*\/5 \* \* \* \* \(America\/Sao_Paulo\)\s+no\s/u);
  });

  test('the linux/arm64 executable is an arm64 binary that runs (under qemu user emulation): version and status', () => {
    const arm = join(REPO_ROOT, 'dist', 'release', `kubectl-pontual_${VERSION}_linux_arm64`, 'kubectl-pontual');
    const empty = mkdtempSync(join(dir, 'arm-'));
    const env = { PATH: kubectlOnly, HOME: empty, KUBECONFIG: cluster.kubeconfigPath };
    const qemuPath = spawnSync('/bin/sh', ['-c', 'command -v qemu-aarch64'], { encoding: 'utf8' }).stdout.trim();
    assert.notEqual(qemuPath, '', 'qemu-aarch64 is installed by `npm run setup` (qemu-user, libc6-arm64-cross, libstdc++6-arm64-cross)');
    const qemu = ['-L', '/usr/aarch64-linux-gnu', arm];
    const version = spawnSync(qemuPath, [...qemu, 'version'], { env, cwd: empty, encoding: 'utf8' });
    assert.equal(version.status, 0, version.stderr);
    assert.match(version.stdout, /\(single-executable, Node v24[.\d]+, linux\/arm64\)\nServer Version: v1\./u);
    const status = spawnSync(qemuPath, [...qemu, 'status', '-n', NAMESPACE], { env, cwd: empty, encoding: 'utf8' });
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stdout, /\nstore-status\s/u);
  });

  test('the darwin/arm64 executable is an arm64 Mach-O signed ad hoc over every byte, the SEA blob included; one changed byte fails', () => {
    const rcodesign = rcodesignPath();
    const signed = join(DARWIN, 'kubectl-pontual');
    const blob = readFileSync(DARWIN_BLOB);
    const report = checkAdHocSignature(rcodesign, signed, blob);
    assert.deepEqual(report.problems, []);
    assert.equal(report.flags, 'CodeSignatureFlags(ADHOC)');
    assert.equal(report.codeLimit, report.signatureOffset, 'the code directory hashes every byte before the signature');
    assert.ok(report.seaSection !== undefined && report.seaSection.size === blob.length);
    assert.ok(report.seaSection.offset + report.seaSection.size <= report.codeLimit, 'NODE_SEA is inside the hashed range');
    // The archive carries exactly this file.
    const unpacked = mkdtempSync(join(dir, 'darwin-'));
    const untar = spawnSync('tar', ['-xzf', `${DARWIN}.tar.gz`, '-C', unpacked]);
    assert.equal(untar.status, 0);
    assert.ok(readFileSync(join(unpacked, 'kubectl-pontual')).equals(readFileSync(signed)));
    // One byte of the SEA blob changed in a copy: the page hash no longer matches.
    const tampered = join(unpacked, 'tampered');
    copyFileSync(signed, tampered);
    const bytes = readFileSync(tampered);
    const at = report.seaSection.offset + Math.floor(report.seaSection.size / 2);
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    writeFileSync(tampered, bytes);
    const broken = checkAdHocSignature(rcodesign, tampered, blob);
    assert.ok(
      broken.problems.some((problem) => /code digest mismatch/u.test(problem)),
      broken.problems.join('\n'),
    );
    assert.ok(broken.problems.includes('the __NODE_SEA_BLOB section is not the SEA blob'));
  });

  test(`the darwin/arm64 SEA blob runs in Node ${DARWIN_NODE_VERSION} (its linux/x64 build, from an empty directory): version and status`, async () => {
    const empty = mkdtempSync(join(dir, 'darwin-node-'));
    const executable = join(empty, 'kubectl-pontual');
    await injectSea(nodeBinary(LINUX_AMD64, DARWIN_NODE_VERSION), executable, DARWIN_BLOB, 'linux');
    const env = { PATH: kubectlOnly, HOME: empty, KUBECONFIG: cluster.kubeconfigPath };
    const version = spawnSync(executable, ['version'], { env, cwd: empty, encoding: 'utf8' });
    assert.equal(version.status, 0, version.stderr);
    assert.match(
      version.stdout,
      new RegExp(`\\(single-executable, Node v${DARWIN_NODE_VERSION.replaceAll('.', '\\.')}, linux/amd64\\)\\nServer Version: v1\\.`, 'u'),
    );
    const status = spawnSync(executable, ['status', '-n', NAMESPACE], { env, cwd: empty, encoding: 'utf8' });
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stdout, /\nstore-status\s+\*\/5 \* \* \* \*/u);
  });

  test('the manifest names the archive by its sha256, and krew installs it: `kubectl pontual status` works', async () => {
    const plugin = parse(readFileSync(manifest, 'utf8')) as {
      kind: string;
      metadata: { name: string };
      spec: { platforms: { uri: string; sha256: string; bin: string; selector: { matchLabels: Record<string, string> } }[] };
    };
    assert.equal(plugin.kind, 'Plugin');
    assert.equal(plugin.metadata.name, 'pontual');
    const sha256 = sha256Of(`${archive}.sha256`);
    const arm64 = sha256Of(armArchive());
    const darwin = sha256Of(`${DARWIN}.tar.gz.sha256`);
    assert.deepEqual(
      plugin.spec.platforms.map((platform) => [platform.selector.matchLabels, platform.uri, platform.sha256, platform.bin]),
      [
        [{ os: 'linux', arch: 'amd64' }, `https://releases.example/pontual/v0.1.0/kubectl-pontual_${VERSION}_linux_amd64.tar.gz`, sha256, 'kubectl-pontual'],
        [{ os: 'linux', arch: 'arm64' }, `https://releases.example/pontual/v0.1.0/kubectl-pontual_${VERSION}_linux_arm64.tar.gz`, arm64, 'kubectl-pontual'],
        [{ os: 'darwin', arch: 'arm64' }, `https://releases.example/pontual/v0.1.0/kubectl-pontual_${VERSION}_darwin_arm64.tar.gz`, darwin, 'kubectl-pontual'],
      ],
    );
    const krewRoot = join(dir, 'krew');
    const krewEnv = { PATH: `${krewDir()}:${kubectlOnly}:/usr/bin:/bin`, HOME: dir, KREW_ROOT: krewRoot, KUBECONFIG: cluster.kubeconfigPath };
    const installed = await runProcess('kubectl', ['krew', 'install', `--manifest=${manifest}`, `--archive=${archive}`], krewEnv);
    assert.equal(installed.code, 0, installed.stdout + installed.stderr);
    assert.match(installed.stderr + installed.stdout, /Installed plugin: pontual/u);
    // An operator's shell after krew: krew's bin directory and kubectl, nothing else.
    const operator = { PATH: `${join(krewRoot, 'bin')}:${kubectlOnly}`, HOME: dir, KUBECONFIG: cluster.kubeconfigPath };
    const status = await runProcess(join(kubectlOnly, 'kubectl'), ['pontual', 'status', '-n', NAMESPACE], operator);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /\nstore-status\s+\*\/5 \* \* \* \*/u);
  });

  test("krew installs the darwin/arm64 archive as on a Mac (the signed file, unchanged), and krew's validate-krew-manifest passes the manifest", async () => {
    const krewRoot = join(dir, 'krew-darwin');
    const onMac = { PATH: `${krewDir()}:${kubectlOnly}:/usr/bin:/bin`, HOME: dir, KREW_ROOT: krewRoot, KREW_OS: 'darwin', KREW_ARCH: 'arm64' };
    const installed = await runProcess('kubectl', ['krew', 'install', `--manifest=${manifest}`, `--archive=${DARWIN}.tar.gz`], onMac);
    assert.equal(installed.code, 0, installed.stdout + installed.stderr);
    assert.ok(readFileSync(join(krewRoot, 'bin', 'kubectl-pontual')).equals(readFileSync(join(DARWIN, 'kubectl-pontual'))), 'krew installs the signed bytes');
    // The linux archive is not what a Mac gets: krew checks it against the darwin entry's sha256.
    const wrong = await runProcess('kubectl', ['krew', 'install', `--manifest=${manifest}`, `--archive=${archive}`], {
      ...onMac,
      KREW_ROOT: join(dir, 'krew-wrong'),
    });
    assert.notEqual(wrong.code, 0);
    // krew's own check (its index's CI): structure, every platform's selector supported, none overlapping.
    const validate = join(krewDir(), 'validate-krew-manifest');
    const valid = await runProcess(validate, ['-manifest', manifest, '-skip-install'], { PATH: '/usr/bin:/bin' });
    assert.equal(valid.code, 0, valid.stderr);
    assert.match(valid.stderr, /no overlapping spec\.platform\[\]\.selector/u);
    const overlapping = join(mkdtempSync(join(dir, 'overlap-')), 'pontual.yaml');
    const plugin = parse(readFileSync(manifest, 'utf8')) as { spec: { platforms: unknown[] } };
    plugin.spec.platforms.push(plugin.spec.platforms.at(-1));
    writeFileSync(overlapping, stringify(plugin));
    const invalid = await runProcess(validate, ['-manifest', overlapping, '-skip-install'], { PATH: '/usr/bin:/bin' });
    assert.notEqual(invalid.code, 0);
    assert.match(invalid.stderr, /overlapping/u);
  });

  test('krew refuses the archive when the manifest sha256 does not match', async () => {
    const tampered = join(dir, 'tampered.yaml');
    const text = readFileSync(manifest, 'utf8').replace(/sha256: [0-9a-f]{64}/u, `sha256: ${'0'.repeat(64)}`);
    spawnSync('sh', ['-c', `cat > ${tampered}`], { input: text });
    const krewEnv = { PATH: `${krewDir()}:${kubectlOnly}:/usr/bin:/bin`, HOME: dir, KREW_ROOT: join(dir, 'krew-tampered'), KUBECONFIG: cluster.kubeconfigPath };
    const installed = await runProcess('kubectl', ['krew', 'install', `--manifest=${tampered}`, `--archive=${archive}`], krewEnv);
    assert.notEqual(installed.code, 0);
    assert.match(installed.stderr, /checksum|sha256/iu);
  });

  test('`npm install -g` of the packed tarball runs the bundle, of the repository the checkout; an old Node gets a clear message', (t) => {
    const packed = spawnSync('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(packed.status, 0, packed.stderr);
    const tarball = join(dir, packed.stdout.trim().split('\n').at(-1) ?? '');
    const prefix = join(dir, 'global');
    const installed = spawnSync('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', tarball], { encoding: 'utf8' });
    assert.equal(installed.status, 0, installed.stderr);
    // The operator's Node (this test's, 24) first on PATH.
    const env = { PATH: `${join(prefix, 'bin')}:${dirname(process.execPath)}:/usr/bin:/bin`, HOME: dir, KUBECONFIG: cluster.kubeconfigPath };
    const run = spawnSync('kubectl-pontual', ['status', '-n', NAMESPACE], { env, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /\nstore-status\s/u);
    const client = spawnSync('kubectl-pontual', ['version', '--client'], { env, encoding: 'utf8' });
    assert.match(client.stdout, new RegExp(`\\(bundle, Node ${process.version.replaceAll('.', '\\.')}, linux/amd64\\)`, 'u'));
    // `npm install -g` of the repository itself links the checkout: the TypeScript runs.
    const linkedPrefix = join(dir, 'global-linked');
    const linked = spawnSync('npm', ['install', '-g', '--prefix', linkedPrefix, '--no-audit', '--no-fund', REPO_ROOT], { encoding: 'utf8' });
    assert.equal(linked.status, 0, linked.stderr);
    const fromRepo = spawnSync(join(linkedPrefix, 'bin', 'kubectl-pontual'), ['status', '-n', NAMESPACE], {
      env: { ...env, PATH: `${dirname(process.execPath)}:/usr/bin:/bin` },
      encoding: 'utf8',
    });
    assert.equal(fromRepo.status, 0, fromRepo.stderr);
    assert.match(fromRepo.stdout, /\nstore-status\s/u);
    const old = spawnSync(SYSTEM_NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (!/^v(1\d|2[01])\./u.test(old)) {
      t.diagnostic(`no Node older than 22 at ${SYSTEM_NODE} (found ${old || 'none'}): the old-Node message is not exercised`);
      return;
    }
    const refused = spawnSync(SYSTEM_NODE, [join(prefix, 'bin', 'kubectl-pontual'), 'status'], { env, encoding: 'utf8' });
    assert.equal(refused.status, 2);
    assert.match(
      refused.stderr,
      new RegExp(
        `needs Node\\.js 22\\.19 or newer \\(this is ${old.replaceAll('.', '\\.')} at ${SYSTEM_NODE}\\); install a newer Node, or use the single executable`,
        'u',
      ),
    );
  });
});
