/**
 * The plugin's settings from its environment: the one place the CLI reads env (flags override
 * these per command). A bad value stops the command with CONFIG_INVALID naming the variable,
 * exit 2 like any usage error.
 */
import { envReader, type Env, type EnvVarSpec } from '../core/environment.ts';
import { parseLogLevel, type LogLevel } from '../core/logger.ts';
import { DEFAULT_KEY_PREFIX } from '../core/run-ledger.ts';
import { parseRedisUrl } from '../core/redis-url.ts';

export const CLI_ENV_VARS: readonly EnvVarSpec[] = Object.freeze([
  { name: 'KUBECONFIG', description: 'kubeconfig files, as for kubectl', default: '' },
  { name: 'REDIS_URL', description: 'redis:// or rediss:// URL: `history` reads the run ledger straight from Redis', default: '' },
  { name: 'REDIS_KEY_PREFIX', description: 'Prefix of every Redis key the suite writes', default: DEFAULT_KEY_PREFIX },
  { name: 'LOG_LEVEL', description: 'JSON diagnostics on stderr (core/logger.ts)', default: 'silent' },
  { name: 'PONTUAL_DEBUG', description: 'Set to print the stack of an unexpected error', default: '' },
]);

export interface CliConfig {
  /** KUBECONFIG as given (a path list); empty when unset. */
  readonly kubeconfig: string;
  readonly redisUrl: string | undefined;
  readonly redisKeyPrefix: string;
  readonly logLevel: LogLevel;
  readonly debug: boolean;
}

/** A blank prefix would read keys no job writes: "no runs recorded", which is not true. */
function keyPrefix(value: string): string {
  if (value === '') return DEFAULT_KEY_PREFIX;
  if (value.trim() === '') throw new Error('must not be blank');
  return value;
}

export function loadCliConfig(env: Env): CliConfig {
  const read = envReader(CLI_ENV_VARS, env, 'cli/cli-config.ts');
  const text = (value: string): string => value;
  return Object.freeze({
    kubeconfig: read('KUBECONFIG', text),
    redisUrl: read('REDIS_URL', (value) => (value === '' ? undefined : parseRedisUrl(value))),
    redisKeyPrefix: read('REDIS_KEY_PREFIX', keyPrefix),
    logLevel: read('LOG_LEVEL', parseLogLevel),
    debug: read('PONTUAL_DEBUG', text) !== '',
  });
}
