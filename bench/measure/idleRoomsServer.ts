/**
 * A relay in this process, so memory can be read after garbage collection (`node --expose-gc`):
 * ours (the modules `sync-server/main.ts` wires, over SQLite in a temporary directory, as
 * sync-server/scripts/measureIdleRooms.ts does) or the stock y-websocket 1.5.4 server (its own
 * `bin/server.js` wiring of `setupWSConnection`). Each reading is taken after several collections.
 *
 * Parent → child: {type:'read'} · {type:'stop'};  child → parent: {type:'listening', port} · {type:'reading', …}
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { exitWithParent } from '../lib/processes.ts';
import { stockPackageDir } from '../lib/relays.ts';

const MiB = 1024 * 1024;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface MemoryReading {
  type: 'reading';
  rssMiB: number;
  heapUsedMiB: number;
  externalMiB: number;
}

async function reading(): Promise<MemoryReading> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  await sleep(1_000);
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(100);
  }
  const m = process.memoryUsage();
  return { type: 'reading', rssMiB: m.rss / MiB, heapUsedMiB: m.heapUsed / MiB, externalMiB: (m.external + m.arrayBuffers) / MiB };
}

async function startOurs(): Promise<{ port: number; stop: () => Promise<void> }> {
  // Imported here, not above: the stock server's process must not load our relay (nor a second yjs).
  const { parseConfig } = await import('../../sync-server/config.ts');
  const { silentLogger } = await import('../../sync-server/log.ts');
  const { createRelay } = await import('../../sync-server/relay.ts');
  const { SqliteStorage } = await import('../../sync-server/storage/SqliteStorage.ts');
  const dataDir = mkdtempSync(join(tmpdir(), 'sejawat-bench-idle-'));
  const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ROOM_IDLE_MS: '3600000', MAX_CONNECTIONS_PER_IP: '100000' });
  const relay = createRelay({ config, storage: SqliteStorage.open(dataDir), log: silentLogger });
  const port = await relay.listen();
  return {
    port,
    stop: async () => {
      await relay.shutdown();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startStock(): Promise<{ port: number; stop: () => Promise<void> }> {
  const require = createRequire(join(stockPackageDir(), 'bin', 'server.js'));
  const WebSocket = require('ws') as { Server: new (options: { noServer: boolean }) => StockWss };
  const { setupWSConnection } = require('./utils.js') as { setupWSConnection: (ws: unknown, req: IncomingMessage) => void };
  interface StockWss {
    on(event: 'connection', listener: (ws: unknown, req: IncomingMessage) => void): void;
    emit(event: 'connection', ws: unknown, req: IncomingMessage): void;
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, cb: (ws: unknown) => void): void;
  }
  const wss = new WebSocket.Server({ noServer: true });
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('okay');
  });
  wss.on('connection', setupWSConnection);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    stop: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

exitWithParent();
const kind = process.argv[2];
const relay = await (kind === 'stock' ? startStock() : startOurs());
process.send?.({ type: 'listening', port: relay.port });
process.on('message', (msg: { type: string }) => {
  if (msg.type === 'read') void reading().then((r) => process.send?.(r));
  if (msg.type === 'stop') void relay.stop().finally(() => process.exit(0));
});
