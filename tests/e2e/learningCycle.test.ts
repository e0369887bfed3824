import { describe, expect, it } from 'vitest';
import type { CommunityPage } from './support/CommunityPage';
import { useRelayAndChromium } from './support/harness';

const e2e = useRelayAndChromium();
const COMMUNITY = 'Gugus PAUD Mawar';

/** The texts of every solution field on the board, in order. */
async function solutionTexts(page: CommunityPage): Promise<string[]> {
  const fields = page.page.getByLabel(/^Solusi \d+ untuk masalah 1$/);
  const count = await fields.count();
  const texts: string[] = [];
  for (let i = 0; i < count; i++) texts.push(await fields.nth(i).inputValue());
  return texts;
}

async function addSolution(page: CommunityPage, text: string): Promise<void> {
  const before = await page.page.getByLabel(/^Solusi \d+ untuk masalah 1$/).count();
  await page.page.getByRole('button', { name: 'Tambah solusi untuk masalah 1' }).click();
  const mine = page.page.getByLabel(`Solusi ${before + 1} untuk masalah 1`, { exact: true });
  await mine.waitFor();
  await mine.click();
  await mine.pressSequentially(text, { delay: 5 });
}

describe('the learning cycle, from a journal entry to a good practice', () => {
  it('three teachers go from a shared problem through whys and a weekly board to a trial and a good practice', async () => {
    const { context: phoneA, page: sari } = await e2e.teacher('Bu Sari');
    await sari.createCommunity({ name: COMMUNITY, kind: 'Dalam sekolah', focus: 'bermain bersama' });
    await sari.expectPill('Tersinkron');
    const code = await sari.makeInviteCode();
    const { page: rina } = await e2e.teacher('Bu Rina');
    await rina.joinWithCode(code, COMMUNITY);
    const { context: phoneC, page: dewi } = await e2e.teacher('Bu Dewi');
    await dewi.joinWithCode(code, COMMUNITY);
    await sari.waitUntilOfflineReady();

    // 1. Offline, Bu Sari writes her entry and shares only its problem, names as initials.
    await phoneA.setOffline(true);
    await sari.goHome();
    await sari.writeTodaysEntry();
    await sari.type('Kegiatan dan perilaku anak', 'Raka dan Sinta berebut balok di sudut bermain.');
    await sari.type('Tindakan saya', 'Saya melerai dan memberi balok lain.');
    await sari.type('Kesenjangan / masalah', 'Raka belum mau menunggu giliran saat bermain balok.');
    await sari.page.getByRole('link', { name: 'Bagikan masalah ke komunitas' }).click();
    await sari.page.getByLabel('Nama anak di kelas Anda (satu per baris)').fill('Raka\nSinta');
    const preview = sari.page.getByLabel('Yang akan dibagikan');
    await expect.poll(() => preview.textContent()).toContain('belum mau menunggu giliran');
    expect(await preview.textContent()).not.toContain('Raka');
    expect(await preview.textContent()).not.toContain('melerai'); // her actions were not ticked
    await sari.page.getByRole('button', { name: 'Bagikan', exact: true }).click();
    await sari.page.getByRole('heading', { name: 'Masalah dari Bu Sari' }).waitFor();
    await phoneA.setOffline(false);
    await sari.expectPill('Tersinkron');

    // 2. Diskusi harian: Bu Rina and Bu Dewi ask why until the group marks the root cause.
    for (const teacher of [rina, dewi]) {
      await teacher.goToCommunity(COMMUNITY);
      await teacher.openSection('Diskusi harian');
      await teacher.page.getByRole('link', { name: /Bu Sari/ }).click();
      await teacher.page.getByRole('heading', { name: 'Masalah dari Bu Sari' }).waitFor();
    }
    expect(await rina.page.locator('.problem-text').textContent()).not.toContain('Raka');
    expect(await rina.page.locator('.problem-text').textContent()).not.toContain('melerai');
    await rina.page.getByLabel('Mengapa masalah ini muncul?').fill('Balok di sudut bermain terlalu sedikit.');
    await rina.page.getByRole('button', { name: 'Kirim jawaban' }).click();
    await expect.poll(() => dewi.page.getByText('Balok di sudut bermain terlalu sedikit.').count(), { timeout: 20_000 }).toBe(1);
    await dewi.page.getByRole('button', { name: 'Tanya mengapa lagi' }).click();
    await dewi.page.getByLabel(/^Mengapa\? \(menjawab/).fill('Belum ada aturan giliran yang disepakati anak.');
    await dewi.page.getByRole('button', { name: 'Kirim jawaban' }).last().click();
    await expect.poll(() => rina.page.getByText('Belum ada aturan giliran yang disepakati anak.').count(), { timeout: 20_000 }).toBe(1);
    await rina.page.getByRole('button', { name: 'Tandai sebagai akar masalah' }).last().click();
    await expect.poll(() => dewi.page.getByText('Akar masalah', { exact: true }).count(), { timeout: 20_000 }).toBe(1);
    await sari.goToCommunity(COMMUNITY);
    await sari.openSection('Diskusi harian');
    await expect.poll(() => sari.page.getByText(/dilihat 2 rekan/).count(), { timeout: 20_000 }).toBe(1);

    // 3. Diskusi mingguan: the board, solutions written by all three at once, one of them offline.
    await sari.goToCommunity(COMMUNITY);
    await sari.openSection('Diskusi mingguan');
    await sari.page.getByRole('button', { name: 'Buka papan minggu ini' }).click();
    await sari.page.getByRole('button', { name: /^Bahas: / }).click();
    await addSolution(sari, 'Kartu giliran bergambar');
    for (const teacher of [rina, dewi]) {
      await teacher.goToCommunity(COMMUNITY);
      await teacher.openSection('Diskusi mingguan');
      await teacher.page.getByRole('link', { name: /^Papan / }).click();
      await expect.poll(() => solutionTexts(teacher), { timeout: 20_000 }).toEqual(['Kartu giliran bergambar']);
    }
    await addSolution(rina, 'Tambah balok dari kardus bekas');
    await expect.poll(() => solutionTexts(dewi), { timeout: 20_000 }).toHaveLength(2);
    await phoneC.setOffline(true);
    await Promise.all([
      addSolution(dewi, 'Lagu menunggu giliran'),
      sari.type('Solusi 1 untuk masalah 1', ' (dibuat bersama anak)', 5),
      rina.type('Solusi 2 untuk masalah 1', ' dan botol plastik', 5),
    ]);
    await phoneC.setOffline(false);
    const expected = ['Kartu giliran bergambar (dibuat bersama anak)', 'Tambah balok dari kardus bekas dan botol plastik', 'Lagu menunggu giliran'];
    for (const teacher of [sari, rina, dewi]) {
      await expect.poll(() => solutionTexts(teacher), { timeout: 30_000 }).toEqual(expected);
    }

    // 4. Ujicoba: Bu Sari picks the first solution, tries it with two journal entries, reflects, adopts it.
    await sari.page.getByRole('button', { name: 'Saya pilih ini' }).first().click();
    await sari.page.getByRole('button', { name: 'Mulai ujicoba solusi ini' }).click();
    await sari.page.getByLabel('Kelas / kelompok').fill('Kelompok B1');
    await sari.page.getByLabel('Apa yang akan saya amati pada anak').fill('Apakah anak menunggu giliran tanpa diingatkan.');
    await sari.page.getByRole('button', { name: 'Mulai ujicoba' }).click();
    const trialUrl = sari.page.url();
    for (const text of ['Hari pertama kartu giliran: 4 anak menunggu.', 'Hari kedua: 7 anak menunggu giliran sendiri.']) {
      await sari.goHome();
      await sari.writeTodaysEntry();
      await sari.type('Kegiatan dan perilaku anak', text);
    }
    await sari.page.goto(trialUrl);
    for (let i = 0; i < 2; i++) {
      const select = sari.page.getByLabel('Pilih catatan harian');
      await select.selectOption({ label: (await select.locator('option').nth(1).textContent()) ?? '' });
    }
    await expect.poll(() => sari.page.locator('section[aria-label="Catatan harian selama ujicoba"] li').count()).toBe(2);
    await sari.type('Refleksi: apakah anak belajar lebih baik?', 'Ya, anak lebih sabar dan saling mengingatkan.');
    await sari.type('Bukti apa yang terlihat?', 'Dari 4 menjadi 7 anak menunggu giliran sendiri.');
    await sari.page.getByRole('button', { name: 'Berhasil', exact: true }).click();
    await sari.page.getByRole('button', { name: 'Jadikan praktik baik' }).click();
    await sari.field('Judul praktik baik').waitFor();
    await sari.expectPill('Tersinkron');

    // 5. The practice is in the library for Bu Rina and Bu Dewi.
    for (const teacher of [rina, dewi]) {
      await teacher.goToCommunity(COMMUNITY);
      await teacher.openSection('Praktik baik');
      await expect.poll(() => teacher.page.getByText(/Kartu giliran bergambar/).count(), { timeout: 30_000 }).toBeGreaterThan(0);
      await teacher.page.getByLabel('Cari praktik baik').fill('kartu giliran');
      await expect.poll(() => teacher.page.locator('ul.entries li').count()).toBe(1);
    }
  });
});
