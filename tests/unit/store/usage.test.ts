import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { SejawatDb } from '../../../src/store/db';
import { addUsage, monthOf, rupiahFor, UsageMeter } from '../../../src/store/usage';

describe('counting the data sync used', () => {
  it('adds frames up by month, written in one batch, and keeps months apart', async () => {
    const db = new SejawatDb(`usage-${Math.random()}`);
    let now = new Date(2026, 10, 30, 23, 59);
    const meter = new UsageMeter(db, () => now, 60_000);
    for (let i = 0; i < 100; i++) meter.record(10, 30);
    expect(await db.usage.count()).toBe(0); // nothing written per frame
    expect(await meter.thisMonth()).toEqual({ month: '2026-11', sentBytes: 1000, receivedBytes: 3000 });
    await meter.flush();
    now = new Date(2026, 11, 1, 0, 1);
    meter.record(5, 0);
    await meter.flush();
    meter.record(1, 2);
    await meter.flush();
    expect(await db.usage.toArray()).toEqual([
      { month: '2026-11', sentBytes: 1000, receivedBytes: 3000 },
      { month: '2026-12', sentBytes: 6, receivedBytes: 2 },
    ]);
  });

  it('estimates the cost in Rupiah from her price per GB', () => {
    expect(rupiahFor(1024 ** 3, 6000)).toBe(6000);
    expect(rupiahFor(50 * 1024 ** 2, 6000)).toBe(293);
    expect(rupiahFor(0, 6000)).toBe(0);
    expect(monthOf(new Date(2026, 0, 5))).toBe('2026-01');
    expect(addUsage(undefined, '2026-01', 1, 2)).toEqual({ month: '2026-01', sentBytes: 1, receivedBytes: 2 });
  });
});
