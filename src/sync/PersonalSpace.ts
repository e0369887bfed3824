import { initPersonalDoc } from '../domain';
import type { SejawatDb } from '../store/db';
import { openLocalDoc, type LocalDoc } from '../store/localDoc';
import { isSameAsSynced, recordSynced } from '../store/rooms';
import { DocSync } from './DocSync';
import type { Identity } from './identity';

/** The teacher's personal document, open from this phone and kept in sync with the relay. */
export interface PersonalSpace {
  identity: Identity;
  local: LocalDoc;
  sync: DocSync;
  /** Set when the document was written by a newer app version: shown, not edited. */
  newerSchema: boolean;
  close(): Promise<void>;
}

export async function openPersonalSpace(
  db: SejawatDb,
  identity: Identity,
  relayUrl: string,
): Promise<PersonalSpace> {
  const local = await openLocalDoc(db, identity.doc);
  let newerSchema = false;
  try {
    initPersonalDoc(local.doc, Date.now());
  } catch (error) {
    if ((error as { reason?: string }).reason !== 'newer-schema') throw error;
    newerSchema = true;
  }
  const room = await db.rooms.get(identity.doc);
  const sync = new DocSync({
    name: identity.doc,
    key: identity.key,
    doc: local.doc,
    relayUrl,
    startsSynced: isSameAsSynced(local.doc, room?.syncedSnapshot),
    onConfirmed: (snapshot, at) => void recordSynced(db, identity.doc, snapshot, at),
  });
  return {
    identity,
    local,
    sync,
    newerSchema,
    async close() {
      sync.destroy();
      await local.close();
    },
  };
}
