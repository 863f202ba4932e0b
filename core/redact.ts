/**
 * What no log line or CLI message may carry: passwords in URLs (`redis://user:pass@host`), bearer
 * and basic credentials, Authorization headers, and the arguments of Redis commands (an AUTH
 * command's arguments are the password; other commands' are data). Pure, so the logger and the
 * CLI's error lines share one definition.
 */

export const REDACTED = '***';

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/?#]*):([^\s@/?#]+)@/giu;
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/giu;
/** Keys whose value is a credential whatever it looks like. */
const SECRET_KEY = /^(authorization|proxy-authorization|password|pass|token|secret|api[-_]?token|.*_TOKEN|.*_PASSWORD)$/iu;
const MAX_DEPTH = 10;

export function redactText(text: string): string {
  return text.replace(URL_CREDENTIALS, `$1$2:${REDACTED}@`).replace(AUTH_SCHEME, `$1 ${REDACTED}`);
}

/**
 * A copy of a log field with credentials masked. Errors are returned as they are: the logger's
 * error serializer redacts them once serialized, keeping their stack and cause chain.
 */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || value instanceof Error || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => redactValue(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (SECRET_KEY.test(key) && item !== undefined && item !== null) copy[key] = REDACTED;
    else if (key === 'command' && isRedisCommand(item)) copy[key] = { name: item.name };
    else copy[key] = redactValue(item, depth + 1);
  }
  return copy;
}

/** ioredis attaches the failed command, arguments included, to its ReplyError. */
function isRedisCommand(value: unknown): value is { name: unknown; args: unknown } {
  return typeof value === 'object' && value !== null && 'name' in value && 'args' in value;
}
