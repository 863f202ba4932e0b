import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditVerdict, justifiedPackages } from '../../../scripts/audit-verdict.ts';

const DOC = `# Reliability

## Dependency audit

| package | advisory | why it is acceptable |
|---|---|---|
| \`cookie\` | GHSA-x | only parses our own headers |
| \`gone\` | GHSA-y | fixed since |

## Next section

| \`not-this\` | x | y |
`;

test('justifications are read from the Dependency audit table only', () => {
  assert.deepEqual(justifiedPackages(DOC), ['cookie', 'gone']);
});

test('an unjustified finding fails; a justified one passes; a justification without finding is stale', () => {
  const report = JSON.stringify({ auditReportVersion: 2, vulnerabilities: { cookie: { severity: 'low' }, undici: { severity: 'high' } } });
  assert.deepEqual(auditVerdict(report, justifiedPackages(DOC)), { notAudited: undefined, unjustified: ['undici (high)'], stale: ['gone'], findings: 2 });
  assert.deepEqual(auditVerdict(JSON.stringify({ auditReportVersion: 2, vulnerabilities: {} }), []), {
    notAudited: undefined,
    unjustified: [],
    stale: [],
    findings: 0,
  });
});

test('an unreachable advisory database is "not audited", never "no findings"', () => {
  const verdict = auditVerdict(JSON.stringify({ message: 'audit endpoint returned an error', error: { code: 'E405', summary: '405 Method Not Allowed' } }), []);
  assert.match(verdict.notAudited ?? '', /405 Method Not Allowed/u);
  assert.match(auditVerdict('', []).notAudited ?? '', /no JSON report/u);
  // What npm prints when the registry refuses the endpoint: empty summary, the reason in message.
  const refused = JSON.stringify({
    message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
    statusCode: 405,
    error: { summary: '', detail: '' },
  });
  assert.match(auditVerdict(refused, []).notAudited ?? '', /could not audit: 405 Method Not Allowed/u);
});
