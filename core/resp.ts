/**
 * RESP2, the Redis wire protocol, as far as pontual speaks it: commands out as arrays of bulk
 * strings, replies in as simple strings, errors, integers, bulk strings and arrays. Pure: the
 * connection (core/redis.ts) feeds it bytes. Bulk strings are decoded as UTF-8, as every value
 * pontual stores is text.
 */

/** An error reply (`-ERR ...`, `-WRONGPASS ...`): Redis refused the command, the connection is fine. */
export class ReplyError extends Error {
  override readonly name = 'ReplyError';
  /** The command's name (never its arguments: an AUTH's argument is the password). */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}

export type RedisReply = string | number | null | ReplyError | readonly RedisReply[];
export type RedisArgument = string | number;

/** One command as Redis reads it: `*<n>` then `$<bytes>` and the bytes of each argument. */
export function encodeCommand(args: readonly RedisArgument[]): string {
  let frame = `*${args.length}\r\n`;
  for (const arg of args) {
    const text = String(arg);
    frame += `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
  }
  return frame;
}

/** Thrown inside the parser when the buffer ends inside a reply; `needed` is how long it must get. */
class Incomplete {
  readonly needed: number;

  constructor(needed: number) {
    this.needed = needed;
  }
}

/**
 * Turns the bytes of a connection into replies, however the socket cuts them. A reply split over
 * many chunks is parsed again from its start once more bytes arrive, but not before the length
 * its unfinished bulk string announced is there, so a large value costs one parse, not one per chunk.
 */
export class ReplyParser {
  #buffer: Buffer = Buffer.alloc(0);
  #needed = 0;

  /** The replies these bytes complete, in order. */
  push(chunk: Buffer): RedisReply[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    if (this.#buffer.length < this.#needed) return [];
    const replies: RedisReply[] = [];
    let offset = 0;
    let needed = 0;
    while (offset < this.#buffer.length) {
      try {
        const [reply, next] = parseReply(this.#buffer, offset);
        replies.push(reply);
        offset = next;
      } catch (error) {
        if (!(error instanceof Incomplete)) throw error;
        needed = error.needed - offset;
        break;
      }
    }
    this.#buffer = offset === this.#buffer.length ? Buffer.alloc(0) : this.#buffer.subarray(offset);
    this.#needed = needed;
    return replies;
  }

  /** Forgets a partial reply: the connection it came from is gone. */
  reset(): void {
    this.#buffer = Buffer.alloc(0);
    this.#needed = 0;
  }
}

const CR = 13;

/** The line starting at `offset` (after its type byte) and where the next one starts. */
function line(buffer: Buffer, offset: number): [string, number] {
  const end = buffer.indexOf(CR, offset);
  if (end === -1 || end + 1 >= buffer.length) throw new Incomplete(buffer.length + 1);
  return [buffer.toString('utf8', offset, end), end + 2];
}

function length(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value)) throw new Error(`Redis protocol error: "${text.slice(0, 20)}" is not a length`);
  return value;
}

function parseReply(buffer: Buffer, offset: number): [RedisReply, number] {
  if (offset >= buffer.length) throw new Incomplete(offset + 1);
  const type = buffer[offset];
  const [text, next] = line(buffer, offset + 1);
  switch (type) {
    case 0x2b: // +
      return [text, next];
    case 0x2d: // -
      return [new ReplyError(text), next];
    case 0x3a: // :
      return [length(text), next];
    case 0x24: {
      // $
      const size = length(text);
      if (size < 0) return [null, next];
      if (buffer.length < next + size + 2) throw new Incomplete(next + size + 2);
      return [buffer.toString('utf8', next, next + size), next + size + 2];
    }
    case 0x2a: {
      // *
      const count = length(text);
      if (count < 0) return [null, next];
      const items: RedisReply[] = [];
      let position = next;
      for (let i = 0; i < count; i++) {
        const [item, after] = parseReply(buffer, position);
        items.push(item);
        position = after;
      }
      return [items, position];
    }
    default:
      throw new Error(`Redis protocol error: unexpected reply type ${JSON.stringify(String.fromCharCode(type ?? 0))}`);
  }
}
