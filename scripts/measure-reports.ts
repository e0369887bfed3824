// How long the reports take on a community-year (issue 8): the figures in Node, and in Chromium the
// cold open of the community report with the CPU throttled 4× and not, with the time spent reading the
// document and computing the figures (User Timing measures the screens record), and the size of the
// report printed to PDF. Run: npx vite build && npx tsx scripts/measure-reports.ts [--runs 3] [--pdf out.pdf]
//
// The relay is the real one serving dist/; the year (tests/fixtures/makeCycleYear.ts) is uploaded by a
// y-websocket client; a phone joins by the invite link and is made pengawas, who may see the report.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import * as Y from 'yjs';
import { DocKind, listMembers, newDocName, newRoomKey, Role, setMemberRole, type RecordId } from '../src/domain';
import { communityReport, makePeriod, portfolio, readCommunityFacts } from '../src/domain/reports';
import { makeCycleYear } from '../tests/fixtures/makeCycleYear';
import { connectStock } from '../tests/server/support/clients';
import { startRelayProcess } from '../tests/support/relayProcess';
// @ts-expect-error plain ESM helper, no type declarations
import { CHROMIUM_ARGS, ensureChromium } from './chromium.mjs';
import { ensureDebianProgram } from './debianPackage.mjs';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : fallback;
};
const RUNS = Number(option('runs', '3'));
const PDF_OUT = option('pdf', '');
const YEAR = makePeriod('2026-07-01', '2027-06-30');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;

// 1. Node, unthrottled.
const year = makeCycleYear();
console.log(`community-year: ${year.members.length} members, ${year.meetings.length} meetings, ${year.problems.length} problems, ${year.solutions.length} solutions, ${year.trials.length} trials, ${year.practices.length} practices`);
const node = { read: [] as number[], report: [] as number[], portfolio: [] as number[] };
for (let run = 0; run < 5; run++) {
  const t0 = performance.now();
  const facts = readCommunityFacts(year.doc);
  const t1 = performance.now();
  communityReport(year.doc, YEAR, 'Tanpa kelompok');
  const t2 = performance.now();
  portfolio(facts, year.members[3]!, YEAR, { ungroupedName: 'Tanpa kelompok' });
  node.read.push(t1 - t0);
  node.report.push(t2 - t1);
  node.portfolio.push(performance.now() - t2);
}
console.log(`  Node: read the document ${ms(median(node.read))}; whole report (read + figures) ${ms(median(node.report))}; a portfolio from the read ${ms(median(node.portfolio))} (median of 5)`);

// 2. Chromium.
// The year arrives as one update, larger than the relay's default 1 MiB message limit.
const relay = await startRelayProcess({ staticDir: option('static', 'dist') });
const browser = await chromium.launch({ executablePath: (process.env.CHROME_PATH ?? ensureChromium()) as string, headless: true, args: CHROMIUM_ARGS as string[] });
const tmp = mkdtempSync(join(tmpdir(), 'sejawat-measure-reports-'));
const name = newDocName(DocKind.COMMUNITY);
const key = newRoomKey();
const uploaded = new Y.Doc();
Y.applyUpdate(uploaded, Y.encodeStateAsUpdate(year.doc));
const client = connectStock(relay.wsUrl, name, key, uploaded);
try {
  await client.whenSynced();
  const context: BrowserContext = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'id-ID', serviceWorkers: 'allow' });
  const page = await context.newPage();
  await page.goto(`${relay.url}/#/`);
  await page.getByLabel('Nama Anda').fill('Pak Hadi');
  await page.getByRole('button', { name: 'Mulai' }).click();
  await page.getByText('Halo, Pak Hadi').waitFor({ timeout: 30_000 });
  await page.evaluate(async () => void (await navigator.serviceWorker.ready));
  await page.goto(`${relay.url}/#/join?d=${name}&k=${key}`);
  await page.getByRole('button', { name: 'Gabung ke komunitas ini' }).click();
  await page.getByRole('heading', { level: 1 }).filter({ hasText: 'KKG' }).waitFor({ timeout: 120_000 });
  let hadi: RecordId | undefined;
  for (let i = 0; i < 600 && !hadi; i++) {
    hadi = listMembers(client.ydoc).find((m) => m.name === 'Pak Hadi')?.id;
    if (!hadi) await new Promise((r) => setTimeout(r, 100));
  }
  if (!hadi) throw new Error('the phone never joined');
  setMemberRole(client.ydoc, hadi, Role.PENGAWAS, Date.now());
  await page.goto(`${relay.url}/#/c/${name}/practices`);
  await page.waitForFunction((n) => document.querySelectorAll('main ul.entries > li').length >= n, year.practices.length, { timeout: 120_000 });
  await page.goto(`${relay.url}/#/c/${name}`);
  await page.getByRole('link', { name: 'Perkembangan komunitas' }).waitFor({ timeout: 60_000 });
  await page.waitForTimeout(3_000); // let y-indexeddb write the year
  await page.close();

  const url = `${relay.url}/#/c/${name}/report?from=${YEAR.from}&to=${YEAR.to}`;
  for (const rate of [4, 1]) {
    const wall: number[] = [];
    const compute: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const p = await context.newPage();
      const cdp = await context.newCDPSession(p);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      const t0 = performance.now();
      await p.goto(url, { waitUntil: 'commit' });
      await p.getByRole('img', { name: /^Dari masalah sampai praktik baik: Masalah 200,/ }).waitFor({ timeout: 120_000 });
      wall.push(performance.now() - t0);
      const measures = await p.evaluate(() => performance.getEntriesByType('measure').filter((m) => m.name.startsWith('sejawat:report')).map((m) => [m.name, m.duration] as const));
      // The first read and the first figures are the cold open's; later ones follow sync updates.
      const first = (n: string) => measures.find(([m]) => m === n)?.[1] ?? NaN;
      compute.push(first('sejawat:report-read') + first('sejawat:report-figures'));
      await p.close();
    }
    console.log(`  Chromium CPU ×${rate}: report computed (read + figures) in ${ms(median(compute))} [${compute.map((x) => x.toFixed(0)).join(', ')}]; screen visible after ${ms(median(wall))} [${wall.map((x) => x.toFixed(0)).join(', ')}]`);
  }

  const p = await context.newPage();
  await p.goto(url);
  await p.getByRole('img', { name: /^Dari masalah sampai praktik baik: Masalah 200,/ }).waitFor({ timeout: 120_000 });
  const pdf = join(tmp, 'laporan.pdf');
  await p.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  const pdfinfo = ensureDebianProgram({ pkg: 'poppler-utils', candidates: ['/usr/bin/pdfinfo'], why: 'measure-reports counts the PDF pages' });
  const pages = /^Pages:\s+(\d+)/m.exec(execFileSync(pdfinfo, [pdf], { encoding: 'utf8' }))?.[1];
  console.log(`  community report of the year printed to PDF: ${pages} pages, ${(statSync(pdf).size / 1024).toFixed(0)} KB`);
  if (PDF_OUT) copyFileSync(pdf, PDF_OUT);
  await context.close();
} finally {
  client.destroy();
  await browser.close();
  await relay.kill();
  rmSync(tmp, { recursive: true, force: true });
}
