import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { newDocName, newRoomKey, DocKind } from '../../../src/domain/ids';
import { blobState, enqueueUpload, getBlob, markUploaded, outboxSummary, putLocalBlob, putRemoteBlob, sha256Hex } from '../../../src/store/blobs';
import { SejawatDb } from '../../../src/store/db';
import { rememberRoom } from '../../../src/store/rooms';

function photo(fill: number, size = 1000): Blob {
  return new Blob([new Uint8Array(size).fill(fill)], { type: 'image/webp' });
}

async function freshDevice() {
  const db = new SejawatDb(`test-${Math.random()}`);
  const personal = newDocName(DocKind.PERSONAL);
  const community = newDocName(DocKind.COMMUNITY);
  await rememberRoom(db, { doc: personal, key: newRoomKey(), kind: 'personal' });
  await rememberRoom(db, { doc: community, key: newRoomKey(), kind: 'community' });
  return { db, personal, community };
}

describe('attachments on the phone', () => {
  it('are stored once per content, named by their SHA-256', async () => {
    const { db } = await freshDevice();
    const first = await putLocalBlob(db, photo(1));
    const again = await putLocalBlob(db, photo(1));
    expect(first.hash).toBe(await sha256Hex(new Uint8Array(1000).fill(1)));
    expect(again.hash).toBe(first.hash);
    expect(await db.blobs.count()).toBe(1);
    const read = await getBlob(db, first.hash);
    expect(new Uint8Array(await read!.bytes.arrayBuffer())).toEqual(new Uint8Array(1000).fill(1));
    expect(read!.type).toBe('image/webp');
  });

  it('a recorder type with codecs is kept as its base type; a type off the allow-list is refused', async () => {
    const { db } = await freshDevice();
    const voice = await putLocalBlob(db, new Blob([new Uint8Array([1, 2, 3])], { type: 'audio/webm;codecs=opus' }));
    expect(voice.type).toBe('audio/webm');
    expect((await getBlob(db, voice.hash))!.bytes.type).toBe('audio/webm');
    await expect(putLocalBlob(db, new Blob(['<svg/>'], { type: 'image/svg+xml' }))).rejects.toThrow(/not allowed/);
  });

  it('a download is cached only if its bytes match the hash', async () => {
    const { db } = await freshDevice();
    const hash = await sha256Hex(new Uint8Array(1000).fill(2));
    expect(await putRemoteBlob(db, hash, photo(3), 'image/webp')).toBeUndefined();
    expect(await db.blobs.count()).toBe(0);
    expect((await putRemoteBlob(db, hash, photo(2), 'image/webp'))?.origin).toBe('remote');
  });

  it('each (photo, room) pair is queued once; state and summary follow the outbox', async () => {
    const { db, personal, community } = await freshDevice();
    const a = await putLocalBlob(db, photo(1, 1000));
    const b = await putLocalBlob(db, photo(2, 500));
    expect(await blobState(db, a.hash, personal)).toBe('on-phone');
    await enqueueUpload(db, a.hash, personal);
    await enqueueUpload(db, a.hash, personal);
    await enqueueUpload(db, b.hash, personal);
    await enqueueUpload(db, a.hash, community);
    expect(await db.outbox.count()).toBe(3);
    expect(await blobState(db, a.hash, personal)).toBe('waiting');
    expect((await outboxSummary(db)).sort((x, y) => x.doc.localeCompare(y.doc))).toEqual(
      [
        { doc: personal, pending: 2, bytes: 1500 },
        { doc: community, pending: 1, bytes: 1000 },
      ].sort((x, y) => x.doc.localeCompare(y.doc)),
    );
    const record = await db.outbox.where('[hash+doc]').equals([a.hash, personal]).first();
    await markUploaded(db, record!.id!, 5);
    expect(await blobState(db, a.hash, personal)).toBe('on-server');
    expect(await blobState(db, a.hash, community)).toBe('waiting');
    // Queuing a sent pair again does not resend it.
    await enqueueUpload(db, a.hash, personal);
    expect(await blobState(db, a.hash, personal)).toBe('on-server');
    expect((await outboxSummary(db)).find((s) => s.doc === personal)).toEqual({ doc: personal, pending: 1, bytes: 500 });
  });
});
