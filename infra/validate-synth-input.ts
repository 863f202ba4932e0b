/**
 * Rejects at synth time what the Kubernetes API server would reject at apply time (or, worse,
 * accept and misinterpret), with a message that names the job and the field.
 */
import { PontualError } from '../core/errors.ts';
import { validateSchedule } from '../core/schedule/validate-schedule.ts';
import type { JobResources, JobSpec } from '../core/catalog.ts';
import type { Profile } from './profiles.ts';

/** The CronJob controller appends an 11-character suffix to Job names, which are limited to 63. */
export const MAX_CRONJOB_NAME_LENGTH = 52;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CPU = /^(\d+m|\d+(\.\d+)?)$/;
const MEMORY = /^\d+(Ki|Mi|Gi)?$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/** `owner` names what is wrong, e.g. `job "embu-sla"` or `profile "development"`. */
function invalid(owner: string, field: string, problem: string): PontualError {
  return new PontualError('SYNTH_INVALID', `${owner}: ${field} ${problem}`);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function validateResources(owner: string, resources: JobResources): void {
  for (const kind of ['requests', 'limits'] as const) {
    const { cpu, memory } = resources[kind];
    if (!CPU.test(cpu)) throw invalid(owner, `resources.${kind}.cpu`, `"${cpu}" is not a CPU quantity (e.g. 100m)`);
    if (!MEMORY.test(memory)) {
      throw invalid(owner, `resources.${kind}.memory`, `"${memory}" is not a memory quantity (e.g. 128Mi)`);
    }
  }
}

export function validateJob(job: JobSpec): void {
  const name = job.name;
  const owner = `job "${name}"`;
  if (name.length > MAX_CRONJOB_NAME_LENGTH) {
    throw invalid(owner, 'name', `is ${name.length} characters long: a CronJob name is at most ${MAX_CRONJOB_NAME_LENGTH}`);
  }
  if (!DNS_LABEL.test(name)) {
    throw invalid(owner, 'name', 'is not a DNS label (lowercase letters, digits and "-", starting and ending alphanumeric)');
  }
  const schedule = validateSchedule(job.schedule);
  if (!schedule.ok) {
    throw new PontualError('SCHEDULE_INVALID', `job "${name}": schedule "${job.schedule}" is invalid: ${schedule.reason}`);
  }
  if (!isTimeZone(job.timeZone)) throw invalid(owner, 'timeZone', `"${job.timeZone}" is not an IANA time zone`);
  if (!Number.isInteger(job.timeoutSeconds) || job.timeoutSeconds < 1) {
    throw invalid(owner, 'timeoutSeconds', `is ${job.timeoutSeconds}: it must be a whole number of seconds, at least 1`);
  }
  if (!Number.isInteger(job.backoffLimit) || job.backoffLimit < 0) {
    throw invalid(owner, 'backoffLimit', `is ${job.backoffLimit}: it must be a whole number, at least 0`);
  }
  validateResources(owner, job.resources);
  const alerts = job.alerts ?? {};
  if (alerts.consecutiveFailures !== undefined && (!Number.isInteger(alerts.consecutiveFailures) || alerts.consecutiveFailures < 1)) {
    throw invalid(owner, 'alerts.consecutiveFailures', `is ${alerts.consecutiveFailures}: it must be a whole number, at least 1`);
  }
  if (alerts.noRecentSuccessSeconds !== undefined && (!Number.isInteger(alerts.noRecentSuccessSeconds) || alerts.noRecentSuccessSeconds < 0)) {
    throw invalid(owner, 'alerts.noRecentSuccessSeconds', `is ${alerts.noRecentSuccessSeconds}: it must be a whole number of seconds, 0 for automatic`);
  }
  if (alerts.team !== undefined && !/^[A-Za-z0-9_.-]*$/.test(alerts.team)) {
    throw invalid(owner, 'alerts.team', `"${alerts.team}" is not a plain label value (letters, digits, "_", ".", "-")`);
  }
}

export function validateCatalog(catalog: readonly JobSpec[]): void {
  const seen = new Set<string>();
  for (const job of catalog) {
    if (seen.has(job.name)) throw invalid(`job "${job.name}"`, 'name', 'is duplicated: job names must be unique');
    seen.add(job.name);
    validateJob(job);
  }
}

export function validateProfile(profile: Profile): void {
  const owner = `profile "${profile.name}"`;
  const fail = (field: string, problem: string): PontualError => invalid(owner, field, problem);
  if (!DNS_LABEL.test(profile.namespace) || profile.namespace.length > 63) {
    throw fail('namespace', `"${profile.namespace}" is not a DNS label`);
  }
  const { image } = profile;
  if (!TAG.test(image.tag)) throw fail('image.tag', `"${image.tag}" is not an image tag`);
  if (image.digest !== undefined && !DIGEST.test(image.digest)) {
    throw fail('image.digest', `"${image.digest}" is not a sha256:<64 hex> digest`);
  }
  if (!Number.isInteger(profile.status.replicas) || profile.status.replicas < 1) {
    throw fail('status.replicas', `is ${profile.status.replicas}: it must be at least 1`);
  }
  validateResources(`${owner} status`, profile.status.resources);
  if (profile.jobResources !== undefined) validateResources(`${owner} jobResources`, profile.jobResources);
}
