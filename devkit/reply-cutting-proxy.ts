import { createConnection, createServer, type Socket } from 'node:net';

export interface ReplyCuttingProxy {
  readonly port: number;
  /** The next reply Redis sends is dropped and the client's connection cut: Redis did the work, the client never hears of it. */
  cutNextReply(): void;
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy in front of Redis that can lose a reply: the one failure that tells
 * whether a client's resend after a reconnect applies a write twice (a command can only be
 * answered after it ran).
 */
export async function startReplyCuttingProxy(targetPort: number): Promise<ReplyCuttingProxy> {
  const sockets = new Set<Socket>();
  let armed = false;
  const server = createServer((incoming) => {
    const outgoing = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const socket of [incoming, outgoing]) {
      sockets.add(socket);
      socket.on('close', () => {
        sockets.delete(socket);
        incoming.destroy();
        outgoing.destroy();
      });
      socket.on('error', () => undefined);
    }
    incoming.pipe(outgoing);
    outgoing.on('data', (chunk: Buffer) => {
      if (armed) {
        armed = false;
        incoming.destroy();
        outgoing.destroy();
        return;
      }
      incoming.write(chunk);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : 0,
    cutNextReply() {
      armed = true;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
