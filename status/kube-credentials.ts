/**
 * Where the Kubernetes API is and how to authenticate to it: the pod's service account, or the
 * current context of a kubeconfig file. Read without @kubernetes/client-node, whose import alone
 * costs the status service about 85 MiB of RSS (docs/status.md, "Memory").
 *
 * Supported in a kubeconfig: `certificate-authority(-data)`, `insecure-skip-tls-verify`,
 * `client-certificate(-data)` / `client-key(-data)`, `token`, `tokenFile`, and an `exec`
 * credential plugin that prints a token (what `doctl kubernetes cluster kubeconfig save` writes).
 * Anything else (`auth-provider`, basic auth, an exec plugin answering with a client certificate)
 * is refused at start with CONFIG_INVALID rather than tried and failed at every request.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { PontualError } from '../core/errors.ts';
import type { KubeAccess } from './config.ts';

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
/** Bound service account tokens rotate (hourly); the kubelet rewrites the file. client-go re-reads it every minute too. */
const TOKEN_FILE_REREAD_MS = 60_000;

export interface KubeCredentials {
  /** e.g. https://10.0.0.1:443, without a trailing slash. */
  readonly server: string;
  readonly ca: Buffer | undefined;
  readonly cert: Buffer | undefined;
  readonly key: Buffer | undefined;
  readonly insecureSkipTlsVerify: boolean;
  /** The Authorization header value for the next request, if any. */
  readonly authorization: () => Promise<string | undefined>;
}

export interface CredentialSources {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly readFile?: (path: string) => Buffer;
  readonly now?: () => number;
  /** Runs an exec credential plugin and returns its stdout. */
  readonly runPlugin?: (command: string, args: readonly string[], env: Readonly<Record<string, string | undefined>>) => Promise<string>;
}

export async function loadKubeCredentials(access: KubeAccess, sources: CredentialSources = {}): Promise<KubeCredentials> {
  const readFile = sources.readFile ?? ((path: string) => readFileSync(path));
  const now = sources.now ?? Date.now;
  const env = sources.env ?? process.env;
  try {
    if (access.mode === 'in-cluster') return inCluster(env, readFile, now);
    return await fromKubeconfig(access.path, env, readFile, now, sources.runPlugin ?? runPlugin);
  } catch (error) {
    if (error instanceof PontualError) throw error;
    const source = access.mode === 'in-cluster' ? 'the in-cluster service account' : `KUBECONFIG (${access.path})`;
    // The reason's first line: a YAML parser quotes the lines around the fault below it, tokens included.
    const reason = firstLine(error);
    throw new PontualError('CONFIG_INVALID', `cannot load Kubernetes credentials from ${source}: ${reason}`, { cause: error });
  }
}

function inCluster(env: Readonly<Record<string, string | undefined>>, readFile: (path: string) => Buffer, now: () => number): KubeCredentials {
  const host = env.KUBERNETES_SERVICE_HOST ?? '';
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  if (host === '') throw invalid('KUBERNETES_SERVICE_HOST is not set: not in a pod');
  return {
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    ca: readFile(join(SERVICE_ACCOUNT_DIR, 'ca.crt')),
    cert: undefined,
    key: undefined,
    insecureSkipTlsVerify: false,
    authorization: tokenFromFile(join(SERVICE_ACCOUNT_DIR, 'token'), readFile, now),
  };
}

type Yaml = Record<string, unknown>;

async function fromKubeconfig(
  path: string,
  env: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => Buffer,
  now: () => number,
  plugin: NonNullable<CredentialSources['runPlugin']>,
): Promise<KubeCredentials> {
  // Loaded only here: in a pod the service never parses YAML (the bundle keeps it in its own chunk,
  // where this CommonJS package's functions are on `default` only).
  const yaml = (await import('yaml')) as unknown as { parse?: (text: string) => unknown; default?: { parse: (text: string) => unknown } };
  const parse = yaml.parse ?? yaml.default?.parse;
  if (parse === undefined) throw new Error('the yaml package has no parse function');
  const config = asObject(parse(readFile(path).toString('utf8')), 'the file');
  const base = dirname(path);
  const file = (value: unknown): string => {
    const name = String(value);
    return isAbsolute(name) ? name : join(base, name);
  };
  const contextName = config['current-context'];
  if (typeof contextName !== 'string' || contextName === '') throw invalid('KUBECONFIG has no current-context');
  const context = named(config.contexts, contextName, 'context', 'context');
  const cluster = named(config.clusters, context.cluster, 'cluster', 'cluster');
  const user = context.user === undefined ? {} : named(config.users, context.user, 'user', 'user');
  const server = cluster.server;
  if (typeof server !== 'string' || !/^https?:\/\//u.test(server)) throw invalid(`KUBECONFIG's cluster "${String(context.cluster)}" has no http(s) server`);

  const data = (inline: unknown, fileName: unknown): Buffer | undefined => {
    if (typeof inline === 'string' && inline !== '') return Buffer.from(inline, 'base64');
    if (typeof fileName === 'string' && fileName !== '') return readFile(file(fileName));
    return undefined;
  };
  for (const unsupported of ['auth-provider', 'username', 'password']) {
    if (user[unsupported] !== undefined)
      throw invalid(
        `KUBECONFIG's user "${String(context.user)}" uses ${unsupported}, which the status service does not support: use a token, a client certificate or an exec plugin`,
      );
  }
  let authorization: () => Promise<string | undefined> = () => Promise.resolve(undefined);
  if (typeof user.token === 'string' && user.token !== '') {
    const header = `Bearer ${user.token}`;
    authorization = () => Promise.resolve(header);
  } else if (typeof user.tokenFile === 'string' && user.tokenFile !== '') {
    authorization = tokenFromFile(file(user.tokenFile), readFile, now);
  } else if (user.exec !== undefined) {
    authorization = execToken(asObject(user.exec, 'exec'), env, now, plugin);
  }
  return {
    server: server.replace(/\/+$/u, ''),
    ca: data(cluster['certificate-authority-data'], cluster['certificate-authority']),
    cert: data(user['client-certificate-data'], user['client-certificate']),
    key: data(user['client-key-data'], user['client-key']),
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true,
    authorization,
  };
}

function tokenFromFile(path: string, readFile: (path: string) => Buffer, now: () => number): () => Promise<string | undefined> {
  let header = '';
  let readAt = -Infinity;
  return () => {
    if (now() - readAt >= TOKEN_FILE_REREAD_MS) {
      header = `Bearer ${readFile(path).toString('utf8').trim()}`;
      readAt = now();
    }
    return Promise.resolve(header);
  };
}

/** client.authentication.k8s.io ExecCredential: the token is reused until its expiry (less a minute), else for ten minutes. */
function execToken(
  exec: Yaml,
  env: Readonly<Record<string, string | undefined>>,
  now: () => number,
  plugin: NonNullable<CredentialSources['runPlugin']>,
): () => Promise<string | undefined> {
  const command = exec.command;
  if (typeof command !== 'string' || command === '') throw invalid('KUBECONFIG exec plugin has no command');
  const args = Array.isArray(exec.args) ? exec.args.map(String) : [];
  const extra = Array.isArray(exec.env) ? exec.env.map((entry) => asObject(entry, 'exec env')) : [];
  const pluginEnv: Record<string, string | undefined> = { ...env };
  for (const entry of extra) pluginEnv[String(entry.name)] = String(entry.value);
  pluginEnv.KUBERNETES_EXEC_INFO = JSON.stringify({ apiVersion: exec.apiVersion, kind: 'ExecCredential', spec: { interactive: false } });
  let cached: { header: string; until: number } | undefined;
  let pending: Promise<string> | undefined;
  return async () => {
    if (cached !== undefined && now() < cached.until) return cached.header;
    pending ??= (async () => {
      try {
        const output = asObject(JSON.parse(await plugin(command, args, pluginEnv)), 'the exec plugin output');
        const status = asObject(output.status, 'the exec plugin status');
        if (typeof status.token !== 'string' || status.token === '') {
          throw new PontualError(
            'KUBE_UNAVAILABLE',
            `the exec credential plugin ${command} returned no token (client certificates from a plugin are not supported)`,
          );
        }
        const expires = typeof status.expirationTimestamp === 'string' ? Date.parse(status.expirationTimestamp) : NaN;
        cached = { header: `Bearer ${status.token}`, until: Number.isFinite(expires) ? expires - 60_000 : now() + 600_000 };
        return cached.header;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };
}

/** An error's first line; a YAML error's position as `(line:column)`. */
function firstLine(error: unknown): string {
  const line = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  const position = (error as { linePos?: readonly { line: number; col: number }[] } | null)?.linePos?.[0];
  return position === undefined ? line : `${line.replace(/ at line \d+, column \d+:?$/u, '')} (${String(position.line)}:${String(position.col)})`;
}

function runPlugin(command: string, args: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, timeout: 30_000, maxBuffer: 1024 * 1024 }, (error, stdout) => {
      if (error === null) resolve(stdout);
      else reject(new PontualError('KUBE_UNAVAILABLE', `the exec credential plugin ${command} failed`, { cause: error }));
    });
  });
}

function named(list: unknown, name: unknown, field: string, what: string): Yaml {
  const found = Array.isArray(list) ? list.map((entry) => asObject(entry, what)).find((entry) => entry.name === name) : undefined;
  if (found === undefined) throw invalid(`KUBECONFIG has no ${what} named "${String(name)}"`);
  return asObject(found[field], `${what} "${String(name)}"`);
}

function asObject(value: unknown, what: string): Yaml {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`KUBECONFIG: ${what} is not a mapping`);
  return value as Yaml;
}

function invalid(message: string): PontualError {
  return new PontualError('CONFIG_INVALID', message);
}
