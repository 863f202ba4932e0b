/**
 * What the Kubernetes API server says about a `spec.schedule`, before anything is applied:
 * infra's synth and the CLI reject a schedule the cluster would reject, with the same reason.
 */
import { parseStandard } from './parse-standard.ts';

export function validateSchedule(expression: string): { ok: true } | { ok: false; reason: string } {
  const parsed = parseStandard(expression);
  return parsed.ok ? { ok: true } : { ok: false, reason: capitalize(`${parsed.reason}.`) };
}

function capitalize(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
