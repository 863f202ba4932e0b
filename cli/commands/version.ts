import { isSea } from 'node:sea';
import packageJson from '../../package.json' with { type: 'json' };
import type { CliContext } from '../cli-context.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { formatData } from '../output.ts';
import type { VersionInvocation } from '../parse-args.ts';

/** Set by the single-executable build (scripts/build-cli.ts) through esbuild's `define`; absent when run from a checkout. */
declare const PONTUAL_BUILD: { readonly commit: string; readonly platform: string } | undefined;

export interface ClientVersion {
  readonly version: string;
  readonly commit?: string;
  /** `node`: the TypeScript from a checkout; `bundle`: the npm tarball's bundle; `single-executable`: the release binary. */
  readonly runtime: 'node' | 'bundle' | 'single-executable';
  readonly nodeVersion: string;
  readonly platform: string;
}

export function clientVersion(): ClientVersion {
  const build = typeof PONTUAL_BUILD === 'undefined' ? undefined : PONTUAL_BUILD;
  return {
    version: packageJson.version,
    ...(build === undefined ? {} : { commit: build.commit }),
    runtime: build === undefined ? 'node' : isSea() ? 'single-executable' : 'bundle',
    nodeVersion: process.version,
    // kubectl's names: linux/amd64, darwin/arm64.
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}

/** `version`: kubectl's shape (clientVersion, serverVersion); --client asks no cluster. */
export async function versionCommand(invocation: VersionInvocation, context: CliContext): Promise<ExitCode> {
  const client = clientVersion();
  const server = invocation.clientOnly ? undefined : await context.kube(invocation.global).serverVersion();
  const data = { clientVersion: client, ...(server === undefined ? {} : { serverVersion: { gitVersion: server.gitVersion, platform: server.platform } }) };
  const lines = [
    `Client Version: ${client.version}${client.commit === undefined ? '' : ` (${client.commit})`} (${client.runtime}, Node ${client.nodeVersion}, ${client.platform})`,
    ...(server === undefined ? [] : [`Server Version: ${server.gitVersion}`]),
  ];
  context.stdout.write(
    formatData(
      invocation.global.output,
      data,
      () => `${lines.join('\n')}\n`,
      () => [],
    ),
  );
  return EXIT.ok;
}
