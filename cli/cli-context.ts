import { homedir } from 'node:os';
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createKubeClient, type KubeClient } from './kube-client.ts';
import { loadCliConfig } from './cli-config.ts';
import { resolveKubeTarget } from './kube-config.ts';
import type { GlobalOptions } from './parse-args.ts';

/** Everything a command touches outside its arguments, injected so tests can replace it. */
export interface CliContext {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => Date;
  /** Resolves after `ms`, or early (without error) when `signal` aborts. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** How often `run --wait` and `logs -f` look at the cluster. */
  readonly pollIntervalMs: number;
  /** Resolves kubeconfig, context and namespace from the global flags and connects lazily. */
  readonly kube: (global: GlobalOptions) => KubeClient;
}

export function defaultCliContext(): CliContext {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    now: () => new Date(),
    sleep: async (ms, signal) => {
      await sleep(ms, undefined, signal === undefined ? {} : { signal }).catch((error: unknown) => {
        if (!(signal?.aborted ?? false)) throw error;
      });
    },
    pollIntervalMs: 1_000,
    kube: (global) =>
      createKubeClient(
        resolveKubeTarget({
          ...(global.kubeconfig === undefined ? {} : { kubeconfig: global.kubeconfig }),
          ...(global.context === undefined ? {} : { context: global.context }),
          ...(global.namespace === undefined ? {} : { namespace: global.namespace }),
          kubeconfigEnv: loadCliConfig(process.env).kubeconfig,
          homeDir: homedir(),
        }),
        global.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: global.requestTimeoutMs },
      ),
  };
}

/** Writes a line; returns once it is handed to the stream. */
export function writeLine(stream: Writable, line: string): void {
  stream.write(line.endsWith('\n') ? line : `${line}\n`);
}
