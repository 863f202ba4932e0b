#!/usr/bin/env node
// The `kubectl-pontual` executable (npm "bin"): kubectl runs it as `kubectl pontual ...`.
// Plain JavaScript on purpose: it must start on any Node to say something useful. The CLI itself
// is TypeScript run by Node >= 24 type stripping; on an older Node this re-executes itself with
// the project's pinned Node (node_modules/node, a devDependency) or explains what to install.
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const MINIMUM_MAJOR = 24;
const major = Number(process.versions.node.split('.')[0]);
// kubectl and npm reach this file through symlinks: resolve them to find the package.
const self = realpathSync(fileURLToPath(import.meta.url));

if (self.split(sep).includes('node_modules')) {
  // Node strips types everywhere except under node_modules, so a copy installed there cannot run.
  process.stderr.write(
    `error: kubectl pontual cannot run from ${dirname(self)}: Node does not run TypeScript under node_modules. ` +
      'Install it from a checkout of the repository instead: `npm ci && npm link`\n',
  );
  process.exit(2);
} else if (major >= MINIMUM_MAJOR) {
  await import('./main.ts');
} else {
  const pinned = join(dirname(self), '..', 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(pinned) || process.env.PONTUAL_CLI_REEXEC === '1') {
    process.stderr.write(
      `error: kubectl pontual needs Node.js ${MINIMUM_MAJOR} or newer (this is ${process.version} at ${process.execPath}); ` +
        `install Node ${MINIMUM_MAJOR}+, or run \`npm install\` in ${join(dirname(self), '..')} to get the pinned one\n`,
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
