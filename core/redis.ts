/**
 * pontual's Redis client: one connection, RESP2 (core/resp.ts), the few commands the suite uses,
 * and a reconnection policy its caller decides (core/redis-client.ts). Why not ioredis: loading
 * it (its ~240 command methods, cluster code and error classes) was the largest part of a job's
 * start-up, and a job needs none of it (docs/image.md, "Where the time goes").
 *
 * Each connection starts with a handshake pipelined in one round trip: AUTH when the URL has a
 * password, SELECT when it names a database, and PING, which a Redis still loading its data
 * answers with LOADING (the handshake is then repeated every 100 ms). The client is `ready` once
 * the handshake passes; `connectTimeoutMs` bounds the whole of it, so a server that accepts the
 * connection and never answers (a stopped process, a TLS port spoken to in clear) is a failed
 * attempt, not a hang. A refused SELECT ends the client: no reconnection fixes a database number.
 *
 * Events: `ready`, `reconnecting` (delay ms), `error` (a socket or handshake error; emitted only
 * to listeners, never thrown), `end` (closed for good: asked to, or the retry strategy gave up).
 */
import { EventEmitter } from 'node:events';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { encodeCommand, ReplyError, ReplyParser, type RedisArgument, type RedisReply } from './resp.ts';

export { ReplyError } from './resp.ts';
export type { RedisArgument, RedisReply } from './resp.ts';

export interface RedisOptions {
  /** How long opening a connection (TCP, TLS, handshake) may take before the attempt fails, in ms. */
  readonly connectTimeoutMs: number;
  /** A command unanswered this long fails; its reply, should it come, is dropped. Default: no limit. */
  readonly commandTimeoutMs?: number;
  /**
   * true: commands issued while disconnected wait for the next connection, and commands unanswered
   * when a connection drops are sent again on the next. false: both fail at once.
   */
  readonly offlineQueue: boolean;
  /** The delay before reconnection attempt `attempt` (1, 2, ... since the last ready), or null: give up and end. */
  readonly retryStrategy: (attempt: number) => number | null;
}

export type RedisStatus = 'wait' | 'connecting' | 'ready' | 'reconnecting' | 'end';

/** What `exec` gives per command of a transaction: its error or its result. */
export type TransactionResult = [ReplyError | null, unknown];

/** Commands written together whose replies are awaited together (one command, or a MULTI ... EXEC). */
interface Pending {
  readonly frame: string;
  readonly replies: number;
  readonly settle: (replies: readonly RedisReply[]) => void;
  readonly fail: (error: Error) => void;
  received: RedisReply[];
  /** Settled already (timed out, or its caller gave up): its replies are dropped. */
  done: boolean;
  /** The connection's own handshake: never sent again on another connection. */
  readonly handshake?: boolean;
  timer?: NodeJS.Timeout;
}

interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly auth: readonly string[] | undefined;
  readonly database: number;
}

const CLOSED = 'Connection is closed.';

export class Redis extends EventEmitter {
  #status: RedisStatus = 'wait';
  readonly #endpoint: Endpoint;
  readonly #options: RedisOptions;
  readonly #parser = new ReplyParser();
  #socket: Socket | undefined;
  /** Written on the current connection and awaiting replies, in the order written. */
  #sent: Pending[] = [];
  /** Waiting for a connection. */
  #queued: Pending[] = [];
  #attempt = 0;
  #closing = false;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #lastError: Error | undefined;
  /** A refusal no reconnection fixes. */
  #fatal: Error | undefined;

  constructor(url: string, options: RedisOptions) {
    super();
    this.#endpoint = endpointOf(url);
    this.#options = options;
  }

  get status(): RedisStatus {
    return this.#status;
  }

  /** Opens the connection (once); resolves when ready, rejects with the last error if the client ends first. */
  connect(): Promise<void> {
    if (this.status === 'ready') return Promise.resolve();
    if (this.status === 'end') return Promise.reject(this.#fatal ?? this.#lastError ?? new Error(CLOSED));
    const settled = new Promise<void>((resolve, reject) => {
      const onReady = () => {
        this.off('end', onEnd);
        resolve();
      };
      const onEnd = () => {
        this.off('ready', onReady);
        reject(this.#fatal ?? this.#lastError ?? new Error(CLOSED));
      };
      this.once('ready', onReady);
      this.once('end', onEnd);
    });
    if (this.status === 'wait') this.#open();
    return settled;
  }

  /** Any command, its reply as Redis gives it (an error reply rejects). */
  call(...args: RedisArgument[]): Promise<RedisReply> {
    return this.#command(args, (reply) => reply);
  }

  eval(script: string, numKeys: number, ...args: RedisArgument[]): Promise<RedisReply> {
    return this.call('EVAL', script, numKeys, ...args);
  }

  hgetall(key: string): Promise<Record<string, string>> {
    return this.#command(['HGETALL', key], toHash);
  }

  hmget(key: string, ...fields: string[]): Promise<(string | null)[]> {
    return this.#command(['HMGET', key, ...fields], (reply) => reply as (string | null)[]);
  }

  xrevrange(key: string, end: string, start: string, ...rest: RedisArgument[]): Promise<[string, string[]][]> {
    return this.#command(['XREVRANGE', key, end, start, ...rest], (reply) => reply as [string, string[]][]);
  }

  /** A MULTI ... EXEC, written in one go: its commands run together or not at all. */
  multi(): Transaction {
    return new Transaction((commands) => this.#transaction(commands));
  }

  /** Closes after the commands already sent are answered. */
  async quit(): Promise<void> {
    if (this.status === 'end') return;
    if (this.status !== 'ready') {
      this.disconnect();
      return;
    }
    this.#closing = true;
    const ended = new Promise<void>((resolve) => this.once('end', resolve));
    const socket = this.#socket;
    await this.call('QUIT').catch(() => undefined);
    socket?.end();
    await ended;
  }

  /** Closes now: unanswered commands fail, no reconnection. */
  disconnect(): void {
    this.#closing = true;
    clearTimeout(this.#reconnectTimer);
    if (this.#socket !== undefined) this.#socket.destroy();
    else if (this.status !== 'end') this.#end();
  }

  #command<T>(args: readonly RedisArgument[], transform: (reply: RedisReply) => T): Promise<T> {
    const name = String(args[0]);
    return new Promise<T>((resolve, reject) => {
      this.#send(
        encodeCommand(args),
        1,
        ([reply]) => {
          if (reply instanceof ReplyError) reject(new ReplyError(reply.message, name));
          else resolve(transform(reply ?? null));
        },
        reject,
      );
    });
  }

  #transaction(commands: readonly QueuedCommand[]): Promise<TransactionResult[] | null> {
    const frame = encodeCommand(['MULTI']) + commands.map(({ args }) => encodeCommand(args)).join('') + encodeCommand(['EXEC']);
    return new Promise((resolve, reject) => {
      this.#send(
        frame,
        commands.length + 2,
        (replies) => {
          const exec = replies.at(-1) ?? null;
          if (exec instanceof ReplyError) {
            // EXECABORT: say which queued command Redis refused.
            const refused = replies.slice(1, -1).find((reply) => reply instanceof ReplyError);
            reject(new ReplyError(refused === undefined ? exec.message : `${exec.message} (${refused.message})`, 'EXEC'));
          } else if (exec === null) resolve(null);
          else {
            const results = exec as readonly RedisReply[];
            resolve(
              commands.map(({ transform }, index): TransactionResult => {
                const result = results[index] ?? null;
                return result instanceof ReplyError ? [result, undefined] : [null, transform(result)];
              }),
            );
          }
        },
        reject,
      );
    });
  }

  #send(frame: string, replies: number, settle: (replies: readonly RedisReply[]) => void, reject: (error: Error) => void): void {
    const pending: Pending = {
      frame,
      replies,
      received: [],
      done: false,
      settle: (received) => {
        if (pending.done) return;
        pending.done = true;
        clearTimeout(pending.timer);
        try {
          settle(received);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      },
      fail: (error) => {
        if (pending.done) return;
        pending.done = true;
        clearTimeout(pending.timer);
        reject(error);
      },
    };
    if (this.status === 'end') {
      pending.fail(new Error(CLOSED));
      return;
    }
    if (this.status !== 'ready' && !this.#options.offlineQueue) {
      pending.fail(new Error(`Redis is not connected (${this.status}) and this client does not queue commands`));
      return;
    }
    const timeout = this.#options.commandTimeoutMs;
    if (timeout !== undefined) {
      pending.timer = setTimeout(() => {
        // Left in #sent if written: its reply must still be read past.
        this.#queued = this.#queued.filter((queued) => queued !== pending);
        pending.fail(new Error(`Command timed out after ${timeout} ms`));
      }, timeout);
    }
    if (this.status === 'ready' && this.#socket !== undefined) this.#write(this.#socket, pending);
    else this.#queued.push(pending);
  }

  #write(socket: Socket, pending: Pending): void {
    this.#sent.push(pending);
    socket.write(pending.frame);
  }

  #open(): void {
    this.#status = 'connecting';
    const { host, port, tls } = this.#endpoint;
    const socket = tls
      ? // node:tls only for rediss://: a plain connection never pays for loading it.
        process.getBuiltinModule('node:tls').connect({ host, port, ...(isIP(host) === 0 ? { servername: host } : {}) })
      : netConnect({ host, port });
    socket.setNoDelay(true);
    this.#socket = socket;
    const timeout = this.#options.connectTimeoutMs;
    const timer = setTimeout(() => {
      socket.destroy(new Error(`connect ETIMEDOUT: no ready connection to ${host}:${port} within ${timeout} ms`));
    }, timeout);
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      this.#handshake(socket, timer);
    });
    socket.on('data', (chunk: Buffer) => {
      this.#receive(socket, chunk);
    });
    socket.on('error', (error: Error) => {
      this.#lastError = error;
      this.#emitError(error);
    });
    socket.once('close', () => {
      clearTimeout(timer);
      this.#closed(socket);
    });
  }

  #handshake(socket: Socket, timer: NodeJS.Timeout): void {
    const { auth, database } = this.#endpoint;
    const steps: RedisArgument[][] = [...(auth === undefined ? [] : [['AUTH', ...auth]]), ...(database === 0 ? [] : [['SELECT', database]]), ['PING']];
    const pending: Pending = {
      frame: steps.map((step) => encodeCommand(step)).join(''),
      replies: steps.length,
      handshake: true,
      received: [],
      done: false,
      settle: (replies) => {
        pending.done = true;
        const refusal = replies.findIndex((reply, index) => reply instanceof ReplyError && !(steps[index]?.[0] === 'AUTH' && isAuthUnneeded(reply)));
        const refused = replies[refusal];
        if (refused instanceof ReplyError) {
          const command = String(steps[refusal]?.[0]);
          if (command === 'PING' && refused.message.startsWith('LOADING')) {
            setTimeout(() => {
              if (this.#socket === socket) this.#handshake(socket, timer);
            }, 100).unref();
            return;
          }
          const error = new ReplyError(refused.message, command);
          this.#lastError = error;
          if (command === 'SELECT') this.#fatal = error;
          this.#emitError(error);
          socket.destroy();
          return;
        }
        clearTimeout(timer);
        this.#ready(socket);
      },
      fail: () => {
        pending.done = true;
      },
    };
    this.#write(socket, pending);
  }

  #ready(socket: Socket): void {
    this.#status = 'ready';
    this.#attempt = 0;
    const queued = this.#queued;
    this.#queued = [];
    for (const pending of queued) this.#write(socket, pending);
    this.emit('ready');
  }

  #receive(socket: Socket, chunk: Buffer): void {
    if (socket !== this.#socket) return;
    let replies: RedisReply[];
    try {
      replies = this.#parser.push(chunk);
    } catch (error) {
      socket.destroy(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    for (const reply of replies) {
      const pending = this.#sent[0];
      if (pending === undefined) {
        socket.destroy(new Error('Redis protocol error: a reply to no command'));
        return;
      }
      pending.received.push(reply);
      if (pending.received.length === pending.replies) {
        this.#sent.shift();
        pending.settle(pending.received);
      }
    }
  }

  #closed(socket: Socket): void {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    this.#parser.reset();
    const unanswered = this.#sent.filter((pending) => !pending.done && pending.handshake !== true);
    this.#sent = [];
    if (this.#options.offlineQueue && !this.#closing && this.#fatal === undefined) {
      for (const pending of unanswered) pending.received = [];
      this.#queued = [...unanswered, ...this.#queued];
    } else {
      for (const pending of unanswered) pending.fail(new Error(CLOSED));
    }
    if (this.#closing || this.#fatal !== undefined) {
      this.#end();
      return;
    }
    const delay = this.#options.retryStrategy(++this.#attempt);
    if (delay === null) {
      this.#end();
      return;
    }
    this.#status = 'reconnecting';
    this.emit('reconnecting', delay);
    this.#reconnectTimer = setTimeout(() => {
      this.#open();
    }, delay);
  }

  #end(): void {
    this.#status = 'end';
    const queued = this.#queued;
    this.#queued = [];
    for (const pending of queued) pending.fail(new Error(CLOSED));
    this.emit('end');
  }

  #emitError(error: Error): void {
    // An EventEmitter throws an `error` nobody listens to: here it is information, not a crash.
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}

interface QueuedCommand {
  readonly args: readonly RedisArgument[];
  readonly transform: (reply: RedisReply) => unknown;
}

/** The commands of a MULTI ... EXEC, collected, then sent together by `exec`. */
export class Transaction {
  readonly #commands: QueuedCommand[] = [];
  readonly #run: (commands: readonly QueuedCommand[]) => Promise<TransactionResult[] | null>;

  constructor(run: (commands: readonly QueuedCommand[]) => Promise<TransactionResult[] | null>) {
    this.#run = run;
  }

  hgetall(key: string): this {
    this.#commands.push({ args: ['HGETALL', key], transform: toHash });
    return this;
  }

  /** Any command, its result as Redis gives it. */
  call(...args: RedisArgument[]): this {
    this.#commands.push({ args, transform: (reply) => reply });
    return this;
  }

  /** Each command's error or result, in order; null when Redis discarded the transaction. */
  exec(): Promise<TransactionResult[] | null> {
    return this.#run(this.#commands);
  }
}

/**
 * Redis without a password refuses AUTH ("called without any password configured", before 7:
 * "no password is set"): the URL's
 * password is then unused, not wrong, and the connection serves as it did with ioredis (which
 * went on too): a password set ahead of enabling it on the server must not stop the jobs.
 */
function isAuthUnneeded(reply: ReplyError): boolean {
  return /without any password configured|no password is set/u.test(reply.message);
}

/** A flat field/value reply as an object; `__proto__` stays a field, not a prototype. */
function toHash(reply: RedisReply): Record<string, string> {
  const flat = (reply ?? []) as readonly string[];
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i] ?? '', flat[i + 1] ?? '']);
  return Object.fromEntries(pairs);
}

function endpointOf(url: string): Endpoint {
  const parsed = new URL(url);
  const username = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/u, '$1') || 'localhost',
    port: Number(parsed.port || 6379),
    tls: parsed.protocol === 'rediss:',
    auth: password === '' ? undefined : username === '' ? [password] : [username, password],
    database: Number(parsed.pathname.slice(1) || '0'),
  };
}
