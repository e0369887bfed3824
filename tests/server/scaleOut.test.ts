/**
 * Several relays over one PostgreSQL and one Redis (docs/DEPLOY.md), as real processes with real
 * clients: the servers are Debian's, started for this file by tests/support/services.ts (a missing
 * or broken server fails these tests with the reason; they are never skipped).
 */
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocKind, newDocName, newRoomKey, type DocName, type RoomKey } from '../../src/domain/ids.ts';
import { DocSync } from '../../src/sync/DocSync.ts';
import { SyncState } from '../../src/sync/SyncState.ts';
import { PostgresStorage } from '../../sync-server/storage/PostgresStorage.ts';
import { startRelayProcess, type RelayProcess } from '../support/relayProcess.ts';
import { startPostgres, startRedis, type PostgresService, type RedisService } from '../support/services.ts';
import { startTcpBalancer, type TcpBalancer } from '../support/tcpBalancer.ts';
import { connectStock } from './support/clients.ts';
import { waitFor } from './support/waitFor.ts';

const Polyfill = WebSocket as unknown as typeof globalThis.WebSocket;

let postgres: PostgresService;
let redis: RedisService;
let databaseCount = 0;
beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([postgres?.stop(), redis?.stop()]);
});

const relays: RelayProcess[] = [];
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await Promise.all(relays.splice(0).map((relay) => relay.kill('SIGKILL')));
});

/** A fresh database per test, so relays of one test never see another's rows. */
async function freshDatabase(): Promise<string> {
  return postgres.createDatabase(`scale_${++databaseCount}`);
}

async function startRelays(count: number, databaseUrl: string): Promise<RelayProcess[]> {
  const started = await Promise.all(Array.from({ length: count }, () => startRelayProcess({ databaseUrl, redisUrl: redis.url })));
  relays.push(...started);
  return started;
}

function docSync(relayUrl: string, name: DocName, key: RoomKey, doc = new Y.Doc(), onConfirmed?: () => void): DocSync {
  const sync = new DocSync({ name, key, doc, relayUrl, startsSynced: false, WebSocketPolyfill: Polyfill, onConfirmed });
  cleanups.push(() => sync.destroy());
  return sync;
}

async function storedItems(databaseUrl: string, name: DocName): Promise<string[]> {
  const storage = await PostgresStorage.open(databaseUrl);
  try {
    const doc = new Y.Doc();
    for (const row of await storage.loadUpdates(name)) Y.applyUpdate(doc, row.update);
    return [...doc.getMap('items').keys()].sort();
  } finally {
    await storage.close();
  }
}

async function readyz(relay: RelayProcess): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${relay.url}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('three relays over PostgreSQL and Redis', () => {
  it('clients of one community spread over three relays see each other\'s writing and presence live', async () => {
    const databaseUrl = await freshDatabase();
    const trio = await startRelays(3, databaseUrl);
    const name = newDocName(DocKind.COMMUNITY);
    const key = newRoomKey();
    const clients = Array.from({ length: 6 }, (_, i) => connectStock((trio[i % 3] as RelayProcess).wsUrl, name, key));
    cleanups.push(() => clients.forEach((c) => c.destroy()));
    await Promise.all(clients.map((c) => c.whenSynced()));

    clients.forEach((client, i) => client.ydoc.getMap('items').set(`guru-${i}`, `catatan dari relay ${i % 3}`));
    const everyone = clients.map((_, i) => `guru-${i}`).sort();
    for (const client of clients) {
      await waitFor(() => client.ydoc.getMap('items').size === 6, { what: 'every teacher\'s note on every phone' });
      expect([...client.ydoc.getMap('items').keys()].sort()).toEqual(everyone);
    }

    // Presence: a teacher on relay 0 is seen by one on relay 2 (awareness is never stored).
    const [onRelay0, , onRelay2] = clients as [ReturnType<typeof connectStock>, unknown, ReturnType<typeof connectStock>];
    onRelay0.provider.awareness.setLocalStateField('user', { name: 'Bu Sari' });
    await waitFor(() => onRelay2.provider.awareness.getStates().get(onRelay0.ydoc.clientID)?.user?.name === 'Bu Sari', {
      what: 'presence across relays',
    });
    // …and gone for her when Bu Sari closes the app.
    onRelay0.provider.disconnect();
    await waitFor(() => !onRelay2.provider.awareness.getStates().has(onRelay0.ydoc.clientID), { what: 'presence removed across relays' });

    // Stored once each, by the relay that received it.
    await waitFor(async () => (await storedItems(databaseUrl, name)).length === 6, { what: 'all notes in PostgreSQL' });
    for (const relay of trio) expect(await readyz(relay)).toEqual({ status: 200, body: { ready: true, storage: 'ok', fanout: 'ok' } });
  });

  it('kill -9 of one relay mid-sync loses nothing it acknowledged, and its teachers carry on through the others', async () => {
    const databaseUrl = await freshDatabase();
    const trio = await startRelays(3, databaseUrl);
    const alive = new Set(trio.map((r) => r.port));
    const balancer: TcpBalancer = await startTcpBalancer(() => [...alive]);
    cleanups.push(() => balancer.close());
    const name = newDocName(DocKind.COMMUNITY);
    const key = newRoomKey();

    /** Items each relay confirmed storing (DocSync's onConfirmed: everything in the doc then). */
    const acknowledged = new Set<string>();
    const writers = Array.from({ length: 6 }, (_, w) => {
      const doc = new Y.Doc();
      const sync = docSync(balancer.wsUrl, name, key, doc, () => {
        for (const item of doc.getMap('items').keys()) acknowledged.add(item);
      });
      return { w, doc, sync, written: 0 };
    });
    await Promise.all(writers.map(({ sync }) => expect.poll(() => sync.state, { timeout: 15_000 }).toBe(SyncState.SYNCED)));
    // Round robin: two teachers on each relay.
    expect(new Set(balancer.assigned.slice(0, 6)).size).toBe(3);

    // Every teacher types, an item every 20 ms; midway, one relay dies without a goodbye.
    let typing = true;
    const typers = writers.map(async (writer) => {
      while (typing) {
        writer.doc.getMap('items').set(`g${writer.w}-${writer.written++}`, true);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    await waitFor(() => acknowledged.size >= 60, { timeoutMs: 20_000, what: 'acknowledged writing from all teachers' });
    const victim = trio[0] as RelayProcess;
    alive.delete(victim.port);
    await victim.kill('SIGKILL');

    // Right after the crash, before any phone resends: all that was acknowledged is in PostgreSQL.
    const ackedAtCrash = [...acknowledged];
    const stored = new Set(await storedItems(databaseUrl, name));
    expect(ackedAtCrash.filter((item) => !stored.has(item))).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, 300));
    typing = false;
    await Promise.all(typers);
    // The dead relay's teachers reconnected through the balancer to the two others and were confirmed there.
    await Promise.all(writers.map(({ sync }) => expect.poll(() => sync.state, { timeout: 20_000 }).toBe(SyncState.SYNCED)));
    expect(balancer.assigned.slice(6).every((port) => port !== victim.port)).toBe(true);

    const all = writers.flatMap(({ w, written }) => Array.from({ length: written }, (_, i) => `g${w}-${i}`)).sort();
    for (const { doc } of writers) {
      await waitFor(() => doc.getMap('items').size === all.length, { timeoutMs: 15_000, what: 'every phone has every item' });
    }
    expect(await storedItems(databaseUrl, name)).toEqual(all);
  });

  it('a relay restarted while Redis is down refuses to acknowledge, and recovers by itself when Redis returns', async () => {
    const databaseUrl = await freshDatabase();
    const [first, second] = (await startRelays(2, databaseUrl)) as [RelayProcess, RelayProcess];
    const name = newDocName(DocKind.COMMUNITY);
    const key = newRoomKey();
    const colleague = connectStock(second.wsUrl, name, key);
    cleanups.push(() => colleague.destroy());
    await colleague.whenSynced();

    await redis.stop();
    const restarted = await first.restart();
    relays.push(restarted);
    const notReady = await readyz(restarted);
    expect(notReady.status).toBe(503);
    expect(notReady.body).toMatchObject({ ready: false, storage: 'ok' });
    expect(notReady.body.fanout).not.toBe('ok');

    const doc = new Y.Doc();
    const sync = docSync(restarted.wsUrl, name, key, doc);
    doc.getMap('items').set('tanpa-redis', 'ditulis saat Redis mati');
    // The relay has her update in hand and holds it back…
    await waitFor(() => restarted.logs.some((line) => line.includes('writes held back')), { what: 'the relay holding writes back' });
    expect(sync.state).toBe(SyncState.SENDING);
    expect(await storedItems(databaseUrl, name)).toEqual([]);
    expect((await readyz(restarted)).body).toMatchObject({ ready: false, storage: 'ok' });

    // …until Redis is back: then it stores, acknowledges, and the colleague on the other relay sees it.
    await redis.start();
    await expect.poll(() => sync.state, { timeout: 20_000 }).toBe(SyncState.SYNCED);
    expect(await storedItems(databaseUrl, name)).toEqual(['tanpa-redis']);
    await waitFor(() => colleague.ydoc.getMap('items').get('tanpa-redis') !== undefined, { timeoutMs: 15_000, what: 'the colleague seeing it' });
    expect((await readyz(restarted)).status).toBe(200);
  });
});

describe('configuration', () => {
  it('REDIS_URL without DATABASE_URL is refused at start: relays sharing Redis must share a database', async () => {
    await expect(startRelayProcess({ redisUrl: 'redis://127.0.0.1:1' })).rejects.toThrow(/REDIS_URL needs DATABASE_URL/);
  });
});

