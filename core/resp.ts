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

/** What the parser returns when the buffer ends inside a reply: how long the buffer must get. */
interface Incomplete {
  readonly needed: number;
}
type Parsed<T> = readonly [T, number] | Incomplete;

function incomplete(needed: number): Incomplete {
  return { needed };
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
      const parsed = parseReply(this.#buffer, offset);
      if ('needed' in parsed) {
        needed = parsed.needed - offset;
        break;
      }
      replies.push(parsed[0]);
      offset = parsed[1];
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
function line(buffer: Buffer, offset: number): Parsed<string> {
  const end = buffer.indexOf(CR, offset);
  if (end === -1 || end + 1 >= buffer.length) return incomplete(buffer.length + 1);
  return [buffer.toString('utf8', offset, end), end + 2];
}

function length(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value)) throw new Error(`Redis protocol error: "${text.slice(0, 20)}" is not a length`);
  return value;
}

/** Throws only on bytes that are not RESP: the connection is then beyond saving. */
function parseReply(buffer: Buffer, offset: number): Parsed<RedisReply> {
  if (offset >= buffer.length) return incomplete(offset + 1);
  const type = buffer[offset];
  const header = line(buffer, offset + 1);
  if ('needed' in header) return header;
  const [text, next] = header;
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
      if (buffer.length < next + size + 2) return incomplete(next + size + 2);
      return [buffer.toString('utf8', next, next + size), next + size + 2];
    }
    case 0x2a: {
      // *
      const count = length(text);
      if (count < 0) return [null, next];
      const items: RedisReply[] = [];
      let position = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buffer, position);
        if ('needed' in item) return item;
        items.push(item[0]);
        position = item[1];
      }
      return [items, position];
    }
    default:
      throw new Error(`Redis protocol error: unexpected reply type ${JSON.stringify(String.fromCharCode(type ?? 0))}`);
  }
}
