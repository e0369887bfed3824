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

  constructor(name = 'sejawat') {
    super(name);
    this.version(1).stores({
      rooms: 'doc, kind',
      settings: 'name',
      quarantine: '++id, doc',
    });
  }
}

let shared: SejawatDb | undefined;

/** The app's single device database. */
export function deviceDb(): SejawatDb {
  shared ??= new SejawatDb();
  return shared;
}
