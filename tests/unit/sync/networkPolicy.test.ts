import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { SejawatDb } from '../../../src/store/db';
import { DEFAULT_PRICE_PER_GB, loadDataSaver, saveDataSaver } from '../../../src/sync/dataSaver';
import { appNetworkPolicy, browserSaysMetered, dataSaverOn, policyFromChoices } from '../../../src/sync/networkPolicy';

const wifi = { type: 'wifi', effectiveType: '4g' };
const cellular = { type: 'cellular', effectiveType: '4g' };

describe('Hemat kuota from her settings', () => {
  it('is on by default where the browser says the link is metered, off where it says nothing', () => {
    expect(dataSaverOn({}, cellular)).toBe(true);
    expect(dataSaverOn({}, { saveData: true })).toBe(true);
    expect(dataSaverOn({}, wifi)).toBe(false);
    expect(browserSaysMetered(undefined)).toBe(false);
  });

  it('follows her choice once she made it', () => {
    expect(dataSaverOn({ dataSaver: false }, cellular)).toBe(false);
    expect(dataSaverOn({ dataSaver: true }, wifi)).toBe(true);
    expect(policyFromChoices({ dataSaver: true }, () => wifi).downloadAttachmentsOnDemand()).toBe(true);
  });

  it('holds uploads on a cellular link only when she asked to wait for Wi-Fi', () => {
    let link: { type: string } = cellular;
    const waiting = policyFromChoices({ waitForWifi: true }, () => link);
    expect(waiting.mayUpload(2_000_000)).toBe(false);
    link = wifi;
    expect(waiting.mayUpload(2_000_000)).toBe(true);
    expect(policyFromChoices({ waitForWifi: false }, () => cellular).mayUpload(2_000_000)).toBe(true);
    // A browser that does not tell the link type never makes her wait forever.
    expect(policyFromChoices({ waitForWifi: true }, () => undefined).mayUpload(1)).toBe(true);
  });

  it('is stored on the phone and becomes the app policy', async () => {
    const db = new SejawatDb(`saver-${Math.random()}`);
    expect(await loadDataSaver(db)).toEqual({ dataSaver: undefined, waitForWifi: undefined, pricePerGb: DEFAULT_PRICE_PER_GB });
    await saveDataSaver(db, { dataSaver: true, waitForWifi: true, pricePerGb: 4500 });
    expect(await loadDataSaver(db)).toEqual({ dataSaver: true, waitForWifi: true, pricePerGb: 4500 });
    expect(appNetworkPolicy().downloadAttachmentsOnDemand()).toBe(true);
    await saveDataSaver(db, { pricePerGb: -3 });
    expect((await loadDataSaver(db)).pricePerGb).toBe(4500);
  });
});
