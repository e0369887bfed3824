/**
 * A round-robin TCP load balancer for tests: what nginx does in docs/DEPLOY.md, small enough to
 * read. Each client connection goes to the next backend that accepts it; a backend that refuses
 * (a killed relay) is skipped, so its clients' reconnects land on the others.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpBalancer {
  /** ws://127.0.0.1:<port>/sync */
  readonly wsUrl: string;
  readonly port: number;
  /** Ports of the backends, in the order connections were handed to them. */
  readonly assigned: number[];
  close(): Promise<void>;
}

export async function startTcpBalancer(backendPorts: () => readonly number[]): Promise<TcpBalancer> {
  let next = 0;
  const assigned: number[] = [];
  const sockets = new Set<Socket>();
  const connectTo = (client: Socket, attemptsLeft: number): void => {
    const ports = backendPorts();
    if (attemptsLeft === 0 || ports.length === 0) {
      client.destroy();
      return;
    }
    const port = ports[next++ % ports.length] as number;
    const upstream = createConnection({ host: '127.0.0.1', port });
    let connected = false;
    upstream.once('error', () => {
      if (!connected) connectTo(client, attemptsLeft - 1);
    });
    upstream.once('connect', () => {
      connected = true;
      assigned.push(port);
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.resume();
    });
  };
  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    connectTo(client, backendPorts().length);
  });
  const port = await new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
  return {
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    port,
    assigned,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
