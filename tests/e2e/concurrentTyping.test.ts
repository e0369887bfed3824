import { describe, expect, it } from 'vitest';
import { newPhone } from './support/browser';
import { useRelayAndChromium } from './support/harness';
import { SejawatPage } from './support/SejawatPage';
import { containsInOrder } from './support/text';

const e2e = useRelayAndChromium();

describe('two phones typing into the same field at once', () => {
  it('keeps every character from both', async () => {
    const phoneA = await newPhone(e2e.browser);
    const a = new SejawatPage(await phoneA.newPage());
    await a.open(e2e.relay.url);
    await a.startAs('Bu Rina');
    await a.writeTodaysEntry();
    await a.type('Kegiatan dan perilaku anak', 'Awal. ');
    await a.expectPill('Tersinkron');
    const link = await a.deviceLink();

    const phoneB = await newPhone(e2e.browser);
    const b = new SejawatPage(await phoneB.newPage());
    await b.open(link);
    await expect.poll(() => b.page.getByText('Halo, Bu Rina').count(), { timeout: 30_000 }).toBe(1);
    await b.openEntryByPreview('Awal');
    await a.goHome();
    await a.openEntryByPreview('Awal');

    const fromA = 'ABCDEFGHIJKLMNOPQRST';
    const fromB = 'abcdefghijklmnopqrst';
    await Promise.all([
      a.type('Kegiatan dan perilaku anak', fromA, 15),
      b.type('Kegiatan dan perilaku anak', fromB, 15),
    ]);

    const expectedLength = 'Awal. '.length + fromA.length + fromB.length;
    await expect
      .poll(async () => {
        const [textA, textB] = await Promise.all([
          a.field('Kegiatan dan perilaku anak').inputValue(),
          b.field('Kegiatan dan perilaku anak').inputValue(),
        ]);
        return textA === textB ? textA.length : -1;
      }, { timeout: 30_000 })
      .toBe(expectedLength);
    const merged = await a.field('Kegiatan dan perilaku anak').inputValue();
    expect(merged.startsWith('Awal. ')).toBe(true);
    expect(containsInOrder(merged, fromA)).toBe(true);
    expect(containsInOrder(merged, fromB)).toBe(true);

    // English is the second language, loaded when she picks it; her text is untouched.
    await a.page.getByRole('button', { name: 'Bahasa: English' }).click();
    await expect.poll(() => a.pill.textContent()).toBe('Synced');
    expect(await a.page.getByLabel("Children's activity and behaviour").inputValue()).toBe(merged);

    await phoneA.close();
    await phoneB.close();
  });
});
