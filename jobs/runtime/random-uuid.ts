/**
 * A random UUID (version 4) for a run's id and its lock token, from the kernel's random source.
 * Not `crypto.randomUUID`: loading `node:crypto` loads all of Node's cryptography (ciphers, key
 * objects, argon2, X.509...), about 4 ms of a job's start-up (docs/image.md), for 16 random bytes.
 * Where there is no /dev/urandom to read, `node:crypto` it is.
 */
const { closeSync, openSync, readSync } = process.getBuiltinModule('node:fs');

export function randomUuid(): string {
  const bytes = kernelRandomBytes();
  if (bytes === undefined) return process.getBuiltinModule('node:crypto').randomUUID();
  // RFC 9562: version 4 in the high nibble of byte 6, variant 10 in the high bits of byte 8.
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function kernelRandomBytes(): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync('/dev/urandom', 'r');
    const bytes = Buffer.alloc(16);
    return readSync(fd, bytes, 0, 16, null) === 16 ? bytes : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
