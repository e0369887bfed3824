import * as Y from 'yjs';
import type { DocName, RoomKey } from '../domain/ids';
import type { RoomRecord, SejawatDb } from './db';

export async function rememberRoom(
  db: SejawatDb,
  room: { doc: DocName; key: RoomKey; kind: RoomRecord['kind'] },
): Promise<void> {
  const existing = await db.rooms.get(room.doc);
  if (existing) {
    if (existing.key !== room.key) await db.rooms.update(room.doc, { key: room.key });
    return;
  }
  await db.rooms.put({ ...room, addedAt: Date.now() });
}

/** Records that the relay confirmed storing the document as it was at `snapshot`. */
export async function recordSynced(
  db: SejawatDb,
  doc: DocName,
  snapshot: Uint8Array,
  at: number,
): Promise<void> {
  await db.rooms.update(doc, { syncedSnapshot: snapshot, lastSyncedAt: at });
}

/** Whether the relay last confirmed exactly the local document's present state. */
export function isSameAsSynced(doc: Y.Doc, syncedSnapshot: Uint8Array | undefined): boolean {
  if (!syncedSnapshot) return false;
  try {
    return Y.equalSnapshots(Y.snapshot(doc), Y.decodeSnapshot(syncedSnapshot));
  } catch {
    return false; // a damaged stored snapshot only costs a resend
  }
}
