/**
 * JSON for a Lua script's cjson.decode (the ledger append, the fenced write). JavaScript strings
 * may hold lone UTF-16 surrogates (JSON.parse takes `"\ud83d"` from a source's payload, a message
 * cut mid-emoji); JSON.stringify writes them as `\ud83d` escapes, which cjson refuses, failing
 * the whole write. Sent as a plain command argument the same string would be stored with U+FFFD
 * in their place (UTF-8 encoding does that): here it is too, so a script stores what a plain
 * command would have.
 */
export function luaJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' ? item.toWellFormed() : item));
}
