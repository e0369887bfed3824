import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { DocKind, newDocName, newRoomKey } from '../../src/domain/ids';
import { MessageType } from '../../src/domain/protocol';
import { DocSync } from '../../src/sync/DocSync';
import { SyncState } from '../../src/sync/SyncState';
import { startRelayProcess, type RelayProcess } from '../support/relayProcess';

const Polyfill = WebSocket as unknown as typeof globalThis.WebSocket;

function stateOf(sync: DocSync) {
  return () => sync.state;
}

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelayProcess();
});
afterAll(async () => {
  await relay?.kill();
});

describe('the status pill tells where her writing is', () => {
  it('offline changes are "on this phone" until the relay confirms storing them, and they survive a relay crash', async () => {
    const name = newDocName(DocKind.PERSONAL);
    const key = newRoomKey();
    const doc = new Y.Doc();
    doc.getText('gap').insert(0, 'Anak belum mau menunggu giliran.');
    const sync = new DocSync({ name, key, doc, relayUrl: relay.wsUrl, startsSynced: false, connect: false, WebSocketPolyfill: Polyfill });
    expect(sync.state).toBe(SyncState.LOCAL);

    const seen: SyncState[] = [];
    sync.onChange((s) => seen.push(s));
    sync.reconnect();
    await expect.poll(stateOf(sync), { timeout: 10_000 }).toBe(SyncState.SYNCED);
    expect(seen[0]).toBe(SyncState.SENDING);

    // Typing more goes back through "sending" to "synced".
    doc.getText('gap').insert(0, 'Hari ini: ');
    expect(sync.state).toBe(SyncState.SENDING);
    await expect.poll(stateOf(sync), { timeout: 10_000 }).toBe(SyncState.SYNCED);
    sync.destroy();

    // What the relay confirmed is on its disk: kill -9, restart, a fresh phone gets it.
    await relay.kill('SIGKILL');
    relay = await relay.restart();
    const other = new Y.Doc();
    const reader = new DocSync({ name, key, doc: other, relayUrl: relay.wsUrl, startsSynced: true, WebSocketPolyfill: Polyfill });
    await expect.poll(() => other.getText('gap').toString(), { timeout: 10_000 }).toBe(
      'Hari ini: Anak belum mau menunggu giliran.',
    );
    reader.destroy();
  });

  it('a wrong key shows "refused" and keeps her text', async () => {
    const name = newDocName(DocKind.PERSONAL);
    const owner = new DocSync({ name, key: newRoomKey(), doc: new Y.Doc(), relayUrl: relay.wsUrl, startsSynced: false, WebSocketPolyfill: Polyfill });
    await expect.poll(stateOf(owner), { timeout: 10_000 }).toBe(SyncState.SYNCED);
    owner.destroy();

    const doc = new Y.Doc();
    doc.getText('gap').insert(0, 'tetap di HP');
    const intruder = new DocSync({ name, key: newRoomKey(), doc, relayUrl: relay.wsUrl, startsSynced: false, WebSocketPolyfill: Polyfill });
    await expect.poll(stateOf(intruder), { timeout: 10_000 }).toBe(SyncState.REFUSED);
    expect(doc.getText('gap').toString()).toBe('tetap di HP');
    intruder.destroy();
  });
});

describe('against a relay that never confirms storage (a stock y-websocket server)', () => {
  let server: Server;
  let url: string;
  const ackRequests: number[] = [];

  beforeAll(async () => {
    // A plain y-protocols peer that syncs in memory and ignores our COMMIT_ACK, as the stock
    // server does: it must never make the app say "Tersinkron".
    server = createServer();
    const wss = new WebSocketServer({ server });
    const shared = new Y.Doc();
    wss.on('connection', (socket) => {
      socket.on('message', (data: Buffer) => {
        const decoder = decoding.createDecoder(new Uint8Array(data));
        const type = decoding.readVarUint(decoder);
        if (type === MessageType.COMMIT_ACK) {
          ackRequests.push(decoding.readVarUint(decoder));
          return;
        }
        if (type !== MessageType.SYNC) return;
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MessageType.SYNC);
        syncProtocol.readSyncMessage(decoder, encoder, shared, socket);
        if (encoding.length(encoder) > 1) socket.send(encoding.toUint8Array(encoder));
      });
      const hello = encoding.createEncoder();
      encoding.writeVarUint(hello, MessageType.SYNC);
      syncProtocol.writeSyncStep1(hello, shared);
      socket.send(encoding.toUint8Array(hello));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/sync`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('stays "Mengirim…" after the exchange, never "Tersinkron"', async () => {
    const doc = new Y.Doc();
    doc.getText('gap').insert(0, 'belum aman di server');
    const sync = new DocSync({ name: newDocName(DocKind.PERSONAL), key: newRoomKey(), doc, relayUrl: url, startsSynced: false, WebSocketPolyfill: Polyfill });
    const seen: SyncState[] = [];
    sync.onChange((s) => seen.push(s));
    await expect.poll(() => ackRequests.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(sync.provider.synced).toBe(true); // y-websocket's "synced" is not "stored"
    expect(sync.state).toBe(SyncState.SENDING);
    expect(seen).not.toContain(SyncState.SYNCED);
    sync.destroy();
  });
});
