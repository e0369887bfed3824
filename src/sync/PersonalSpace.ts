import { initPersonalDoc } from '../domain';
import type { SejawatDb } from '../store/db';
import type { Identity } from './identity';
import { openSyncedDoc, type SyncedDoc } from './SyncedDoc';

/** The teacher's personal document (profile, journal, her communities and their keys). */
export interface PersonalSpace extends SyncedDoc {
  identity: Identity;
}

export async function openPersonalSpace(db: SejawatDb, identity: Identity, relayUrl: string): Promise<PersonalSpace> {
  const opened = await openSyncedDoc(db, {
    name: identity.doc,
    key: identity.key,
    relayUrl,
    init: initPersonalDoc,
  });
  return Object.assign(opened, { identity });
}
