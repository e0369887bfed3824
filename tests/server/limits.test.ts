/**
 * The relay's per-address and memory limits, each configurable and each refusing with its own
 * close code (docs/PROTOCOL.md, "Close codes"). The relay trusts X-Forwarded-For here so each test
 * speaks from its own address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../../src/domain/protocol.ts';
import { DocSync } from '../../src/sync/DocSync.ts';
import { RECONNECT_TIMING } from '../../src/sync/reconnect.ts';
import { SyncState } from '../../src/sync/SyncState.ts';
import { startRelayProcess, type RelayProcess } from '../support/relayProcess.ts';
import { connectRaw, connectStock, newRoom, readDocument, syncUrl } from './support/clients.ts';
import { healthz, logRecords } from './support/relayHttp.ts';
import { waitFor } from './support/waitFor.ts';

const BUDGET = 4096;

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelayProcess({
    env: {
      TRUST_PROXY: '1',
      MAX_CONNECTIONS_PER_IP: '3',
      MAX_ROOMS_PER_IP: '2',
      MAX_LOADED_ROOMS_BYTES: String(BUDGET),
      // Rooms stay in memory after their clients leave: only the memory budget unloads them.
      ROOM_IDLE_MS: '600000',
    },
  });
});
afterAll(async () => {
  await relay.kill();
});

function from(address: string): WebSocket.ClientOptions {
  return { headers: { 'X-Forwarded-For': address } };
}

describe('connections per address (MAX_CONNECTIONS_PER_IP)', () => {
  it('a fourth connection from one address is refused with 4429 too-many-connections; a freed slot can be used again', async () => {
    const address = from('192.0.2.1');
    const { doc, key } = newRoom();
    const other = newRoom().doc;
    const open = [connectRaw(syncUrl(relay.wsUrl, doc, key), address), connectRaw(syncUrl(relay.wsUrl, other, key), address), connectRaw(syncUrl(relay.wsUrl, doc, key), address)];
    await Promise.all(open.map((c) => c.opened()));
    await waitFor(async () => (await healthz(relay.url)).connections === 3, { what: 'three connections counted' });

    const refused = connectRaw(syncUrl(relay.wsUrl, doc, key), address);
    expect(await refused.closed()).toEqual({ code: CloseCode.TOO_MANY_CONNECTIONS.code, reason: 'too-many-connections' });
    // Another address is not affected.
    const neighbour = connectRaw(syncUrl(relay.wsUrl, doc, key), from('192.0.2.2'));
    await neighbour.opened();
    await waitFor(async () => (await healthz(relay.url)).connections === 4, { what: 'the neighbour counted' });

    open[0]!.close();
    await waitFor(async () => (await healthz(relay.url)).connections === 3, { what: 'slot freed' });
    const again = connectRaw(syncUrl(relay.wsUrl, doc, key), address);
    await again.opened();
    await waitFor(async () => (await healthz(relay.url)).connections === 4, { what: 'accepted again' });
    for (const c of [again, neighbour, open[1]!, open[2]!]) c.close();
    await waitFor(async () => (await healthz(relay.url)).connections === 0, { what: 'all closed' });
  });
});

describe('rooms per address (MAX_ROOMS_PER_IP)', () => {
  it('one socket is one room: a third room at once is refused with 4429 too-many-rooms, more sockets to an open room are not', async () => {
    const address = from('192.0.2.10');
    const a = newRoom();
    const b = newRoom();
    const c = newRoom();
    const inA = connectRaw(syncUrl(relay.wsUrl, a.doc, a.key), address);
    const inB = connectRaw(syncUrl(relay.wsUrl, b.doc, b.key), address);
    await Promise.all([inA.opened(), inB.opened()]);
    // A second socket to a room already open does not count as another room.
    const secondInA = connectRaw(syncUrl(relay.wsUrl, a.doc, a.key), address);
    await secondInA.opened();
    secondInA.close();
    await waitFor(async () => (await healthz(relay.url)).connections === 2, { what: 'back to two sockets' });

    const inC = connectRaw(syncUrl(relay.wsUrl, c.doc, c.key), address);
    expect(await inC.closed()).toEqual({ code: CloseCode.TOO_MANY_ROOMS.code, reason: 'too-many-rooms' });
    expect(relay.logs.some((line) => line.includes('"too-many-rooms"'))).toBe(true);

    // Leaving room B frees its place.
    inB.close();
    await waitFor(async () => (await healthz(relay.url)).connections === 1, { what: 'B left' });
    const retry = connectRaw(syncUrl(relay.wsUrl, c.doc, c.key), address);
    await retry.opened();
    await waitFor(async () => (await healthz(relay.url)).connections === 2, { what: 'C accepted' });
    retry.close();
    inA.close();
    await waitFor(async () => (await healthz(relay.url)).connections === 0, { what: 'all closed' });
  });

  it('a socket cannot reach another room: what it sends lands only in the room named in its URL', async () => {
    const key = newRoom().key;
    const mine = newRoom().doc;
    const theirs = newRoom().doc;
    const writer = connectStock(relay.wsUrl, mine, key);
    await writer.whenSynced();
    writer.ydoc.getMap('journal').set('entry', 'hanya di ruang ini');
    const readMine = await waitForEntry(mine, key);
    expect(readMine).toBe('hanya di ruang ini');
    const other = await readDocument(relay.wsUrl, theirs, key);
    expect(other.getMap('journal').get('entry')).toBeUndefined();
    writer.destroy();
    await waitFor(async () => (await healthz(relay.url)).connections === 0, { what: 'all closed' });
  });
});

async function waitForEntry(doc: ReturnType<typeof newRoom>['doc'], key: ReturnType<typeof newRoom>['key']): Promise<unknown> {
  let value: unknown;
  await waitFor(
    async () => {
      value = (await readDocument(relay.wsUrl, doc, key)).getMap('journal').get('entry');
      return value !== undefined;
    },
    { what: 'the entry stored' },
  );
  return value;
}

describe('memory for loaded rooms (MAX_LOADED_ROOMS_BYTES)', () => {
  it('unloads rooms without clients first, refuses a new room with 4503 relay-busy when none can go, and loses nothing', async () => {
    const address = from('192.0.2.20');
    const text = (label: string) => `${label}: ${'Anak-anak menghitung kelereng. '.repeat(160)}`; // ~5 KB, more than the budget
    const a = newRoom();
    const b = newRoom();
    const c = newRoom();

    // Room A fills most of the budget, then its teacher leaves: A stays loaded, without clients.
    const inA = connectStock(relay.wsUrl, a.doc, a.key);
    await inA.whenSynced();
    inA.ydoc.getText('gap').insert(0, text('A'));
    await waitFor(async () => (await healthz(relay.url)).loadedRoomsBytes >= BUDGET, { what: 'room A loaded and counted' });
    inA.destroy();
    await waitFor(async () => (await healthz(relay.url)).connections === 0, { what: 'A left' });

    // Room B: A is unloaded for it (its writes were stored first), B is served.
    const inB = connectStock(relay.wsUrl, b.doc, b.key);
    await inB.whenSynced();
    await waitFor(() => logRecords(relay.logs).some((r) => r.msg === 'room unloaded' && r.doc === a.doc), { what: 'room A unloaded' });
    inB.ydoc.getText('gap').insert(0, text('B'));
    await waitFor(async () => (await healthz(relay.url)).loadedRoomsBytes >= BUDGET, { what: 'room B counted' });

    // Room C while B (with a client) fills the budget: refused, retryable.
    const refused = connectRaw(syncUrl(relay.wsUrl, c.doc, c.key), address);
    expect(await refused.closed()).toEqual({ code: CloseCode.RELAY_BUSY.code, reason: 'relay-busy' });

    // The app's client is told "busy", not "refused": it keeps her text and retries on its own.
    const phoneDoc = new Y.Doc();
    phoneDoc.getText('gap').insert(0, text('C'));
    const phone = new DocSync({
      name: c.doc,
      key: c.key,
      doc: phoneDoc,
      relayUrl: relay.wsUrl,
      startsSynced: false,
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      reconnect: { timing: { ...RECONNECT_TIMING, capMs: 300 } },
    });
    const seen: SyncState[] = [];
    phone.onChange((state) => seen.push(state));
    await waitFor(() => logRecords(relay.logs).filter((r) => r.reason === 'relay-busy' && r.doc === c.doc).length >= 3, { what: 'the phone retried' });
    expect(seen).not.toContain(SyncState.REFUSED);
    expect(seen).not.toContain(SyncState.SYNCED);

    // B's teacher leaves: the phone gets in (B unloaded for it) and its text is stored.
    inB.destroy();
    await waitFor(() => phone.state === SyncState.SYNCED, { what: 'the phone synced', timeoutMs: 20_000 });
    phone.destroy();

    // Nothing was lost: every room reads back whole (each load unloads the idle one before it).
    for (const [room, label] of [[a, 'A'], [b, 'B'], [c, 'C']] as const) {
      expect((await readDocument(relay.wsUrl, room.doc, room.key)).getText('gap').toString()).toBe(text(label));
    }
    expect((await healthz(relay.url)).ok).toBe(true);
  });
});
