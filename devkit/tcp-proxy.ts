import { createConnection, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Forwards TCP connections from `host` (e.g. the test node's gateway) to a loopback port: the
 * node has no kube-proxy, so this is how its pods reach the API server on 127.0.0.1. `listenPort`
 * 0 takes a free one.
 */
export async function startTcpProxy(host: string, targetPort: number, listenPort = 0): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const server = createServer((incoming) => {
    const outgoing = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const socket of [incoming, outgoing]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        incoming.destroy();
        outgoing.destroy();
      });
    }
    incoming.pipe(outgoing).pipe(incoming);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    host,
    port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
