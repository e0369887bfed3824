import type { DocName } from '../domain/ids';

/**
 * "This phone had her journal": a small marker kept outside IndexedDB, so that when IndexedDB is
 * gone (deleted on its own, evicted, a broken browser profile) the app offers recovery instead of
 * a silent fresh start. It holds the personal document's name and a time, never its key.
 *
 * Kept in two places that some wipes spare: localStorage and Cache Storage. A full "clear site
 * data" or a new phone removes both; then only her recovery code or a backup file bring her data
 * back, which onboarding offers too.
 */
const STORAGE_KEY = 'sejawat:device-had-data';
const CACHE_NAME = 'sejawat-device-marker';
const CACHE_URL = '/__sejawat/device-had-data';

export interface DeviceMarker {
  doc: DocName;
  at: number;
}

function parse(text: string | null | undefined): DeviceMarker | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<DeviceMarker>;
    return typeof value.doc === 'string' && typeof value.at === 'number' ? (value as DeviceMarker) : undefined;
  } catch {
    return undefined;
  }
}

export async function rememberDeviceHadData(doc: DocName, at = Date.now()): Promise<void> {
  const text = JSON.stringify({ doc, at });
  try {
    localStorage.setItem(STORAGE_KEY, text);
  } catch {
    // storage full or blocked: the Cache Storage copy may still work
  }
  try {
    const cache = await caches.open(CACHE_NAME);
    await cache.put(CACHE_URL, new Response(text, { headers: { 'content-type': 'application/json' } }));
  } catch {
    // no Cache Storage (plain http): localStorage alone
  }
}

/** The marker if either copy survived. */
export async function deviceHadData(): Promise<DeviceMarker | undefined> {
  try {
    const stored = parse(localStorage.getItem(STORAGE_KEY));
    if (stored) return stored;
  } catch {
    // blocked
  }
  try {
    if (typeof caches === 'undefined') return undefined;
    const response = await (await caches.open(CACHE_NAME)).match(CACHE_URL);
    return parse(await response?.text());
  } catch {
    return undefined;
  }
}

/** She chose to start fresh: the next wipe is not hers to recover. */
export async function forgetDeviceMarker(): Promise<void> {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // blocked
  }
  try {
    if (typeof caches !== 'undefined') await caches.delete(CACHE_NAME);
  } catch {
    // no Cache Storage
  }
}
