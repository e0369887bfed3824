/**
 * The phone's attachment outbox (src/sync/outbox.ts) against the real relay process, with the
 * device database in fake-indexeddb: retries with growing delays, waits for the document when the
 * relay says the room does not reference the photo yet, asks the network policy, and never sends
 * the same bytes twice.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAttachment, AttachmentTarget } from '../../src/domain/attachments.ts';
import { DocKind, newDocName, newRoomKey, type RecordId } from '../../src/domain/ids.ts';
import { blobState, enqueueUpload, putLocalBlob } from '../../src/store/blobs.ts';
import { SejawatDb } from '../../src/store/db.ts';
import { rememberRoom } from '../../src/store/rooms.ts';
import { Outbox, retryDelayMs, runOutboxOnce, type OutboxOptions } from '../../src/sync/outbox.ts';
import { startRelayProcess, type RelayProcess } from '../support/relayProcess.ts';
import { connectStock, type StockClient } from './support/clients.ts';
import { waitFor } from './support/waitFor.ts';

let relay: RelayProcess;
const clients: StockClient[] = [];
beforeAll(async () => {
  relay = await startRelayProcess();
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await relay.kill();
});

const TRIAL = 'trial00000000001' as RecordId;

async function phoneWithPhoto(seed: number) {
  const db = new SejawatDb(`outbox-${Math.random()}`);
  const doc = newDocName(DocKind.COMMUNITY);
  const key = newRoomKey();
  await rememberRoom(db, { doc, key, kind: 'community' });
  const bytes = new Uint8Array(20_000).map((_, i) => (i * seed) & 0xff);
  const photo = await putLocalBlob(db, new Blob([bytes], { type: 'image/webp' }));
  await enqueueUpload(db, photo.hash, doc);
  let clock = Date.now();
  const sent: number[] = [];
  const options: OutboxOptions = { db, relayUrl: relay.wsUrl, now: () => clock, meter: (dir, n) => dir === 'sent' && sent.push(n) };
  return {
    db,
    doc,
    key,
    photo,
    options,
    sent,
    advance: (ms: number) => {
      clock += ms;
    },
    /** Her document, with the photo referenced, reaches the relay (as DocSync would send it). */
    syncDocument: async () => {
      const client = connectStock(relay.wsUrl, doc, key);
      clients.push(client);
      await client.whenSynced();
      addAttachment(client.ydoc, AttachmentTarget.TRIAL, TRIAL, { hash: photo.hash, type: 'image/webp', size: photo.size, addedBy: 'member0000000001', addedAt: 1 });
      await waitFor(async () => (await fetch(`${relay.url}/api/blobs/${photo.hash}`, { method: 'HEAD', headers: { 'X-Sejawat-Doc': doc, Authorization: `Bearer ${key}` } })).status === 404, {
        what: 'the relay stored the document',
        intervalMs: 50,
      });
    },
  };
}

describe('the attachment outbox', () => {
  it('waits while the relay does not have the document yet (409), then uploads once it does; bytes go once', async () => {
    const phone = await phoneWithPhoto(3);
    const first = await runOutboxOnce(phone.options);
    expect(first).toMatchObject({ sent: 0, failed: 1 });
    expect(phone.sent).toEqual([]); // HEAD said "not referenced": no bytes were sent
    const record = (await phone.db.outbox.toArray())[0]!;
    expect(record).toMatchObject({ attempts: 1, lastError: 'blob-not-referenced' });
    expect(await blobState(phone.db, phone.photo.hash, phone.doc)).toBe('waiting');

    await phone.syncDocument();
    // Not due yet: a pass now does nothing, unless the document of that room was just confirmed.
    expect(await runOutboxOnce(phone.options)).toMatchObject({ sent: 0, failed: 0 });
    expect(await runOutboxOnce(phone.options, phone.doc)).toMatchObject({ sent: 1 });
    expect(phone.sent).toEqual([phone.photo.size]);
    expect(await blobState(phone.db, phone.photo.hash, phone.doc)).toBe('on-server');

    // Queued again (the same photo on another record): nothing more to send.
    await enqueueUpload(phone.db, phone.photo.hash, phone.doc);
    phone.advance(3_600_000);
    expect(await runOutboxOnce(phone.options)).toMatchObject({ sent: 0, failed: 0 });
    expect(phone.sent).toEqual([phone.photo.size]);
  });

  it('an answer lost on the way is recovered without resending: HEAD finds the photo held', async () => {
    const phone = await phoneWithPhoto(5);
    await phone.syncDocument();
    // Another device (or an attempt whose answer was lost) already uploaded it.
    await fetch(`${relay.url}/api/blobs/${phone.photo.hash}`, {
      method: 'PUT',
      headers: { 'X-Sejawat-Doc': phone.doc, Authorization: `Bearer ${phone.key}`, 'Content-Type': 'image/webp' },
      body: phone.photo.bytes,
    });
    expect(await runOutboxOnce(phone.options)).toMatchObject({ sent: 1 });
    expect(phone.sent).toEqual([]);
  });

  it('failures back off with growing delays; offline stops the pass without counting', async () => {
    const phone = await phoneWithPhoto(7);
    await phone.syncDocument();
    // A key the relay refuses (e.g. rotated away): 401 on each attempt.
    await phone.db.rooms.update(phone.doc, { key: newRoomKey() });
    const delays: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = Date.now();
      expect(await runOutboxOnce({ ...phone.options, now: () => before })).toMatchObject({ failed: 1 });
      const record = (await phone.db.outbox.toArray())[0]!;
      expect(record.lastError).toBe('wrong-key');
      delays.push(record.nextAttemptAt! - before);
      await phone.db.outbox.update(record.id!, { nextAttemptAt: undefined });
    }
    expect(delays).toEqual([retryDelayMs(0, 'wrong-key'), retryDelayMs(1, 'wrong-key'), retryDelayMs(2, 'wrong-key')]);
    expect(delays[0]! < delays[1]! && delays[1]! < delays[2]!).toBe(true);
    expect(retryDelayMs(50, 'x')).toBe(10 * 60_000);
    expect(retryDelayMs(50, 'blob-not-referenced')).toBe(60_000);

    const offline = await runOutboxOnce({ ...phone.options, relayUrl: 'ws://127.0.0.1:9/sync' });
    expect(offline).toMatchObject({ offline: true, failed: 0 });
    expect((await phone.db.outbox.toArray())[0]!.attempts).toBe(3);
  });

  it('asks the network policy first: data saver holds the upload without sending anything', async () => {
    const phone = await phoneWithPhoto(9);
    await phone.syncDocument();
    const asked: number[] = [];
    const policy = { downloadAttachmentsOnDemand: () => true, mayUpload: (bytes: number) => (asked.push(bytes), false) };
    expect(await runOutboxOnce({ ...phone.options, policy })).toMatchObject({ sent: 0, deferred: 1 });
    expect(asked).toEqual([phone.photo.size]);
    expect(phone.sent).toEqual([]);

    // The runner: started, it uploads on its own.
    const outbox = new Outbox(phone.options);
    outbox.start();
    await waitFor(async () => (await blobState(phone.db, phone.photo.hash, phone.doc)) === 'on-server', { what: 'uploaded by the runner' });
    outbox.stop();
    await outbox.settled();
  });
});
