/**
 * What no log line or CLI message may carry: passwords in URLs (`redis://user:pass@host`), secret
 * assignments (`?access_token=`, `token: x`), bearer and basic credentials, Authorization headers,
 * cookies, and the arguments of Redis commands (an AUTH command's arguments are the password;
 * other commands' are data). Pure, so the logger and the CLI's error lines share one definition.
 */

export const REDACTED = '***';
/** What stands for a value nested deeper than the redactor looks: never the value itself. */
export const TOO_DEEP = '[too deep]';

/**
 * A URL's password runs to the last `@` before the text ends: a password with a raw `@` or `/`
 * (not percent-encoded, as people paste them) is masked whole, not cut at its first `@`.
 */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/?#"'<>]*):([^\s"'<>]*)@/giu;
/**
 * A credential assigned in text: a query parameter (`?access_token=`), a YAML or JSON line
 * (`token: x`, `"password":"x"`, `client-key-data: x`), as a parser's error quotes the line where
 * it stopped reading a kubeconfig; a header line whatever its scheme (`authorization: Token x`).
 */
const SECRET_ASSIGNMENT =
  /\b([\w-]*(?:token|password|passwd|secret|api[-_]?key|key-data|signature|sig|authorization)["']?\s*[:=]\s*["']?(?:(?:Bearer|Basic|Token|Digest|ApiKey)\s+)?)[^\s"',;}&#<>]+/giu;
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/giu;
/**
 * Keys whose value is a credential whatever it looks like, however they are cased or prefixed:
 * `password`, `sentinelPassword`, `WMS_API_TOKEN`, `accessToken`, `x-api-key`, `set-cookie`, `auth`
 * (Node's `user:password` request option).
 */
const SECRET_KEY = /(authorization|password|passwd|token|secret|api[-_]?key|cookie|credentials?)$|^(pass|auth)$/iu;
const MAX_DEPTH = 10;

export function redactText(text: string): string {
  return text.replace(URL_CREDENTIALS, `$1$2:${REDACTED}@`).replace(SECRET_ASSIGNMENT, `$1${REDACTED}`).replace(AUTH_SCHEME, `$1 ${REDACTED}`);
}

/**
 * A copy of a log field with credentials masked, at any depth: errors become their fields (an
 * ioredis error's `command` and `previousErrors`, a cause, an AggregateError's errors are where
 * secrets hide), and what lies deeper than the redactor looks is dropped, not printed.
 */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return TOO_DEEP;
  // What JSON would print for it: a Date's ISO time, a URL's href (password and all).
  if ('toJSON' in value && typeof value.toJSON === 'function') return redactValue((value as { toJSON(): unknown }).toJSON(), depth + 1);
  if (value instanceof Error) return redactValue(errorFields(value), depth + 1);
  if (Array.isArray(value)) return value.map((item: unknown) => redactValue(item, depth + 1));
  // Built by fromEntries, not assignment: a `__proto__` key (JSON.parse makes one from input) stays
  // a field instead of being taken for the copy's prototype and dropped.
  return Object.fromEntries(
    Object.entries(value).map(([key, item]): [string, unknown] => {
      if (SECRET_KEY.test(key) && item !== undefined && item !== null) return [key, REDACTED];
      if (key === 'command' && isRedisCommand(item)) return [key, { name: item.name }];
      return [key, redactValue(item, depth + 1)];
    }),
  );
}

/** An error as plain fields: the ones JSON would drop (name, message, stack, cause, errors) and its own. */
function errorFields(error: Error): Record<string, unknown> {
  const fields: Record<string, unknown> = { ...Object.fromEntries(Object.entries(error)), type: error.name, message: error.message, stack: error.stack };
  if (error.cause !== undefined) fields.cause = error.cause;
  if (error instanceof AggregateError) fields.errors = error.errors;
  return fields;
}

/** ioredis attaches the failed command, arguments included, to its ReplyError. */
function isRedisCommand(value: unknown): value is { name: unknown; args: unknown } {
  return typeof value === 'object' && value !== null && 'name' in value && 'args' in value;
}
