/**
 * The one check of a Redis URL, shared by every process's config (REDIS_URL) and the CLI's
 * --redis-url. What ioredis would throw on from inside `new Redis` (a `%` that is not an escape:
 * URIError; a port out of range: Invalid URL) or silently reinterpret (no host means localhost; a
 * path that is not a database number) is a setting to fix: the caller turns it into
 * CONFIG_INVALID naming the variable, never an INTERNAL crash. Never echoes the value: it may
 * carry a password.
 */

export function parseRedisUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('not a URL (a password with "/", "#" or "?" must be percent-encoded)');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error(`expected a redis:// or rediss:// URL, got ${url.protocol}//`);
  if (url.hostname === '') throw new Error('the URL has no host');
  try {
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
  } catch {
    throw new Error('the user or password has a "%" that is not a percent-escape: write it as %25');
  }
  if (!/^(\/\d*)?$/u.test(url.pathname)) throw new Error('the path, when there is one, must be a database number (e.g. /0)');
  return value;
}
