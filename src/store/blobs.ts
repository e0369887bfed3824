/**
 * Attachments on the phone (photos, voice notes), content-addressed by SHA-256, and the outbox of
 * uploads to the rooms that reference them. Dexie access only: the network side is
 * src/sync/outbox.ts, the references in documents are src/domain/attachments.ts.
 *
 * An outbox record `(hash, doc)` says "the relay must hold this attachment for this room". It stays
 * after the relay confirmed (with `sentAt`), so the phone can still say *aman di server* for it;
 * the same pair is never queued twice.
 */
import { blobTypeOf, isBlobHash } from '../domain/attachments';
import type { DocName } from '../domain/ids';
import type { BlobType } from '../domain/protocol';
import type { BlobRecord, OutboxRecord, SejawatDb } from './db';

/** Where an attachment is, for one room: only here, queued for the relay, or stored by the relay. */
export const BlobState = { ON_PHONE: 'on-phone', WAITING: 'waiting', ON_SERVER: 'on-server' } as const;
export type BlobState = (typeof BlobState)[keyof typeof BlobState];

/** Lowercase hex SHA-256 (crypto.subtle: browsers on https or localhost, and Node 20). */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as BufferSource));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * Keep an attachment made on this phone; resolves with its record (hash included). Storing the same
 * bytes again changes nothing but `lastUsedAt`, and turns a cached download into a local one.
 * Throws for a type not on the allow-list (the relay would refuse it anyway).
 */
export async function putLocalBlob(db: SejawatDb, bytes: Blob, type: string = bytes.type, now: number = Date.now()): Promise<BlobRecord> {
  const blobType = blobTypeOf(type);
  if (blobType === undefined) throw new Error(`attachment type not allowed: ${type}`);
  const hash = await sha256Hex(await bytes.arrayBuffer());
  const record: BlobRecord = { hash, type: blobType, size: bytes.size, bytes: retype(bytes, blobType), origin: 'local', createdAt: now, lastUsedAt: now };
  await db.transaction('rw', db.blobs, async () => {
    const existing = await db.blobs.get(hash);
    if (existing) await db.blobs.update(hash, { origin: 'local', lastUsedAt: now });
    else await db.blobs.add(record);
  });
  return (await db.blobs.get(hash)) ?? record;
}

/**
 * Cache an attachment downloaded from the relay, after checking the bytes are the ones named:
 * resolves undefined (and stores nothing) if they are not.
 */
export async function putRemoteBlob(db: SejawatDb, hash: string, bytes: Blob, type: string, now: number = Date.now()): Promise<BlobRecord | undefined> {
  const blobType = blobTypeOf(type);
  if (!isBlobHash(hash) || blobType === undefined) return undefined;
  if ((await sha256Hex(await bytes.arrayBuffer())) !== hash) return undefined;
  const record: BlobRecord = { hash, type: blobType, size: bytes.size, bytes: retype(bytes, blobType), origin: 'remote', createdAt: now, lastUsedAt: now };
  await db.transaction('rw', db.blobs, async () => {
    if (!(await db.blobs.get(hash))) await db.blobs.add(record);
  });
  return (await db.blobs.get(hash)) ?? record;
}

/** The attachment if this phone holds it. Marks it used (for evicting the least used downloads). */
export async function getBlob(db: SejawatDb, hash: string, now: number = Date.now()): Promise<BlobRecord | undefined> {
  const record = await db.blobs.get(hash);
  if (record) await db.blobs.update(hash, { lastUsedAt: now });
  return record;
}

/** Queue an upload of `hash` to the room `doc`; a pair already queued (or sent) is left as it is. */
export async function enqueueUpload(db: SejawatDb, hash: string, doc: DocName, now: number = Date.now()): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    const existing = await db.outbox.where('[hash+doc]').equals([hash, doc]).first();
    if (!existing) await db.outbox.add({ hash, doc, addedAt: now, attempts: 0 });
  });
}

/** For one room: on the relay (sent, or downloaded from it), queued, or only on this phone. */
export async function blobState(db: SejawatDb, hash: string, doc: DocName): Promise<BlobState> {
  const queued = await db.outbox.where('[hash+doc]').equals([hash, doc]).first();
  if (queued?.sentAt !== undefined) return BlobState.ON_SERVER;
  if (queued) return BlobState.WAITING;
  const record = await db.blobs.get(hash);
  return record?.origin === 'remote' ? BlobState.ON_SERVER : BlobState.ON_PHONE;
}

export interface OutboxDocSummary {
  doc: DocName;
  /** Uploads not yet confirmed by the relay. */
  pending: number;
  /** Their bytes (attachments missing from the phone count 0). */
  bytes: number;
}

/** Uploads still waiting, per room (rooms with none are left out). */
export async function outboxSummary(db: SejawatDb): Promise<OutboxDocSummary[]> {
  const pending = await pendingUploads(db);
  const sizes = new Map((await db.blobs.bulkGet([...new Set(pending.map((r) => r.hash))])).flatMap((b) => (b ? [[b.hash, b.size] as const] : [])));
  const byDoc = new Map<DocName, OutboxDocSummary>();
  for (const record of pending) {
    const summary = byDoc.get(record.doc) ?? { doc: record.doc, pending: 0, bytes: 0 };
    summary.pending++;
    summary.bytes += sizes.get(record.hash) ?? 0;
    byDoc.set(record.doc, summary);
  }
  return [...byDoc.values()];
}

/** Every upload not yet confirmed, oldest first. */
export async function pendingUploads(db: SejawatDb): Promise<OutboxRecord[]> {
  return (await db.outbox.orderBy('id').toArray()).filter((record) => record.sentAt === undefined);
}

/** The relay confirmed it holds the attachment for the room. */
export async function markUploaded(db: SejawatDb, id: number, at: number): Promise<void> {
  await db.outbox.update(id, { sentAt: at, lastError: undefined, nextAttemptAt: undefined });
}

/** An attempt failed: remember why, and when to try again. */
export async function markUploadFailed(db: SejawatDb, id: number, error: string, nextAttemptAt: number): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    const record = await db.outbox.get(id);
    if (record) await db.outbox.update(id, { attempts: record.attempts + 1, lastError: error, nextAttemptAt });
  });
}

/** A Blob carrying `type` (a recorder's `audio/webm;codecs=opus` becomes `audio/webm`). */
function retype(bytes: Blob, type: BlobType): Blob {
  return bytes.type === type ? bytes : new Blob([bytes], { type });
}
