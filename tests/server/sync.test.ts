import type { WebSocket as NodeWebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MessageType } from '../../src/domain/protocol.ts';
import { startRelayProcess, type RelayProcess } from '../support/relayProcess.ts';
import { connectStock, newRoom, type StockClient } from './support/clients.ts';
import { waitFor } from './support/waitFor.ts';

let relay: RelayProcess;
const clients: StockClient[] = [];
const open = (...args: Parameters<typeof connectStock>): StockClient => {
  const client = connectStock(...args);
  clients.push(client);
  return client;
};

beforeAll(async () => {
  relay = await startRelayProcess();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
  vi.restoreAllMocks();
});
afterAll(async () => {
  await relay.kill();
});

describe('sync between stock y-websocket clients', () => {
  it('two teachers on two phones converge on the same journal', async () => {
    const { doc, key } = newRoom();
    const a = open(relay.wsUrl, doc, key);
    const b = open(relay.wsUrl, doc, key);
    await Promise.all([a.whenSynced(), b.whenSynced()]);

    a.ydoc.getText('entry').insert(0, 'Anak-anak ramai ');
    b.ydoc.getMap('meta').set('kelas', '2B');
    b.ydoc.getText('entry').insert(0, 'Hari ini ');

    await waitFor(() => a.ydoc.getText('entry').toString() === b.ydoc.getText('entry').toString() && a.ydoc.getMap('meta').get('kelas') === '2B', {
      what: 'both documents equal',
    });
    expect(a.ydoc.getText('entry').toString()).toContain('Anak-anak ramai');
    expect(a.ydoc.getText('entry').toString()).toContain('Hari ini');
  });

  it('a stock client sees no errors and never receives a COMMIT_ACK it did not ask for', async () => {
    const errors = vi.spyOn(console, 'error');
    const warnings = vi.spyOn(console, 'warn');
    const { doc, key } = newRoom();
    const a = open(relay.wsUrl, doc, key);
    const b = open(relay.wsUrl, doc, key);
    await Promise.all([a.whenSynced(), b.whenSynced()]);
    a.provider.awareness.setLocalStateField('user', { name: 'Bu Sari' });
    for (let i = 0; i < 20; i++) a.ydoc.getArray('log').push([i]);
    await waitFor(() => b.ydoc.getArray('log').length === 20 && b.provider.awareness.getStates().size === 2, { what: 'b got everything' });

    expect(errors).not.toHaveBeenCalled();
    expect(warnings).not.toHaveBeenCalled();
    expect(a.closes).toEqual([]);
    expect(b.closes).toEqual([]);
    // Something arrived (sync and awareness), none of it our own message type.
    expect(b.receivedTypes).toContain(MessageType.SYNC);
    expect(b.receivedTypes).toContain(MessageType.AWARENESS);
    expect([...a.receivedTypes, ...b.receivedTypes]).not.toContain(MessageType.COMMIT_ACK);
  });

  it('presence shows who is in the meeting and drops a teacher as soon as her phone leaves', async () => {
    const { doc, key } = newRoom();
    const a = open(relay.wsUrl, doc, key);
    a.provider.awareness.setLocalStateField('user', { name: 'Bu Sari' });
    await a.whenSynced();
    const b = open(relay.wsUrl, doc, key);
    b.provider.awareness.setLocalStateField('user', { name: 'Pak Budi' });
    // The newcomer gets the states already there on connect; the earlier one hears about him.
    await waitFor(() => b.provider.awareness.getStates().get(a.ydoc.clientID)?.user?.name === 'Bu Sari', { what: 'b sees a' });
    await waitFor(() => a.provider.awareness.getStates().get(b.ydoc.clientID)?.user?.name === 'Pak Budi', { what: 'a sees b' });

    // A hard disconnect (no goodbye message from the client): the relay removes b's state itself.
    b.provider.shouldConnect = false;
    (b.provider.ws as unknown as NodeWebSocket).terminate();
    clients.splice(clients.indexOf(b), 1);
    await waitFor(() => !a.provider.awareness.getStates().has(b.ydoc.clientID), { what: 'b gone from a', timeoutMs: 5_000 });
    b.destroy();
  });

  it('a late joiner receives everything written before it connected', async () => {
    const { doc, key } = newRoom();
    const a = open(relay.wsUrl, doc, key);
    await a.whenSynced();
    a.ydoc.getText('t').insert(0, 'ditulis sebelum HP kedua terhubung');
    const b = open(relay.wsUrl, doc, key);
    await waitFor(() => b.ydoc.getText('t').toString() === 'ditulis sebelum HP kedua terhubung', { what: 'b has the text' });
  });
});
