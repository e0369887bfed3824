import type { SejawatDb } from '../store/db';
import { readSetting, SettingName, writeSetting } from '../store/settings';
import { policyFromChoices, setAppNetworkPolicy, type DataSaverChoices } from './networkPolicy';

/** Default price of mobile data, Rupiah per GB (a typical 2026 package). */
export const DEFAULT_PRICE_PER_GB = 6_000;

export interface DataSaverSettings extends DataSaverChoices {
  pricePerGb: number;
}

const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isPrice = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 10_000_000;

export async function loadDataSaver(db: SejawatDb): Promise<DataSaverSettings> {
  return {
    dataSaver: await readSetting(db, SettingName.DATA_SAVER, isBoolean),
    waitForWifi: await readSetting(db, SettingName.WAIT_FOR_WIFI, isBoolean),
    pricePerGb: (await readSetting(db, SettingName.PRICE_PER_GB, isPrice)) ?? DEFAULT_PRICE_PER_GB,
  };
}

/** Reads her settings into the app's network policy (at start, and after each change). */
export async function applyDataSaver(db: SejawatDb): Promise<DataSaverSettings> {
  const settings = await loadDataSaver(db);
  setAppNetworkPolicy(policyFromChoices(settings));
  return settings;
}

export async function saveDataSaver(db: SejawatDb, change: Partial<DataSaverSettings>): Promise<DataSaverSettings> {
  if (change.dataSaver !== undefined) await writeSetting(db, SettingName.DATA_SAVER, change.dataSaver);
  if (change.waitForWifi !== undefined) await writeSetting(db, SettingName.WAIT_FOR_WIFI, change.waitForWifi);
  if (change.pricePerGb !== undefined && isPrice(change.pricePerGb)) await writeSetting(db, SettingName.PRICE_PER_GB, change.pricePerGb);
  return applyDataSaver(db);
}
