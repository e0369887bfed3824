import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../src/domain/protocol.ts';
import { startRelayProcess, type RelayProcess } from '../support/relayProcess.ts';
import {
  commitAckMessage,
  connectRaw,
  connectStock,
  newRoom,
  readCommitAck,
  readDocument,
  syncUrl,
  updateMessage,
} from './support/clients.ts';
import { logRecords } from './support/relayHttp.ts';
import { waitFor } from './support/waitFor.ts';

const relays: RelayProcess[] = [];
afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.kill('SIGKILL')));
});
async function start(...args: Parameters<typeof startRelayProcess>): Promise<RelayProcess> {
  const relay = await startRelayProcess(...args);
  relays.push(relay);
  return relay;
}
async function restart(relay: RelayProcess): Promise<RelayProcess> {
  const next = await relay.restart();
  relays.push(next);
  return next;
}

describe('durability', () => {
  it('a COMMIT_ACK arrives only once the data is on disk: kill -9 right after it loses nothing', async () => {
    let relay = await start();
    const { doc, key } = newRoom();
    const raw = connectRaw(syncUrl(relay.wsUrl, doc, key));
    await raw.opened();

    // End to end, with real timing: the bigger the last commit, the likelier a relay that
    // acknowledged on apply (as Hocuspocus and y-sweet do) is killed before it commits. Timing can
    // hide that bug, so commitAck.test.ts checks the ordering deterministically with a stalled disk.
    const writer = new Y.Doc();
    const updates: Uint8Array[] = [];
    writer.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 24; i++) writer.getText('t').insert(writer.getText('t').length, randomBytes(300_000).toString('base64'));
    const expected = writer.getText('t').toString();
    for (const update of updates) raw.send(updateMessage(update));
    raw.send(commitAckMessage(42));

    const ack = await raw.nextMessage((m) => readCommitAck(m) !== undefined, 'COMMIT_ACK');
    process.kill(relay.pid, 'SIGKILL');
    expect(readCommitAck(ack)).toBe(42);
    await relay.kill();

    relay = await restart(relay);
    const copy = await readDocument(relay.wsUrl, doc, key);
    expect(copy.getText('t').toString().length).toBe(expected.length);
    expect(copy.getText('t').toString() === expected).toBe(true);
  });

  it('acknowledgements come back in the order they were asked for, with their counters', async () => {
    const relay = await start();
    const { doc, key } = newRoom();
    const raw = connectRaw(syncUrl(relay.wsUrl, doc, key));
    await raw.opened();
    const writer = new Y.Doc();
    writer.on('update', (update: Uint8Array) => raw.send(updateMessage(update)));
    for (let i = 1; i <= 5; i++) {
      writer.getMap('m').set(`k${i}`, i);
      raw.send(commitAckMessage(i * 1000));
    }
    // A counter beyond 32 bits survives the round trip too.
    raw.send(commitAckMessage(2 ** 40));
    await waitFor(() => raw.messages.filter((m) => readCommitAck(m) !== undefined).length === 6, { what: 'six acks' });
    const counters = raw.messages.map(readCommitAck).filter((n) => n !== undefined);
    expect(counters).toEqual([1000, 2000, 3000, 4000, 5000, 2 ** 40]);
  });

  it('what a stock client wrote survives kill -9 of the relay and a restart', async () => {
    let relay = await start();
    const { doc, key } = newRoom();
    const teacher = connectStock(relay.wsUrl, doc, key);
    // A second phone proves the relay has received the edits (it relays only what it applied);
    // then a COMMIT_ACK on a third connection of the room says they are stored.
    const secondPhone = connectStock(relay.wsUrl, doc, key);
    const acker = connectRaw(syncUrl(relay.wsUrl, doc, key));
    await Promise.all([teacher.whenSynced(), secondPhone.whenSynced(), acker.opened()]);
    const entries = teacher.ydoc.getMap('entries');
    for (let i = 0; i < 50; i++) entries.set(`e${i}`, `catatan ${i}`);
    teacher.ydoc.getText('refleksi').insert(0, 'Metode diskusi kelompok berhasil.');
    await waitFor(() => secondPhone.ydoc.getText('refleksi').toString().includes('berhasil'), { what: 'relay got the edits' });
    acker.send(commitAckMessage(1));
    await acker.nextMessage((m) => readCommitAck(m) === 1, 'ack');
    process.kill(relay.pid, 'SIGKILL');
    teacher.destroy();
    secondPhone.destroy();
    await relay.kill();

    relay = await restart(relay);
    const copy = await readDocument(relay.wsUrl, doc, key);
    expect(copy.getMap('entries').size).toBe(50);
    expect(copy.getMap('entries').get('e49')).toBe('catatan 49');
    expect(copy.getText('refleksi').toString()).toBe('Metode diskusi kelompok berhasil.');
  });

  it('SIGTERM closes clients with 1012, flushes, exits cleanly, and the data is there after restart', async () => {
    let relay = await start();
    const { doc, key } = newRoom();
    const teacher = connectStock(relay.wsUrl, doc, key);
    const secondPhone = connectStock(relay.wsUrl, doc, key);
    await Promise.all([teacher.whenSynced(), secondPhone.whenSynced()]);
    teacher.ydoc.getText('t').insert(0, 'ditulis sebelum relay dimatikan');
    await waitFor(() => secondPhone.ydoc.getText('t').toString() !== '', { what: 'relay got the edit' });

    await relay.kill('SIGTERM');
    await waitFor(() => teacher.closes.some((c) => c.code === CloseCode.SHUTTING_DOWN.code), { what: 'stock client saw 1012' });
    teacher.destroy();
    secondPhone.destroy();
    expect(logRecords(relay.logs)).toContainEqual(expect.objectContaining({ msg: 'stopped', flushed: true }));

    relay = await restart(relay);
    const copy = await readDocument(relay.wsUrl, doc, key);
    expect(copy.getText('t').toString()).toBe('ditulis sebelum relay dimatikan');
  });
});
