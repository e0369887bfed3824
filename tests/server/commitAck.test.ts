/**
 * COMMIT_ACK against a disk the test controls: the acknowledgement must wait for the commit,
 * whatever the timing. (durability.test.ts checks the same end to end with kill -9.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MessageType } from '../../src/domain/protocol.ts';
import {
  commitAckMessage,
  connectRaw,
  isMessageType,
  newRoom,
  queryAwarenessMessage,
  readCommitAck,
  syncUrl,
  textUpdate,
  updateMessage,
  type RawClient,
} from './support/clients.ts';
import { ControlledStorage, startInProcessRelay, type InProcessRelay } from './support/inProcessRelay.ts';
import { waitFor } from './support/waitFor.ts';

let harness: InProcessRelay | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/**
 * Every message the relay sent on `client` before answering this query has arrived once the
 * answer has: a websocket delivers in order. Used to check that something was *not* sent.
 */
async function roundTrip(client: RawClient): Promise<void> {
  const before = client.messages.filter(isMessageType(MessageType.AWARENESS)).length;
  client.send(queryAwarenessMessage());
  await waitFor(() => client.messages.filter(isMessageType(MessageType.AWARENESS)).length > before, { what: 'awareness reply' });
}

const acks = (client: RawClient): number[] => client.messages.map(readCommitAck).filter((n): n is number => n !== undefined);

describe('COMMIT_ACK', () => {
  it('is sent only after the storage commit, also for updates that came on another connection', async () => {
    const storage = new ControlledStorage();
    harness = await startInProcessRelay(storage);
    const { doc, key } = newRoom();
    const writer = connectRaw(syncUrl(harness.wsUrl, doc, key));
    const asker = connectRaw(syncUrl(harness.wsUrl, doc, key));
    await Promise.all([writer.opened(), asker.opened()]);
    await roundTrip(asker); // both attached

    storage.holdWrites();
    writer.send(updateMessage(textUpdate('catatan', 'Anak-anak belajar pecahan')));
    await waitFor(() => storage.batches.length === 1, { what: 'the write to start' });
    asker.send(commitAckMessage(7));
    await roundTrip(asker);
    expect(acks(asker)).toEqual([]);

    storage.releaseWrites();
    await asker.nextMessage((m) => readCommitAck(m) === 7, 'ack 7');
    const stored = await storage.inner.loadUpdates(doc);
    expect(stored).toHaveLength(1);
  });

  it('is withheld while the disk fails, and sent once a retry has stored the data', async () => {
    const storage = new ControlledStorage();
    harness = await startInProcessRelay(storage);
    const { doc, key } = newRoom();
    const client = connectRaw(syncUrl(harness.wsUrl, doc, key));
    await client.opened();

    storage.failuresLeft = Infinity;
    client.send(updateMessage(textUpdate('catatan', 'tidak boleh hilang')));
    client.send(commitAckMessage(1));
    await waitFor(() => storage.failedAttempts >= 3, { what: 'three failed attempts' });
    await roundTrip(client);
    expect(acks(client)).toEqual([]);
    expect(harness.logs.some((l) => l.msg.startsWith('storage write failed'))).toBe(true);

    storage.failuresLeft = 0;
    await client.nextMessage((m) => readCommitAck(m) === 1, 'ack after recovery');
    const stored = await storage.inner.loadUpdates(doc);
    const copy = new Y.Doc();
    for (const row of stored) Y.applyUpdate(copy, row.update);
    expect(copy.getMap('m').get('catatan')).toBe('tidak boleh hilang');
  });

  it('with nothing pending, is answered at once', async () => {
    harness = await startInProcessRelay(new ControlledStorage());
    const { doc, key } = newRoom();
    const client = connectRaw(syncUrl(harness.wsUrl, doc, key));
    await client.opened();
    client.send(commitAckMessage(0));
    await client.nextMessage((m) => readCommitAck(m) === 0, 'ack 0');
  });
});

describe('group commit', () => {
  it('updates that arrive while a commit is on disk share the next transaction', async () => {
    const storage = new ControlledStorage();
    harness = await startInProcessRelay(storage);
    const { doc, key } = newRoom();
    const client = connectRaw(syncUrl(harness.wsUrl, doc, key));
    await client.opened();
    await roundTrip(client);

    storage.holdWrites();
    const writer = new Y.Doc();
    writer.on('update', (update: Uint8Array) => client.send(updateMessage(update)));
    writer.getMap('m').set('first', 0);
    await waitFor(() => storage.batches.length === 1, { what: 'first commit started' });
    for (let i = 0; i < 49; i++) writer.getMap('m').set(`k${i}`, i);
    await waitFor(() => harness?.relay.queue.pendingCount === 50, { what: 'all 50 received' });
    client.send(commitAckMessage(1));
    storage.releaseWrites();
    await client.nextMessage((m) => readCommitAck(m) === 1, 'ack');
    expect(storage.batches).toEqual([1, 49]);
  });
});

describe('shutdown', () => {
  it('waits for a commit in progress before closing storage, and closes clients with 1012', async () => {
    const storage = new ControlledStorage();
    const local = await startInProcessRelay(storage);
    const { doc, key } = newRoom();
    const client = connectRaw(syncUrl(local.wsUrl, doc, key));
    await client.opened();
    await roundTrip(client);

    storage.holdWrites();
    client.send(updateMessage(textUpdate('catatan', 'ditulis saat relay berhenti')));
    await waitFor(() => storage.batches.length === 1, { what: 'write started' });
    const stopped = local.relay.shutdown(5_000);
    expect((await client.closed()).code).toBe(1012);
    expect(storage.events).toEqual([]);
    storage.releaseWrites();
    expect(await stopped).toBe(true);
    expect(storage.events).toEqual(['append', 'close']);
  });
});
