// Reports in the built app: a month of a community's work (written from Node with the domain API,
// through the real relay), the progress screen and report for a pengawas who cannot edit, and a
// teacher's portfolio printed to PDF by Chromium, read back with poppler's pdftotext / pdfinfo.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DocKind, listMembers, newDocName, newRoomKey, Role, setMemberRole, setMemberSchool, type RecordId } from '../../src/domain';
import { COMMUNITY_NAME, foundCommunity, GOAL_WHAT, MONTH, MONTH_EXPECTED, writeMonthOfActivity } from '../fixtures/makeMonthOfActivity';
import { connectStock } from '../server/support/clients';
import type { CommunityPage } from './support/CommunityPage';
import { useRelayAndChromium } from './support/harness';
import { ensureDebianProgram } from '../../scripts/debianPackage.mjs';

const e2e = useRelayAndChromium();
const tmp = mkdtempSync(join(tmpdir(), 'sejawat-reports-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function poppler(program: 'pdftotext' | 'pdfinfo'): string {
  return ensureDebianProgram({ pkg: 'poppler-utils', candidates: [`/usr/bin/${program}`], why: 'the reports e2e test reads the printed PDF' }) as string;
}

async function joinedPhone(name: string, doc: string, key: string): Promise<CommunityPage> {
  const phone = await e2e.phone();
  await phone.startAs(name);
  await phone.page.evaluate(async () => void (await navigator.serviceWorker.ready));
  await phone.page.goto(`${e2e.relay.url}/#/join?d=${doc}&k=${key}`);
  await phone.page.getByRole('button', { name: 'Gabung ke komunitas ini' }).click();
  await phone.page.getByRole('heading', { level: 1, name: COMMUNITY_NAME }).waitFor({ timeout: 30_000 });
  return phone;
}

describe('reports: progress, the community report for a pengawas, and a portfolio printed to PDF', () => {
  it('a month of three teachers’ work reads as figures, and Bu Rina’s portfolio prints with her name, counts and dates', async () => {
    const doc = newDocName(DocKind.COMMUNITY);
    const key = newRoomKey();
    const node = connectStock(e2e.relay.wsUrl, doc, key);
    try {
      await node.whenSynced();
      foundCommunity(node.ydoc);
      const rina = await joinedPhone('Bu Rina', doc, key);
      const hadi = await joinedPhone('Pak Hadi', doc, key);
      const idOf = (name: string) => listMembers(node.ydoc).find((m) => m.name === name)?.id;
      await expect.poll(() => [idOf('Bu Rina'), idOf('Pak Hadi')].every(Boolean), { timeout: 20_000 }).toBe(true);
      const rinaId = idOf('Bu Rina') as RecordId;
      setMemberSchool(node.ydoc, rinaId, 'TK Pertiwi 2');
      setMemberRole(node.ydoc, idOf('Pak Hadi') as RecordId, Role.PENGAWAS, Date.now());
      writeMonthOfActivity(node.ydoc, rinaId);
      const october = `from=${MONTH.from}&to=${MONTH.to}`;

      // The pengawas: the progress screen, read-only, with the month's figures.
      await hadi.page.goto(`${e2e.relay.url}/#/c/${doc}`);
      await hadi.page.getByRole('link', { name: 'Perkembangan komunitas' }).waitFor({ timeout: 20_000 });
      await hadi.page.goto(`${e2e.relay.url}/#/c/${doc}/progress?${october}`);
      const f = MONTH_EXPECTED.funnel;
      const funnel = hadi.page.getByRole('img', { name: `Dari masalah sampai praktik baik: Masalah ${f.problems}, Akar masalah ${f.rootCauses}, Solusi ${f.solutions}, Ujicoba ${f.trials}, Praktik baik ${f.practices}` });
      await funnel.waitFor({ timeout: 30_000 });
      await expect.poll(() => hadi.page.locator('dl.figures').first().innerText()).toMatch(new RegExp(`Guru\\s+${MONTH_EXPECTED.teachers}[\\s\\S]*Pertemuan\\s+${MONTH_EXPECTED.meetings}[\\s\\S]*Kehadiran\\s+${MONTH_EXPECTED.attendancePercent}%`));
      await hadi.page.getByRole('img', { name: /^Kontribusi diskusi per bulan: Okt 2025 \d+$/ }).waitFor();
      const goal = hadi.page.getByRole('article').filter({ hasText: GOAL_WHAT });
      const g = MONTH_EXPECTED.goal;
      expect(await goal.innerText()).toMatch(new RegExp(`Ujicoba terkait\\s+${g.trials}[\\s\\S]*Berhasil\\s+${g.berhasil}[\\s\\S]*Refleksi ditulis\\s+${g.reflected}[\\s\\S]*Praktik baik\\s+${g.practices}`));
      // The report opens for her too, and nothing on it writes: no text field but the period's dates.
      await hadi.page.getByRole('link', { name: 'Laporan untuk dicetak' }).click();
      await hadi.page.getByRole('heading', { level: 1, name: 'Laporan komunitas' }).waitFor();
      await hadi.page.getByRole('table').filter({ hasText: 'Per guru' }).or(hadi.page.getByRole('row', { name: /Bu Rina/ })).first().waitFor();
      expect(await hadi.page.locator('main textarea, main input:not([type=date])').count()).toBe(0);
      // Other screens offer her no editing either.
      await hadi.page.goto(`${e2e.relay.url}/#/c/${doc}/goals`);
      await hadi.page.getByLabel('Apa yang ingin dicapai').first().waitFor();
      expect(await hadi.page.getByLabel('Apa yang ingin dicapai').first().getAttribute('readonly')).not.toBeNull();
      expect(await hadi.page.getByRole('button', { name: 'Tambah tujuan' }).count()).toBe(0);
      await hadi.page.goto(`${e2e.relay.url}/#/c/${doc}/boards`);
      await hadi.page.getByRole('heading', { level: 1 }).waitFor();
      expect(await hadi.page.getByRole('button', { name: 'Buka papan minggu ini' }).count()).toBe(0);

      // Bu Rina is a guru: the community's progress is not hers to open, her portfolio is.
      await rina.page.goto(`${e2e.relay.url}/#/c/${doc}/progress?${october}`);
      await rina.page.getByRole('alert').filter({ hasText: 'Halaman ini untuk fasilitator, kepala sekolah dan pengawas' }).waitFor();
      await rina.page.goto(`${e2e.relay.url}/#/c/${doc}`);
      await rina.page.getByRole('link', { name: 'Portofolio saya' }).click();
      await rina.page.getByRole('heading', { level: 1, name: 'Portofolio saya' }).waitFor();
      await rina.page.goto(`${e2e.relay.url}/#/c/${doc}/portfolio?${october}`);
      await rina.page.getByRole('heading', { level: 3, name: 'Lagu antre cuci tangan' }).waitFor({ timeout: 30_000 });

      const pdf = join(tmp, 'portofolio.pdf');
      await rina.page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
      const info = execFileSync(poppler('pdfinfo'), [pdf], { encoding: 'utf8' });
      const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
      expect(info).toMatch(/Page size:.*\(A4\)/);
      const text = execFileSync(poppler('pdftotext'), ['-layout', pdf, '-'], { encoding: 'utf8' });
      const r = MONTH_EXPECTED.rina;
      for (const expected of [
        'Portofolio saya', 'Bu Rina', 'TK Pertiwi 2', COMMUNITY_NAME, 'Rabu, 1 Oktober 2025', 'Jumat, 31 Oktober 2025',
        'Papan giliran bergambar', 'Lagu antre cuci tangan', 'Hasil: Berhasil', 'Hasil: Perlu diubah',
        `${r.linkedEntries} catatan harian terkait`, 'Anak mulai menunggu giliran tanpa diingatkan.', 'Bekerja sama dengan: Bu Dewi, Bu Sari',
      ]) expect(text).toContain(expected);
      const figure = (label: string, value: string | number) => expect(text).toMatch(new RegExp(`${label}[\\s\\S]{0,200}?\\b${value}\\b`));
      figure('Ujicoba dimulai', r.trialsStarted);
      figure('Refleksi ditulis', r.reflected);
      figure('Kontribusi diskusi', r.contributions);
      figure('Hadir / pertemuan', r.attended);
      figure('Hari catatan dibagikan', r.sharedJournalDays);
      // Every page carries her name, the community and the period in its header, and its number.
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(text.split('\f').filter((page) => page.trim() !== '')).toHaveLength(pages);
      for (const [i, page] of text.split('\f').filter((p) => p.trim() !== '').entries()) {
        expect(page, `page ${i + 1}`).toContain(`Portofolio saya · Bu Rina · ${COMMUNITY_NAME}`);
        expect(page, `page ${i + 1}`).toContain(`Hal. ${i + 1} / ${pages}`);
      }
      // Nothing of the screen's controls is printed.
      for (const control of ['Cetak / simpan PDF', 'Unduh angka', 'Sertakan jumlah catatan', 'Terapkan']) expect(text).not.toContain(control);
      if (process.env.REPORTS_PDF_OUT) execFileSync('cp', [pdf, process.env.REPORTS_PDF_OUT]);
      console.log(`[reports] portfolio PDF: ${pages} pages, ${statSync(pdf).size} bytes`);
    } finally {
      node.destroy();
    }
  });
});
