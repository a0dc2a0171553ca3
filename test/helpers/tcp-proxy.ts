// A loopback TCP proxy a test can cut, to give a real client a real outage
// (connections refused and reset) without stopping the shared server.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy { port: number; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let port = 0;
  let server: Server;
  const listen = (p: number) =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(targetPort, targetHost);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(p, '127.0.0.1', () => {
        port = (server.address() as { port: number }).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  await listen(0);
  return {
    get port() { return port; },
    cut: stop,
    restore: () => listen(port),
    close: stop,
  };
}
