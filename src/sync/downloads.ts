/**
 * Attachments from others, downloaded on demand and cached on the phone (origin `remote`). The
 * bytes are checked against their hash before they are kept or shown.
 */
import type { DocName } from '../domain/ids';
import { getBlob, putRemoteBlob } from '../store/blobs';
import type { BlobRecord, SejawatDb } from '../store/db';
import { getBlobBytes, type ByteMeter } from './blobApi';

export type DownloadResult = { ok: true; record: BlobRecord } | { ok: false; reason: string };

/** The attachment from this phone, else from the relay for the room `doc` (then cached). */
export async function loadAttachment(db: SejawatDb, relayUrl: string, hash: string, doc: DocName, meter?: ByteMeter): Promise<DownloadResult> {
  const held = await getBlob(db, hash);
  if (held) return { ok: true, record: held };
  const room = await db.rooms.get(doc);
  if (!room) return { ok: false, reason: 'no-key' };
  const answer = await getBlobBytes(relayUrl, hash, doc, room.key, meter);
  if (!answer.ok) return answer;
  const record = await putRemoteBlob(db, hash, answer.value, answer.value.type);
  return record ? { ok: true, record } : { ok: false, reason: 'blob-hash-mismatch' };
}
