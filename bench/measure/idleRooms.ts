/**
 * 5b. Memory per idle loaded room, ours against the stock y-websocket 1.5.4 server: each relay in a
 * process of its own with `--expose-gc` (readings after garbage collection), N rooms each holding
 * a small document with one idle client. Folds in sync-server/scripts/measureIdleRooms.ts and
 * adds the reference.
 */
import { fileURLToPath } from 'node:url';
import { DocKind, newDocName, newRoomKey } from '../../src/domain/ids.ts';
import type { BenchContext } from '../lib/context.ts';
import { forkTs, stopChild } from '../lib/processes.ts';
import { RELAY_LABEL, type RelayKind } from '../lib/relays.ts';
import { figure, type Section } from '../lib/result.ts';
import type { MemoryReading } from './idleRoomsServer.ts';
import { request } from './relayLoad.ts';

const SERVER = fileURLToPath(new URL('./idleRoomsServer.ts', import.meta.url));
const CLIENTS = fileURLToPath(new URL('./idleRoomsClients.ts', import.meta.url));

interface IdleResult {
  kind: RelayKind;
  rooms: number;
  empty: MemoryReading;
  loaded: MemoryReading;
  perRoomKiB: { rss: number; heapUsed: number; external: number };
}

async function idleOnce(kind: RelayKind, rooms: number): Promise<IdleResult> {
  const server = forkTs(`idle ${kind} relay`, SERVER, [kind], { execArgv: ['--expose-gc'] });
  try {
    const listening = await new Promise<{ port: number }>((resolve, reject) => {
      server.once('message', (msg: { type: string; port: number }) => (msg.type === 'listening' ? resolve(msg) : reject(new Error(JSON.stringify(msg)))));
      server.once('exit', (code) => reject(new Error(`relay exited (${String(code)})`)));
    });
    const empty = await request<MemoryReading>(server, { type: 'read' }, 'reading', 60_000);
    const urls = Array.from({ length: rooms }, () => `ws://127.0.0.1:${listening.port}/sync/${newDocName(DocKind.PERSONAL)}?key=${newRoomKey()}`);
    const clients = forkTs('idle clients', CLIENTS);
    try {
      await request(clients, { type: 'open', urls, acks: kind === 'sejawat' }, 'open', 120_000);
      const loaded = await request<MemoryReading>(server, { type: 'read' }, 'reading', 60_000);
      const perRoom = (key: 'rssMiB' | 'heapUsedMiB' | 'externalMiB'): number => ((loaded[key] - empty[key]) * 1024) / rooms;
      return { kind, rooms, empty, loaded, perRoomKiB: { rss: perRoom('rssMiB'), heapUsed: perRoom('heapUsedMiB'), external: perRoom('externalMiB') } };
    } finally {
      await stopChild(clients, 2_000);
    }
  } finally {
    server.send({ type: 'stop' });
    await stopChild(server, 5_000);
  }
}

export async function measureIdleRooms(ctx: BenchContext): Promise<Omit<Section, 'seconds'>> {
  const rooms = ctx.plan.idleRooms;
  ctx.log(`${rooms} idle rooms on each relay…`);
  const stock = await idleOnce('stock', rooms);
  const ours = await idleOnce('sejawat', rooms);
  const ref = (value: number) => ({ label: RELAY_LABEL.stock, value });
  return {
    id: 'idleRooms',
    title: `5b. Memory per idle loaded room (${rooms} rooms, one journal entry and one idle client each, after GC)`,
    figures: [
      figure('idle.heapPerRoom', 'V8 heap per idle room', ours.perRoomKiB.heapUsed, 'KiB', {
        reference: ref(stock.perRoomKiB.heapUsed),
        target: { text: '≤ reference', test: (_v, r) => r !== null && r <= 1 },
      }),
      figure('idle.rssPerRoom', 'RSS per idle room', ours.perRoomKiB.rss, 'KiB', { reference: ref(stock.perRoomKiB.rss) }),
      figure('idle.emptyRss', 'relay RSS, no rooms', ours.empty.rssMiB, 'MiB', { reference: ref(stock.empty.rssMiB) }),
      figure('idle.loadedRss', `relay RSS, ${rooms} idle rooms`, ours.loaded.rssMiB, 'MiB', { reference: ref(stock.loaded.rssMiB) }),
    ],
    details: { sejawat: ours, stock },
  };
}
