import * as Y from 'yjs';
import { getCommunityMembership, referencedHashes } from '../domain';
import type { DocName } from '../domain/ids';
import { decodeBackup, encodeBackup, type BackupContents, type BackupProblem, type BackupRoom } from '../store/backupFile';
import { enqueueUpload, putLocalBlob } from '../store/blobs';
import type { SejawatDb } from '../store/db';
import { openLocalDoc } from '../store/localDoc';
import { rememberRoom } from '../store/rooms';
import type { Communities } from './Communities';
import type { PersonalSpace } from './PersonalSpace';

/** Her open documents, so a backup reads (and a restore merges into) what the app shows. */
export interface BackupSources {
  db: SejawatDb;
  personal: PersonalSpace;
  communities: Communities;
}

export interface BackupSummary {
  documents: number;
  attachments: number;
  bytes: number;
}

/** Everything of hers on this phone as one backup file (`src/store/backupFile.ts`). */
export async function makeBackup(sources: BackupSources, now = Date.now()): Promise<{ file: Uint8Array; summary: BackupSummary }> {
  const rooms: BackupRoom[] = (await sources.db.rooms.toArray())
    .filter((r) => r.kind === 'personal' ? r.doc === sources.personal.name : r.kind === 'community')
    .map(({ doc, key, kind }) => ({ doc, key, kind }));
  const docs: BackupContents['docs'] = [];
  for (const room of rooms) {
    const update = await withDoc(sources, room.doc, (doc) => Y.encodeStateAsUpdate(doc));
    docs.push({ doc: room.doc, update });
  }
  const attachments: BackupContents['attachments'] = [];
  for (const blob of await sources.db.blobs.toArray()) {
    attachments.push({ hash: blob.hash, type: blob.type, bytes: new Uint8Array(await blob.bytes.arrayBuffer()) });
  }
  const file = await encodeBackup({ createdAt: now, personal: sources.personal.name, rooms, docs, attachments });
  return { file, summary: { documents: docs.length, attachments: attachments.length, bytes: file.length } };
}

export type RestoreProblem = BackupProblem | 'other-journal';

export type RestoreResult = { ok: true; summary: BackupSummary } | { ok: false; problem: RestoreProblem };

/** Reads a backup file whole; nothing is written. */
export async function readBackup(file: Uint8Array): Promise<{ ok: true; contents: BackupContents } | { ok: false; problem: BackupProblem }> {
  return decodeBackup(file);
}

/**
 * Merges a checked backup into this phone: Yjs updates into her documents (so nothing is
 * duplicated, however often it is imported), the rooms' keys, and attachments by hash (queued for
 * the relay where a room references them; the outbox asks before sending bytes it already holds).
 * Refuses a backup of another teacher's journal and changes nothing then.
 */
export async function restoreBackup(sources: BackupSources, contents: BackupContents): Promise<RestoreResult> {
  if (contents.personal !== sources.personal.name) return { ok: false, problem: 'other-journal' };
  const { db } = sources;
  for (const attachment of contents.attachments) {
    await putLocalBlob(db, new Blob([attachment.bytes as Uint8Array<ArrayBuffer>], { type: attachment.type }), attachment.type);
  }
  for (const room of contents.rooms) await rememberRoom(db, room);
  // Her personal document first: its memberships open the community documents.
  const ordered = [...contents.docs].sort((a, b) => Number(b.doc === contents.personal) - Number(a.doc === contents.personal));
  const imported = new Set(contents.attachments.map((a) => a.hash));
  for (const { doc, update } of ordered) {
    const wanted = await withDoc(sources, doc, (ydoc) => {
      Y.applyUpdate(ydoc, update, 'backup');
      return [...referencedHashes(ydoc)].filter((hash) => imported.has(hash));
    });
    for (const hash of wanted) await enqueueUpload(db, hash, doc);
  }
  const bytes = contents.docs.reduce((n, d) => n + d.update.length, 0) + contents.attachments.reduce((n, a) => n + a.bytes.length, 0);
  return { ok: true, summary: { documents: contents.docs.length, attachments: contents.attachments.length, bytes } };
}

/** Runs `use` on the document as the app has it open, or opened from the phone for the moment. */
async function withDoc<T>(sources: BackupSources, name: DocName, use: (doc: Y.Doc) => T): Promise<T> {
  if (name === sources.personal.name) return use(sources.personal.local.doc);
  if (getCommunityMembership(sources.personal.local.doc, name)) return use((await sources.communities.open(name)).local.doc);
  const local = await openLocalDoc(sources.db, name);
  try {
    return use(local.doc);
  } finally {
    await local.close();
  }
}
