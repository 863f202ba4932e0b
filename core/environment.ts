/**
 * The shape of an environment declaration: each process lists the variables it reads once
 * (jobs/environment.ts, status/environment.ts, cli/cli-config.ts), its config module reads only
 * those, and infra renders the manifests' env from the same list, so code and manifests cannot
 * disagree about a name. Also the one reader every config module uses.
 */
import type { ApiSource } from './catalog.ts';
import { PontualError } from './errors.ts';

export interface EnvVarSpec {
  readonly name: string;
  readonly description: string;
  /** Secret values never appear in manifests: infra references `SECRET_NAME` key `secretKey`. */
  readonly secretKey?: string;
  /** Default used when unset; undefined means required. */
  readonly default?: string;
  /** Set by Kubernetes through the downward API, not by operators. */
  readonly downward?: string;
  /** A secret the process can do without: its Secret key reference is optional. */
  readonly optional?: boolean;
  /**
   * How the manifests set it when not from the ConfigMap, the Secret or the downward API:
   * `literal` writes the default as the value (a port the manifests also name), `unset` leaves it
   * out (local-only settings such as KUBECONFIG).
   */
  readonly cluster?: 'literal' | 'unset';
  /** With `cluster: 'literal'`: the manifests' value when it differs from the local default. */
  readonly clusterValue?: string;
  /** Only jobs reading this API (catalog `sources`) get the variable. */
  readonly source?: ApiSource;
}

/** The Secret operators create (`kubectl create secret generic pontual-secrets ...`). */
export const SECRET_NAME = 'pontual-secrets';
/** The ConfigMap infra writes with the non-secret settings. */
export const CONFIG_MAP_NAME = 'pontual-config';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads declared variables: applies the declared default, parses the value, and turns any problem
 * into CONFIG_INVALID naming the variable (exit 2: retrying cannot fix a setting). Reading an
 * undeclared name is a programming error, not a configuration one.
 */
export function envReader(specs: readonly EnvVarSpec[], env: Env, declaredIn: string) {
  return <T>(name: string, parse: (value: string) => T): T => {
    const spec = specs.find((candidate) => candidate.name === name);
    if (spec === undefined) throw new Error(`${name} is not declared in ${declaredIn}`);
    const raw = env[name] ?? spec.default;
    if (raw === undefined || (raw === '' && spec.default === undefined)) {
      throw new PontualError('CONFIG_INVALID', `${name} is required: ${spec.description}`);
    }
    try {
      return parse(raw);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new PontualError('CONFIG_INVALID', `${name} is invalid: ${reason}`, { cause: error });
    }
  };
}
