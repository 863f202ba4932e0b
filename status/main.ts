// Needs Node >= 24.11 (it runs this TypeScript directly): `npx node <this file>` or the npm scripts use the pinned one; a system Node 20 fails with ERR_UNKNOWN_FILE_EXTENSION.
/**
 * `npm run status`: the status service. Exit 2 when its configuration is invalid (the message
 * names the variable), 1 at once when it cannot start (e.g. PORT in use); SIGTERM drains (probes
 * 503, in-flight requests finish) and exits 0.
 */
import { isPontualError, toPontualError } from '../core/errors.ts';
import { STATUS_SERVICE_NAME } from '../core/labels.ts';
import { createLogger, errorField } from '../core/logger.ts';
import { exitOnUncaught } from '../core/exit-on-uncaught.ts';
import { loadStatusConfig } from './config.ts';
import { createKubeClient } from './kube-client.ts';
import { loadKubeCredentials } from './kube-credentials.ts';
import { createStatusService } from './status-service.ts';

const base = { service: STATUS_SERVICE_NAME };
// Before the config is read, for a crash while reading it; then the service's own at LOG_LEVEL.
const startLogger = createLogger({ level: 'info', base });
exitOnUncaught(startLogger);

async function main(): Promise<void> {
  const config = loadStatusConfig();
  const logger = createLogger({ level: config.logLevel, base });
  const service = createStatusService({ config, kube: createKubeClient(await loadKubeCredentials(config.kube)), logger, drainDelayMs: 5_000 });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining');
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await service.start();
}

main().catch((error: unknown) => {
  const pontual = toPontualError(error);
  startLogger.fatal({ code: pontual.code, ...errorField(error) }, pontual.message);
  // At once: a half-started service (watches or timers running, no listener) must not live on.
  process.exit(isPontualError(error) ? pontual.exitCode : 1);
});
