/**
 * A TCP proxy that makes a link slow, for fault tests: every byte is delayed by `latencyMs` in each
 * direction, and each direction is capped at `bytesPerSecond` (a slow 3G uplink at a school: 2 s
 * round trip, 50 KB/s). Protocol-agnostic (HTTP and websockets pass through unchanged); order is
 * kept; a close on one side closes the other once the bytes before it were delivered.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface SlowProxy {
  readonly port: number;
  /** Stops accepting and drops every proxied connection. */
  close(): Promise<void>;
}

const PIECE_BYTES = 1024;

export async function startSlowProxy(options: { targetPort: number; latencyMs: number; bytesPerSecond: number }): Promise<SlowProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(options.targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    shape(client, upstream, options);
    shape(upstream, client, options);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Copies `from` to `to`, each piece leaving `latencyMs` after it arrived and no faster than the cap. */
function shape(from: Socket, to: Socket, { latencyMs, bytesPerSecond }: { latencyMs: number; bytesPerSecond: number }): void {
  let nextFree = 0;
  let lastDelivery = 0;
  const deliverAt = (at: number, run: () => void) => setTimeout(run, Math.max(0, at - performance.now()));
  from.on('data', (chunk: Buffer) => {
    const arrived = performance.now();
    for (let offset = 0; offset < chunk.length; offset += PIECE_BYTES) {
      const piece = chunk.subarray(offset, offset + PIECE_BYTES);
      const at = Math.max(arrived + latencyMs, nextFree);
      nextFree = at + (piece.length / bytesPerSecond) * 1000;
      lastDelivery = nextFree;
      deliverAt(nextFree, () => {
        if (!to.destroyed) to.write(piece);
      });
    }
  });
  from.on('end', () => deliverAt(Math.max(lastDelivery, performance.now() + latencyMs), () => to.end()));
  from.on('close', () => deliverAt(Math.max(lastDelivery, performance.now() + latencyMs), () => to.destroy()));
}
