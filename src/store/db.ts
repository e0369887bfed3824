import Dexie, { type EntityTable } from 'dexie';
import type { DocName, RoomKey } from '../domain/ids';

/** A document this device holds, with the key the relay asks for. */
export interface RoomRecord {
  doc: DocName;
  key: RoomKey;
  kind: 'personal' | 'community';
  addedAt: number;
  /**
   * `Y.encodeSnapshot` of the document as the relay last confirmed it stored (commit ack).
   * Comparing it with the local document's snapshot after a restart tells whether anything typed
   * since is still only on this phone (a state vector alone would miss deletions).
   */
  syncedSnapshot?: Uint8Array;
  lastSyncedAt?: number;
  /** Highest y-indexeddb update key checked by `openLocalDoc`; later records are checked at open. */
  checkedUpTo?: number;
}

/** A damaged local record set aside (never deleted) so the document can still open. */
export interface QuarantinedRecord {
  id?: number;
  doc: DocName;
  data: Uint8Array;
  reason: string;
  at: number;
}

/**
 * An attachment (photo, voice note) held on this phone, content-addressed: `hash` is the lowercase
 * hex SHA-256 of `bytes`, so the same photo attached twice is stored once and the Yjs documents
 * refer to it by hash only (the bytes never go into a CRDT).
 */
export interface BlobRecord {
  hash: string;
  /** MIME type, e.g. image/webp, image/jpeg, audio/webm. */
  type: string;
  size: number;
  bytes: Blob;
  /** Made on this phone, or downloaded from the relay (a cache entry that may be evicted). */
  origin: 'local' | 'remote';
  createdAt: number;
  lastUsedAt: number;
}

/**
 * An attachment to upload to the relay for one room (doc) that references it (src/store/blobs.ts).
 * One record per (hash, doc).
 */
export interface OutboxRecord {
  id?: number;
  hash: string;
  doc: DocName;
  addedAt: number;
  /** Failed attempts so far (the retry delay grows with them). */
  attempts: number;
  /** Why the last attempt failed: a relay reason (`blob-not-referenced`, ...) or `offline`. */
  lastError?: string;
  /** Not before this time (ms); unset: as soon as the network allows. */
  nextAttemptAt?: number;
  /**
   * Set when the relay confirmed it holds the blob for this room. The record is kept, so the phone
   * can say the attachment is safe on the server.
   */
  sentAt?: number;
}

/** Bytes that went over the network in one calendar month (local time), for the data-saver screen. */
export interface UsageRecord {
  /** `YYYY-MM`. */
  month: string;
  sentBytes: number;
  receivedBytes: number;
}

export interface SettingRecord {
  name: string;
  value: unknown;
}

/**
 * The device database (Dexie) for what is not a CRDT: settings, the keys of her documents, and
 * records set aside. The Yjs documents themselves live in y-indexeddb databases named after the doc.
 */
export class SejawatDb extends Dexie {
  rooms!: EntityTable<RoomRecord, 'doc'>;
  settings!: EntityTable<SettingRecord, 'name'>;
  quarantine!: EntityTable<QuarantinedRecord, 'id'>;
  blobs!: EntityTable<BlobRecord, 'hash'>;
  outbox!: EntityTable<OutboxRecord, 'id'>;
  usage!: EntityTable<UsageRecord, 'month'>;

  constructor(name = 'sejawat') {
    super(name);
    this.version(1).stores({
      rooms: 'doc, kind',
      settings: 'name',
      quarantine: '++id, doc',
    });
    // v2: attachments, their upload outbox, and monthly network usage. Only new tables, so a
    // phone on v1 upgrades without touching its rooms or settings.
    this.version(2).stores({
      blobs: 'hash, origin, lastUsedAt',
      outbox: '++id, hash, doc, [hash+doc]',
      usage: 'month',
    });
  }
}

let shared: SejawatDb | undefined;

/** The app's single device database. */
export function deviceDb(): SejawatDb {
  shared ??= new SejawatDb();
  return shared;
}
