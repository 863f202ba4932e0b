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

/** An array whose header is read and whose items are still coming. */
interface OpenArray {
  readonly items: RedisReply[];
  readonly count: number;
}

/**
 * Turns the bytes of a connection into replies, however the socket cuts them. Parsing resumes
 * where the last chunk ended, the arrays it is inside kept open, so a reply costs one parse
 * however many chunks it comes in (parsing it again from its start at each chunk made a large
 * HGETALL quadratic: seconds of blocked event loop for a few megabytes). Chunks wait unjoined
 * until the bulk string they are inside is complete, so a large value is copied once.
 */
export class ReplyParser {
  #chunks: Buffer[] = [];
  #length = 0;
  #needed = 0;
  #open: OpenArray[] = [];

  /** The replies these bytes complete, in order. */
  push(chunk: Buffer): RedisReply[] {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
    if (this.#length < this.#needed) return [];
    const buffer = this.#chunks.length === 1 ? chunk : Buffer.concat(this.#chunks, this.#length);
    const replies: RedisReply[] = [];
    let offset = 0;
    let needed = 0;
    while (offset < buffer.length) {
      const parsed = parseElement(buffer, offset);
      if ('needed' in parsed) {
        needed = parsed.needed - offset;
        break;
      }
      offset = parsed[1];
      const element = parsed[0];
      let reply: RedisReply;
      if (element instanceof ArrayHeader) {
        if (element.count > 0) {
          this.#open.push({ items: [], count: element.count });
          continue;
        }
        reply = element.count === 0 ? [] : null;
      } else reply = element;
      // A complete value closes every array it completes.
      for (let top = this.#open.at(-1); top !== undefined; top = this.#open.at(-1)) {
        top.items.push(reply);
        if (top.items.length < top.count) break;
        this.#open.pop();
        reply = top.items;
      }
      if (this.#open.length === 0) replies.push(reply);
    }
    const rest = offset === buffer.length ? undefined : buffer.subarray(offset);
    this.#chunks = rest === undefined ? [] : [rest];
    this.#length = rest?.length ?? 0;
    this.#needed = needed;
    return replies;
  }

  /** Forgets a partial reply: the connection it came from is gone. */
  reset(): void {
    this.#chunks = [];
    this.#length = 0;
    this.#needed = 0;
    this.#open = [];
  }
}

const CR = 13;

/** The line starting at `offset` (after its type byte) and where the next one starts. */
function line(buffer: Buffer, offset: number): Parsed<string> {
  const end = buffer.indexOf(CR, offset);
  if (end === -1 || end + 1 >= buffer.length) return incomplete(buffer.length + 1);
  return [buffer.toString('utf8', offset, end), end + 2];
}

/** Redis writes lengths and integers as plain decimals: Number() alone would take "", " 5", "0x10" or "1e3". */
const DECIMAL = /^-?\d+$/u;

function length(text: string): number {
  if (!DECIMAL.test(text)) throw new Error(`Redis protocol error: "${text.slice(0, 20)}" is not a length`);
  return Number(text);
}

/** An array's `*<count>` line: its items follow as elements of their own. */
class ArrayHeader {
  readonly count: number;

  constructor(count: number) {
    this.count = count;
  }
}

/** One value, or an array's header. Throws only on bytes that are not RESP: the connection is then beyond saving. */
function parseElement(buffer: Buffer, offset: number): Parsed<Exclude<RedisReply, readonly RedisReply[]> | ArrayHeader> {
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
    case 0x2a: // *
      return [new ArrayHeader(length(text)), next];
    default:
      throw new Error(`Redis protocol error: unexpected reply type ${JSON.stringify(String.fromCharCode(type ?? 0))}`);
  }
}
