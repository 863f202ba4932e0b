/**
 * The status service's Kubernetes client: GET requests on one keep-alive agent, answered as a
 * byte stream (a watch) or parsed JSON (a list page). All the service ever sends is list and watch
 * on three resources, so this replaces @kubernetes/client-node (about 85 MiB of RSS once imported)
 * with Node's own http/https. Credentials come from kube-credentials.ts.
 */
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { PontualError } from '../core/errors.ts';
import type { KubeCredentials } from './kube-credentials.ts';

// process.getBuiltinModule, not an ESM import: importing node:http as ESM builds its namespace, whose
// lazy exports (WebSocket, MessageEvent...) load undici, about 12 MiB of RSS (docs/status.md).
const { request: httpRequest, Agent: HttpAgent } = process.getBuiltinModule('node:http');

export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/** An answer other than 2xx, with the API's Status reason when it sent one. */
export class KubeStatusError extends PontualError {
  readonly status: number;
  readonly reason: string | undefined;

  constructor(status: number, reason: string | undefined, message: string) {
    super(status === 401 || status === 403 ? 'KUBE_FORBIDDEN' : 'KUBE_UNAVAILABLE', message);
    this.status = status;
    this.reason = reason;
  }
}

export interface KubeClient {
  readonly server: string;
  /** Starts a GET and resolves with the response once its status is 2xx (its body unread). */
  stream(path: string, query: Query, signal: AbortSignal): Promise<IncomingMessage>;
  /** GET and parse the JSON body. */
  getJson(path: string, query: Query, signal: AbortSignal): Promise<unknown>;
  close(): void;
}

/** Requests that take longer than this to answer their headers are abandoned (a watch's body may then stream for minutes). */
const HEADERS_TIMEOUT_MS = 30_000;

export function createKubeClient(credentials: KubeCredentials): KubeClient {
  const secure = credentials.server.startsWith('https:');
  const agent = secure
    ? new HttpsAgent({
        keepAlive: true,
        ...(credentials.ca === undefined ? {} : { ca: credentials.ca }),
        ...(credentials.cert === undefined ? {} : { cert: credentials.cert }),
        ...(credentials.key === undefined ? {} : { key: credentials.key }),
        rejectUnauthorized: !credentials.insecureSkipTlsVerify,
      })
    : new HttpAgent({ keepAlive: true });
  const send = secure ? httpsRequest : httpRequest;

  async function stream(path: string, query: Query, signal: AbortSignal): Promise<IncomingMessage> {
    const url = new URL(credentials.server + path);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
    const authorization = await credentials.authorization();
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = send(url, {
        agent,
        method: 'GET',
        signal,
        headers: { accept: 'application/json', 'user-agent': 'pontual-status', ...(authorization === undefined ? {} : { authorization }) },
      });
      const timer = setTimeout(() => {
        outgoing.destroy(new PontualError('KUBE_UNAVAILABLE', `GET ${url.pathname}: no answer in ${HEADERS_TIMEOUT_MS / 1000} s`));
      }, HEADERS_TIMEOUT_MS);
      outgoing.once('response', (incoming) => {
        clearTimeout(timer);
        resolve(incoming);
      });
      outgoing.once('error', (error) => {
        clearTimeout(timer);
        reject(signal.aborted ? error : new PontualError('KUBE_UNAVAILABLE', `GET ${url.pathname} on ${credentials.server} failed`, { cause: error }));
      });
      outgoing.end();
    });
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) return response;
    const body = await readBody(response).catch(() => '');
    let reason: string | undefined;
    let message = body.slice(0, 300);
    try {
      const parsed = JSON.parse(body) as { reason?: unknown; message?: unknown };
      if (typeof parsed.reason === 'string') reason = parsed.reason;
      if (typeof parsed.message === 'string') message = parsed.message;
    } catch {
      // Not a Status object (a proxy's error page): the start of the body is the message.
    }
    throw new KubeStatusError(status, reason, `GET ${url.pathname} answered ${String(status)}${message === '' ? '' : `: ${message}`}`);
  }

  return {
    server: credentials.server,
    stream,
    async getJson(path, query, signal) {
      const response = await stream(path, query, signal);
      return JSON.parse(await readBody(response)) as unknown;
    },
    close() {
      agent.destroy();
    },
  };
}

async function readBody(response: IncomingMessage): Promise<string> {
  response.setEncoding('utf8');
  let body = '';
  for await (const chunk of response) body += chunk as string;
  return body;
}
