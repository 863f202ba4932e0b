/**
 * The API server as pods on the test node can reach it: `cluster:up` runs this detached, so a
 * status Deployment applied by hand can watch (there is no kube-proxy to route the `kubernetes`
 * Service's IP). Forwards `<host>:<port>` to the API server's loopback port until SIGTERM.
 *
 *   node scripts/api-proxy.ts <host> <port> <api-server-port> <owner-dir>
 *
 * `owner-dir` is the plane's temp dir: it is only there so `cluster:down` recognises this process
 * by its command line (scripts/cluster-down.ts, isOurs).
 */
import { startTcpProxy } from '../devkit/tcp-proxy.ts';

const [host, port, target, owner] = process.argv.slice(2);
if (host === undefined || port === undefined || target === undefined || owner === undefined) {
  console.error('usage: node scripts/api-proxy.ts <host> <port> <api-server-port> <owner-dir>');
  process.exit(2);
}
const proxy = await startTcpProxy(host, Number(target), Number(port));
console.error(`forwarding ${proxy.host}:${proxy.port} to 127.0.0.1:${target}`);
process.once('SIGTERM', () => {
  void proxy.close().then(() => process.exit(0));
});
