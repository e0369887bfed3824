import type { SejawatDb } from './db';

/** Device settings, validated on read so an older or damaged value falls back to its default. */
export const SettingName = {
  LOCALE: 'locale',
  PERSONAL_DOC: 'personalDoc',
  RELAY_URL: 'relayUrl',
  PERSIST_ASKED: 'persistAsked',
  /** Hemat kuota: her choice (boolean); absent = follow the browser's metered hint. */
  DATA_SAVER: 'dataSaver',
  /** Uploads wait for Wi-Fi when the browser says the link is cellular (boolean). */
  WAIT_FOR_WIFI: 'waitForWifi',
  /** Her data package's price per GB in Rupiah, for the estimate on the data screen. */
  PRICE_PER_GB: 'pricePerGb',
  /** She saw (or skipped) the recovery code offered after onboarding (boolean). */
  RECOVERY_CODE_OFFERED: 'recoveryCodeOffered',
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
