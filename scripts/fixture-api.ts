/**
 * Runs the fixture WMS/OMS API standalone so a person can run a job against it:
 *   npx node scripts/fixture-api.ts [--port 8700] [--delay-ms 2000] [--host 10.88.10.1]
 * (`--host`: the address to listen on; the gateway `npm run cluster:up` prints, for pods on its node)
 * then, in another shell, with a local redis-server, the printed environment and
 *   npm run job -- embu-sla
 * (see docs/jobs.md). Ctrl-C stops it.
 */
import { parseArgs } from 'node:util';
import { FIXTURE_AS_OF, startFixtureApi } from '../devkit/fixture-api.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    // Slow WMS/OMS answers make overlapping runs easy to see (one ok, one skipped).
    'delay-ms': { type: 'string', default: '0' },
  },
});
const api = await startFixtureApi({ port: Number(values.port), host: values.host });
api.setDelay('wms', Number(values['delay-ms']));
api.setDelay('oms', Number(values['delay-ms']));

console.log(`fixture API listening on ${api.url}  (WMS ${api.wmsUrl}, OMS ${api.omsUrl})`);
console.log('environment for a job run against it:\n');
for (const [name, value] of Object.entries({ ...api.env, JOB_AS_OF: FIXTURE_AS_OF, REDIS_URL: 'redis://127.0.0.1:6379' })) {
  console.log(`export ${name}=${value}`);
}
console.log('\nthen: npm run job -- embu-sla   (Ctrl-C here to stop the server)');

const stop = () => {
  void api.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
