import type { SejawatDb } from './db';
import { readSetting, SettingName, writeSetting } from './settings';

const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

/**
 * Asks the browser once to keep this origin's storage under pressure (`navigator.storage.persist`),
 * so a full phone does not evict her journal. Returns whether storage is persisted now.
 */
export async function askPersistentStorageOnce(db: SejawatDb): Promise<boolean> {
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  if (!storage?.persisted || !storage.persist) return false;
  if (await storage.persisted()) return true;
  if (await readSetting(db, SettingName.PERSIST_ASKED, isBoolean)) return false;
  await writeSetting(db, SettingName.PERSIST_ASKED, true);
  return storage.persist();
}
