import { isDocName, isRoomKey, newDocName, newRoomKey, DocKind, type DocName, type RoomKey } from '../domain/ids';
import type { SejawatDb } from '../store/db';
import { rememberRoom } from '../store/rooms';
import { readSetting, SettingName, writeSetting } from '../store/settings';

/** The teacher's personal document on this device: its name and the key the relay asks for. */
export interface Identity {
  doc: DocName;
  key: RoomKey;
}

function isIdentity(value: unknown): value is Identity {
  if (typeof value !== 'object' || value === null) return false;
  const { doc, key } = value as Record<string, unknown>;
  return isDocName(doc) && doc.startsWith('p-') && isRoomKey(key);
}

export function loadIdentity(db: SejawatDb): Promise<Identity | undefined> {
  return readSetting(db, SettingName.PERSONAL_DOC, isIdentity);
}

/** A new personal document, made offline: random name, random 128-bit key. */
export async function createIdentity(db: SejawatDb): Promise<Identity> {
  return adoptIdentity(db, { doc: newDocName(DocKind.PERSONAL), key: newRoomKey() });
}

/** Makes `identity` this device's personal document (a second phone linking to the first). */
export async function adoptIdentity(db: SejawatDb, identity: Identity): Promise<Identity> {
  await rememberRoom(db, { ...identity, kind: 'personal' });
  await writeSetting(db, SettingName.PERSONAL_DOC, identity);
  return identity;
}
