import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPhone } from './support/browser';
import { CommunityPage } from './support/CommunityPage';
import { useRelayAndChromium } from './support/harness';

const e2e = useRelayAndChromium();

const GAP = 'Anak belum mau menunggu giliran.';
const COMMUNITY = 'KKG Melati';

async function openDataScreen(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Data saya' }).click();
  await page.getByRole('heading', { name: 'Di mana data saya' }).waitFor();
}

function personalState(page: Page) {
  return page.getByRole('listitem').filter({ hasText: 'Catatan pribadi saya' }).getByRole('status');
}

describe('her data: where it is, a wiped phone, backup and restore', () => {
  it('shows where her notes are, recovers them with the code after a wipe, and restores a backup on a new phone without duplicates', async () => {
    const phoneA = await newPhone(e2e.browser);
    const sari = new CommunityPage(await phoneA.newPage());
    await sari.open(e2e.relay.url);
    await sari.waitUntilOfflineReady();

    // Where is my data: offline, her new journal is on this phone only; online, safe on the server.
    await phoneA.setOffline(true);
    await sari.startAs('Bu Sari');
    await openDataScreen(sari.page);
    await expect.poll(() => personalState(sari.page).textContent()).toBe('Di HP ini saja');
    await phoneA.setOffline(false);
    await expect.poll(() => personalState(sari.page).textContent(), { timeout: 30_000 }).toBe('Aman di server');

    await sari.goHome();
    await sari.writeTodaysEntry();
    await sari.type('Kesenjangan / masalah', GAP);
    await sari.createCommunity({ name: COMMUNITY, kind: 'Dalam sekolah', focus: 'literasi awal' });
    await sari.expectPill('Tersinkron');
    await sari.goHome();
    await sari.expectPill('Tersinkron');

    // Her recovery code, offered on the data screen, below what sync used this month (counted per frame).
    await openDataScreen(sari.page);
    const used = (await sari.page.getByText(/^Bulan ini sinkronisasi memakai/).textContent())!;
    expect(Number(/memakai ([\d.,]+) MB/.exec(used)![1]!.replace(',', '.'))).toBeGreaterThan(0);
    await sari.page.getByRole('button', { name: 'Tampilkan kode pemulihan' }).click();
    const code = (await sari.page.getByLabel('Kode pemulihan Anda').textContent())!;
    expect(code).toMatch(/^([0-9A-Z]{4}-){15}[0-9A-Z]{4}$/);

    // Backup on phone A, caught as a download.
    const [download] = await Promise.all([
      sari.page.waitForEvent('download'),
      sari.page.getByRole('button', { name: 'Unduh file cadangan' }).click(),
    ]);
    const backupPath = join(tmpdir(), `sejawat-e2e-${process.pid}.sejawat`);
    await download.saveAs(backupPath);
    await expect.poll(() => sari.page.getByText(/^File cadangan dibuat: 2 dokumen/).count()).toBe(1);

    // The browser's IndexedDB is wiped (the marker outside it stays): recovery is offered.
    const cdp = await phoneA.newCDPSession(sari.page);
    await cdp.send('Storage.clearDataForOrigin', { origin: new URL(e2e.relay.url).origin, storageTypes: 'indexeddb' });
    await sari.reload();
    await sari.page.getByText('Data Sejawat di HP ini terhapus', { exact: false }).waitFor();
    // She types it in lower case, with spaces, and one character wrong.
    const typo = code.replace(/-/g, ' ').toLowerCase();
    const wrong = `${typo[0] === 'x' ? 'y' : 'x'}${typo.slice(1)}`;
    await sari.page.getByLabel('Kode pemulihan', { exact: true }).fill(wrong);
    await sari.page.getByRole('button', { name: 'Pulihkan dengan kode pemulihan' }).click();
    await expect.poll(() => sari.page.getByText('Halo, Bu Sari').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => sari.page.getByRole('link', { name: new RegExp(GAP) }).count(), { timeout: 30_000 }).toBe(1);
    await sari.openCommunities();
    await expect.poll(() => sari.page.getByRole('link', { name: new RegExp(COMMUNITY) }).count(), { timeout: 30_000 }).toBe(1);

    // A new phone, offline: the backup file alone brings everything back.
    const phoneB = await newPhone(e2e.browser);
    const b = new CommunityPage(await phoneB.newPage());
    await b.open(e2e.relay.url);
    await b.waitUntilOfflineReady();
    await phoneB.setOffline(true);
    await b.page.getByRole('button', { name: 'Sudah pernah memakai Sejawat? Pulihkan catatan Anda' }).click();
    await b.page.getByLabel('Pulihkan dari file cadangan').setInputFiles(backupPath);
    await expect.poll(() => b.page.getByText('Halo, Bu Sari').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => b.page.getByRole('link', { name: new RegExp(GAP) }).count()).toBe(1);

    // Importing it again merges: nothing is duplicated.
    await openDataScreen(b.page);
    await b.page.getByLabel('Pulihkan dari file cadangan').setInputFiles(backupPath);
    await b.page.getByText(/^Cadangan dipulihkan: 2 dokumen/).waitFor();
    // A damaged copy and a foreign file are refused with a clear message and change nothing.
    const damaged = readFileSync(backupPath);
    const middle = Math.floor(damaged.length / 2);
    damaged[middle] = damaged[middle]! ^ 0xff;
    const damagedPath = `${backupPath}.rusak`;
    writeFileSync(damagedPath, damaged);
    await b.page.getByLabel('Pulihkan dari file cadangan').setInputFiles(damagedPath);
    await b.page.getByText('File cadangan ini rusak. Ambil lagi file aslinya. Tidak ada yang berubah.').waitFor();
    await b.page.getByLabel('Pulihkan dari file cadangan').setInputFiles({ name: 'foto.jpg', mimeType: 'image/jpeg', buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0]) });
    await b.page.getByText('Ini bukan file cadangan Sejawat. Tidak ada yang berubah.').waitFor();
    await b.goHome();
    await expect.poll(() => b.page.getByRole('link', { name: new RegExp(GAP) }).count()).toBe(1);
    expect(await b.page.getByText('1 catatan').count()).toBe(1);
    await b.openCommunities();
    expect(await b.page.getByRole('link', { name: new RegExp(COMMUNITY) }).count()).toBe(1);

    // A phone where she typed her name before finding the file: it says whose the file is, and switches.
    const phoneC = await newPhone(e2e.browser);
    const c = new CommunityPage(await phoneC.newPage());
    await c.open(e2e.relay.url);
    await c.startAs('Sari');
    await openDataScreen(c.page);
    await c.page.getByLabel('Pulihkan dari file cadangan').setInputFiles(backupPath);
    await c.page.getByText('File cadangan ini milik catatan pribadi lain', { exact: false }).waitFor();
    await c.page.getByRole('link', { name: 'Pakai catatan dari file ini di HP ini' }).click();
    await c.page.getByRole('button', { name: 'Ya, hubungkan' }).click();
    await openDataScreen(c.page);
    await c.page.getByLabel('Pulihkan dari file cadangan').setInputFiles(backupPath);
    await c.page.getByText(/^Cadangan dipulihkan: 2 dokumen/).waitFor();
    await c.goHome();
    await expect.poll(() => c.page.getByText('Halo, Bu Sari').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => c.page.getByRole('link', { name: new RegExp(GAP) }).count()).toBe(1);

    await phoneA.close();
    await phoneB.close();
    await phoneC.close();
  });
});
