/**
 * The decision of `npm run audit:prod`, pure: which findings of `npm audit --omit=dev --json` are
 * not justified in docs/reliability.md (those fail CI), which justifications no longer match a
 * finding (stale: to remove), and whether the audit ran at all.
 */

export interface AuditVerdict {
  /** The advisory database could not be reached or the output was not an audit report: why. */
  readonly notAudited: string | undefined;
  /** `package (severity)` of findings with no justification. */
  readonly unjustified: readonly string[];
  /** Justified packages with no finding any more. */
  readonly stale: readonly string[];
  readonly findings: number;
}

interface AuditReport {
  readonly auditReportVersion?: number;
  readonly vulnerabilities?: Readonly<Record<string, { readonly severity?: string }>>;
  readonly error?: { readonly summary?: string; readonly detail?: string };
  readonly message?: string;
}

/** Packages named in the first column of the table under `## Dependency audit` (`` `name` ``). */
export function justifiedPackages(reliabilityDoc: string): string[] {
  const section = /^## Dependency audit\n([\s\S]*?)(?=^## |(?![\s\S]))/mu.exec(reliabilityDoc)?.[1] ?? '';
  return [...section.matchAll(/^\| `([^`]+)` \|/gmu)].map((match) => match[1] ?? '');
}

export function auditVerdict(stdout: string, justified: readonly string[]): AuditVerdict {
  let report: AuditReport;
  try {
    report = JSON.parse(stdout) as AuditReport;
  } catch {
    return { notAudited: `npm audit printed no JSON report: ${stdout.trim().slice(0, 200)}`, unjustified: [], stale: [], findings: 0 };
  }
  if (report.error !== undefined || report.vulnerabilities === undefined) {
    const why = [report.error?.summary, report.error?.detail, report.message].find((text) => text !== undefined && text !== '') ?? 'no vulnerabilities section';
    return { notAudited: `npm audit could not audit: ${why}`, unjustified: [], stale: [], findings: 0 };
  }
  const names = Object.keys(report.vulnerabilities);
  return {
    notAudited: undefined,
    unjustified: names.filter((name) => !justified.includes(name)).map((name) => `${name} (${report.vulnerabilities?.[name]?.severity ?? 'unknown'})`),
    stale: justified.filter((name) => !names.includes(name)),
    findings: names.length,
  };
}
