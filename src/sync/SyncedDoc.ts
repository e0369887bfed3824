import type * as Y from 'yjs';
import type { DocName, RoomKey } from '../domain/ids';
import type { SejawatDb } from '../store/db';
import { openLocalDoc, type LocalDoc } from '../store/localDoc';
import { isSameAsSynced, recordSynced } from '../store/rooms';
import { usageMeterFor } from '../store/usage';
import { DocSync } from './DocSync';
import { meteredWebSocket } from './meteredSocket';

/** A document open from this phone's IndexedDB and kept in sync with the relay. */
export interface SyncedDoc {
  name: DocName;
  local: LocalDoc;
  sync: DocSync;
  /** Written by a newer app version: shown, not edited. */
  newerSchema: boolean;
  close(): Promise<void>;
}

export interface OpenSyncedDocOptions {
  name: DocName;
  key: RoomKey;
  relayUrl: string;
  /** Creates or migrates the document's schema; throws a DomainError('newer-schema') if too new. */
  init: (doc: Y.Doc, now: number) => void;
  onRefused?: () => Promise<RoomKey | undefined>;
}

export async function openSyncedDoc(db: SejawatDb, options: OpenSyncedDocOptions): Promise<SyncedDoc> {
  const local = await openLocalDoc(db, options.name);
  let newerSchema = false;
  try {
    options.init(local.doc, Date.now());
  } catch (error) {
    if ((error as { reason?: string }).reason !== 'newer-schema') {
      await local.close();
      throw error;
    }
    newerSchema = true;
  }
  const room = await db.rooms.get(options.name);
  const sync = new DocSync({
    name: options.name,
    key: options.key,
    doc: local.doc,
    relayUrl: options.relayUrl,
    startsSynced: isSameAsSynced(local.doc, room?.syncedSnapshot),
    onConfirmed: (snapshot, at) => void recordSynced(db, options.name, snapshot, at),
    ...(options.onRefused ? { onRefused: options.onRefused } : {}),
    // Every frame is counted for the data screen (Hemat kuota); Node has no WebSocket to wrap.
    ...(typeof WebSocket !== 'undefined' ? { WebSocketPolyfill: meteredWebSocket(usageMeterFor(db)) } : {}),
  });
  return {
    name: options.name,
    local,
    sync,
    newerSchema,
    async close() {
      sync.destroy();
      await local.close();
    },
  };
}
