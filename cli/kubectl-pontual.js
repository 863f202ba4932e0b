#!/usr/bin/env node
// The `kubectl-pontual` executable (npm "bin"): kubectl runs it as `kubectl pontual ...`.
// Plain JavaScript on purpose: it must start on any Node to say something useful.
// - From a checkout (npm link, `npm install -g <folder>`, which links the folder): the TypeScript
//   itself, run by Node >= 24 type stripping; on an older Node this re-executes itself with the
//   project's pinned Node (node_modules/node, a devDependency) or explains what to install.
// - Under node_modules (`npm install -g` of a packed tarball): Node does not strip types there, so
//   it runs the bundle `npm pack` built (dist/cli/kubectl-pontual.cjs), which needs Node 22.19+
//   (the Kubernetes client's HTTP library does).
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const MINIMUM_MAJOR = 24;
const major = Number(process.versions.node.split('.')[0]);
// kubectl and npm reach this file through symlinks: resolve them to find the package.
const self = realpathSync(fileURLToPath(import.meta.url));
const packageDir = join(dirname(self), '..');

if (self.split(sep).includes('node_modules')) {
  const bundled = join(packageDir, 'dist', 'cli', 'kubectl-pontual.cjs');
  if (!existsSync(bundled)) {
    process.stderr.write(
      `error: kubectl pontual cannot run from ${dirname(self)}: Node does not run TypeScript under node_modules and this copy has no bundle (${bundled}). ` +
        'Install a packed tarball (`npm pack` builds the bundle), the single executable (`npm run build:cli`), or link a checkout: `npm ci && npm link`\n',
    );
    process.exit(2);
  }
  const [bundleMajor, bundleMinor] = process.versions.node.split('.').map(Number);
  if (bundleMajor < 22 || (bundleMajor === 22 && bundleMinor < 19)) {
    process.stderr.write(
      `error: kubectl pontual needs Node.js 22.19 or newer (this is ${process.version} at ${process.execPath}); ` +
        'install a newer Node, or use the single executable, which needs none (`npm run build:cli`, or the release archive / krew)\n',
    );
    process.exit(2);
  }
  createRequire(import.meta.url)(bundled);
} else if (major >= MINIMUM_MAJOR) {
  if (!existsSync(join(packageDir, 'node_modules', '@kubernetes', 'client-node'))) {
    // `npm install -g <folder>` links the folder as it is: without `npm ci` the imports would fail cryptically.
    process.stderr.write(`error: kubectl pontual's dependencies are not installed in ${packageDir}: run \`npm ci\` there first\n`);
    process.exit(2);
  }
  await import('./main.ts');
} else {
  const pinned = join(packageDir, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(pinned) || process.env.PONTUAL_CLI_REEXEC === '1') {
    process.stderr.write(
      `error: kubectl pontual needs Node.js ${MINIMUM_MAJOR} or newer (this is ${process.version} at ${process.execPath}); ` +
        `install Node ${MINIMUM_MAJOR}+, or run \`npm install\` in ${packageDir} to get the pinned one\n`,
    );
    process.exit(2);
  }
  const child = spawnSync(pinned, [self, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, PONTUAL_CLI_REEXEC: '1' },
  });
  if (child.error !== undefined) {
    process.stderr.write(`error: cannot start ${pinned}: ${child.error.message}\n`);
    process.exit(2);
  }
  // A child killed by a signal exits as a shell would report it: 128 + the signal number.
  process.exit(child.status ?? 128 + (constants.signals[child.signal] ?? 1));
}
