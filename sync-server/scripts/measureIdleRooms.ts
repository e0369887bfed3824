/**
 * Relay memory for idle rooms: the relay's memory when empty, then with N rooms loaded, each
 * holding a small document (one journal entry) with one connected, idle stock y-websocket client.
 *
 *   node --expose-gc --import tsx sync-server/scripts/measureIdleRooms.ts [rooms=100]
 *
 * The relay runs in this process (the same modules `main.ts` wires, over SQLite in a temp dir)
 * so it can collect garbage before each reading: a fresh relay's RSS is mostly start-up garbage
 * (TypeScript transpiled by tsx) and would hide what rooms cost. The clients run in a child
 * process so their memory is not counted. Prints one JSON line and a human summary.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { DocKind, newDocName, newRoomKey } from '../../src/domain/ids.ts';
import { parseConfig } from '../config.ts';
import { silentLogger } from '../log.ts';
import { createRelay } from '../relay.ts';
import { SqliteStorage } from '../storage/SqliteStorage.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const MiB = 1024 * 1024;

interface Reading {
  rssMiB: number;
  heapUsedMiB: number;
  externalMiB: number;
}

async function reading(): Promise<Reading> {
  const gc = (globalThis as { gc?: () => void }).gc;
  await sleep(2_000);
  for (let i = 0; i < 3; i++) {
    gc?.();
    await sleep(100);
  }
  const m = process.memoryUsage();
  const round = (bytes: number): number => Number((bytes / MiB).toFixed(1));
  return { rssMiB: round(m.rss), heapUsedMiB: round(m.heapUsed), externalMiB: round(m.external + m.arrayBuffers) };
}

function journalEntry(doc: Y.Doc, i: number): void {
  const entry = new Y.Map<unknown>();
  doc.getMap('entries').set(`entry${i}`, entry);
  entry.set('date', '2025-03-01');
  entry.set('kelas', '2B');
  const text = new Y.Text();
  entry.set('whatHappened', text);
  text.insert(0, 'Anak-anak belajar pecahan dengan memotong kue. '.repeat(8));
}

/** Child process: N idle clients, one room each; prints "ready" once all have synced. */
async function runClients(port: number, rooms: number): Promise<void> {
  process.setMaxListeners(0); // each provider adds a process 'exit' listener
  const providers: WebsocketProvider[] = [];
  for (let i = 0; i < rooms; i++) {
    const doc = new Y.Doc();
    journalEntry(doc, i);
    providers.push(
      new WebsocketProvider(`ws://127.0.0.1:${port}/sync`, newDocName(DocKind.PERSONAL), doc, {
        params: { key: newRoomKey() },
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      }),
    );
  }
  while (!providers.every((p) => p.synced)) await sleep(50);
  process.stdout.write('ready\n');
}

async function measure(rooms: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sejawat-measure-'));
  const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ROOM_IDLE_MS: '3600000' });
  const relay = createRelay({ config, storage: SqliteStorage.open(dataDir), log: silentLogger });
  const port = await relay.listen();
  const empty = await reading();

  const clients = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--clients', String(port), String(rooms)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    clients.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    clients.once('exit', (code) => reject(new Error(`clients exited with ${String(code)}`)));
    setTimeout(() => reject(new Error('clients did not sync within 60 s')), 60_000).unref();
  });
  const { rooms: loadedRooms, connections } = relay.stats();
  const loaded = await reading();

  clients.kill('SIGKILL');
  await relay.shutdown();
  rmSync(dataDir, { recursive: true, force: true });

  const perRoom = (key: keyof Reading): number => Number((((loaded[key] - empty[key]) * 1024) / rooms).toFixed(1));
  const result = {
    rooms: loadedRooms,
    connections,
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
    empty,
    loaded,
    perRoomKiB: { rss: perRoom('rssMiB'), heapUsed: perRoom('heapUsedMiB'), external: perRoom('externalMiB') },
  };
  process.stdout.write(JSON.stringify(result) + '\n');
  process.stdout.write(
    `relay with ${result.rooms} idle rooms and ${result.connections} clients: RSS ${empty.rssMiB} -> ${loaded.rssMiB} MiB, ` +
      `heap ${empty.heapUsedMiB} -> ${loaded.heapUsedMiB} MiB (≈ ${result.perRoomKiB.heapUsed} KiB heap, ${result.perRoomKiB.rss} KiB RSS per room)\n`,
  );
}

const args = process.argv.slice(2);
const run = args[0] === '--clients' ? runClients(Number(args[1]), Number(args[2])) : measure(Number(args[0] ?? 100));
run.catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
