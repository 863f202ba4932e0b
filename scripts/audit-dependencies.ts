/**
 * `npm run audit:prod` (CI): `npm audit --omit=dev`, and every finding must be justified in
 * docs/reliability.md's "Dependency audit" table; an unjustified one exits 1. When the advisory
 * database cannot be reached (a registry mirror that refuses the audit endpoint) nothing was
 * audited: that is said loudly on stderr and exits 0, since no finding is known.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditVerdict, justifiedPackages } from './audit-verdict.ts';

const root = join(import.meta.dirname, '..');
const audit = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
const verdict = auditVerdict(audit.stdout, justifiedPackages(readFileSync(join(root, 'docs', 'reliability.md'), 'utf8')));

if (verdict.notAudited !== undefined) {
  process.stderr.write(`audit:prod: NOT AUDITED: ${verdict.notAudited}\n`);
  process.exit(0);
}
for (const name of verdict.stale) process.stderr.write(`audit:prod: ${name} is justified in docs/reliability.md but has no finding any more: remove it\n`);
if (verdict.unjustified.length > 0) {
  process.stderr.write(`audit:prod: findings not justified in docs/reliability.md: ${verdict.unjustified.join(', ')}\n`);
  process.exit(1);
}
process.stdout.write(`audit:prod: ${verdict.findings} finding(s) in production dependencies, each justified in docs/reliability.md\n`);
