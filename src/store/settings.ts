import type { SejawatDb } from './db';

/** Device settings, validated on read so an older or damaged value falls back to its default. */
export const SettingName = {
  LOCALE: 'locale',
  PERSONAL_DOC: 'personalDoc',
  RELAY_URL: 'relayUrl',
  PERSIST_ASKED: 'persistAsked',
} as const;
export type SettingName = (typeof SettingName)[keyof typeof SettingName];

export async function readSetting<T>(
  db: SejawatDb,
  name: SettingName,
  isValid: (value: unknown) => value is T,
): Promise<T | undefined> {
  const record = await db.settings.get(name);
  return record && isValid(record.value) ? record.value : undefined;
}

export async function writeSetting(db: SejawatDb, name: SettingName, value: unknown): Promise<void> {
  await db.settings.put({ name, value });
}
