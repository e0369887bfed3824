import { describe, expect, it } from 'vitest';
import { useRelayAndChromium } from './support/harness';

const e2e = useRelayAndChromium();
const COMMUNITY = 'Gugus PAUD Kenanga';

describe('version history of a shared text', () => {
  it('Bu Sari sees who changed the minutes, restores her own version, and Bu Rina gets it', async () => {
    const { context: phoneA, page: sari } = await e2e.teacher('Bu Sari');
    await sari.createCommunity({ name: COMMUNITY, kind: 'Dalam sekolah', focus: 'bermain bersama' });
    await sari.expectPill('Tersinkron');
    const code = await sari.makeInviteCode();
    const { context: phoneB, page: rina } = await e2e.teacher('Bu Rina');
    await rina.joinWithCode(code, COMMUNITY);

    // Bu Sari writes the minutes and leaves the field: her editing session is recorded.
    await sari.goToCommunity(COMMUNITY);
    await sari.openSection('Pertemuan');
    await sari.page.getByRole('button', { name: 'Mulai pertemuan hari ini' }).click();
    const mine = 'Kita sepakat membuat sudut balok baru.';
    await sari.type('Notulen', mine, 5);
    await sari.field('Notulen').blur();

    // Bu Rina rewrites them on her phone.
    await rina.goToCommunity(COMMUNITY);
    await rina.openSection('Pertemuan');
    await rina.page.getByRole('link', { name: /hadir/ }).first().click();
    await expect.poll(() => rina.field('Notulen').inputValue(), { timeout: 20_000 }).toBe(mine);
    await rina.field('Notulen').fill('Sudut balok ditunda dulu.');
    await rina.field('Notulen').blur();
    await expect.poll(() => sari.field('Notulen').inputValue(), { timeout: 20_000 }).toBe('Sudut balok ditunda dulu.');

    // Riwayat on Bu Sari's phone: Bu Rina's version on top, her own below it.
    await sari.page.getByRole('button', { name: 'Riwayat: Notulen' }).click();
    const panel = sari.page.getByRole('region', { name: 'Riwayat: Notulen' });
    await expect.poll(() => panel.getByRole('listitem').allTextContents(), { timeout: 20_000 }).toEqual([
      expect.stringMatching(/oleh Bu Rina.*sama dengan teks sekarang.*Sudut balok ditunda dulu\./),
      expect.stringMatching(/oleh Bu Sari.*Kita sepakat membuat sudut balok baru\.Pulihkan versi ini/),
    ]);

    // She restores hers, after a confirmation; Bu Rina's phone shows it.
    await panel.getByRole('button', { name: /^Pulihkan versi ini: .* oleh Bu Sari$/ }).click();
    await panel.getByRole('alertdialog').getByRole('button', { name: 'Ya, pulihkan' }).click();
    expect(await sari.field('Notulen').inputValue()).toBe(mine);
    await expect.poll(() => rina.field('Notulen').inputValue(), { timeout: 20_000 }).toBe(mine);
    // The restore is itself a version, by her, saying which version it brought back.
    await expect.poll(() => panel.getByRole('listitem').first().textContent()).toMatch(/oleh Bu Sari · dipulihkan dari versi .*sama dengan teks sekarang/);

    await phoneA.close();
    await phoneB.close();
  });
});
