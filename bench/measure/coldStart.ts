/**
 * 3. Cold start in Chromium, as a cheap phone on a bad network: CDP CPU throttling 4× and
 * 400 kbit/s with 400 ms RTT. First visit until the first screen accepts input (the onboarding
 * field); repeat visit offline (service worker) until the journal is usable, new and with a year
 * of entries. Reference: the dependency floor (bench/floor), served by the same relay the same way.
 *
 * "Interactive" is measured in the page: the moment the element appears (MutationObserver), plus
 * one macrotask, so a long task still running when it appears is counted.
 */
import type { Browser, Page } from 'playwright-core';
import { loadFixtures } from '../fixtures/cache.ts';
import { launchBrowser, newPhone, SLOW_PHONE, throttle } from '../lib/browser.ts';
import { getBuild, type AppKind } from '../lib/builds.ts';
import type { BenchContext } from '../lib/context.ts';
import { startSejawatRelay, type RelayUnderTest } from '../lib/relays.ts';
import { figure, notYet, type Section } from '../lib/result.ts';
import { median, round } from '../lib/stats.ts';
import { seedDocument } from '../lib/yproto.ts';
import { DocKind, newDocName, newRoomKey } from '../../src/domain/ids.ts';

/** What "usable" means on each screen (CSS selectors). */
const READY = {
  app: { first: '#onboarding-name', journal: 'main.journal-list button', year: 'main.journal-list .entries li' },
  floor: { first: '#floor-input', journal: '#floor-input', year: '#floor-input' },
} as const;

function watchFor(selector: string): string {
  return `(() => {
    const state = { seen: null, interactive: null };
    Object.defineProperty(window, '__benchReady', { value: state });
    const check = () => {
      if (state.seen !== null) return;
      const el = document.querySelector(${JSON.stringify(selector)});
      if (!el || el.disabled) return;
      state.seen = performance.now();
      setTimeout(() => { state.interactive = performance.now(); }, 0);
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
  })();`;
}

async function timeToReady(page: Page, url: string, selector: string, offline: boolean): Promise<{ ms: number; transferKB: number }> {
  await page.addInitScript(watchFor(selector));
  await throttle(page, offline);
  await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  await page.waitForFunction(() => (window as unknown as { __benchReady?: { interactive: number | null } }).__benchReady?.interactive != null, undefined, {
    timeout: 120_000,
    polling: 50,
  });
  return page.evaluate(() => ({
    ms: (window as unknown as { __benchReady: { interactive: number } }).__benchReady.interactive,
    transferKB:
      (performance.getEntriesByType('navigation') as PerformanceResourceTiming[])
        .concat(performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .reduce((n, e) => n + e.transferSize, 0) / 1000,
  }));
}

async function offlineReady(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active?.state;
  });
}

interface ColdRun {
  firstMs: number;
  firstTransferKB: number;
  repeatOfflineMs: number;
  yearOfflineMs?: number;
}

async function coldOnce(browser: Browser, kind: AppKind, relay: RelayUnderTest, year?: { doc: string; key: string }): Promise<ColdRun> {
  const ready = READY[kind];
  const context = await newPhone(browser);
  try {
    const page = await context.newPage();
    const first = await timeToReady(page, `${relay.url}/`, ready.first, false);
    // Onboarding at full speed: only the visits are measured.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    if (kind === 'app') {
      await page.fill('#onboarding-name', 'Bu Sari');
      await page.keyboard.press('Enter');
      await page.waitForSelector(ready.journal, { timeout: 60_000 });
    }
    await offlineReady(page);
    await page.close();

    await context.setOffline(true);
    const again = await context.newPage();
    const repeat = await timeToReady(again, `${relay.url}/`, ready.journal, true);
    await again.close();
    const run: ColdRun = { firstMs: first.ms, firstTransferKB: first.transferKB, repeatOfflineMs: repeat.ms };

    if (year && kind === 'app') {
      // Another phone of a teacher with a year: linked to her personal document, synced, offline.
      const linked = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, locale: 'id-ID' });
      try {
        const p = await linked.newPage();
        await p.goto(`${relay.url}/#/link?d=${year.doc}&k=${year.key}`);
        await p.waitForSelector(ready.year, { timeout: 120_000 });
        await offlineReady(p);
        await p.close();
        await linked.setOffline(true);
        const reopened = await linked.newPage();
        run.yearOfflineMs = (await timeToReady(reopened, `${relay.url}/`, ready.year, true)).ms;
      } finally {
        await linked.close();
      }
    }
    return run;
  } finally {
    await context.close();
  }
}

export async function measureColdStart(ctx: BenchContext): Promise<Omit<Section, 'seconds'>> {
  const [app, floor] = await Promise.all([getBuild('app', ctx.repoRoot, ctx.log), getBuild('floor', ctx.repoRoot, ctx.log)]);
  const fx = loadFixtures(ctx.plan.fixture, ctx.log);
  const relays = {
    app: await startSejawatRelay({ staticDir: app.dir }),
    floor: await startSejawatRelay({ staticDir: floor.dir }),
  };
  const year = { doc: newDocName(DocKind.PERSONAL), key: newRoomKey() };
  await seedDocument(relays.app.docUrl(year.doc, year.key), fx.personal[3 % fx.personal.length] as Uint8Array, true);
  const browser = await launchBrowser();
  const runs: Record<AppKind, ColdRun[]> = { app: [], floor: [] };
  for (let i = 0; i < ctx.plan.coldStart.runs; i++) {
    for (const kind of (i % 2 === 0 ? ['floor', 'app'] : ['app', 'floor']) as AppKind[]) {
      ctx.log(`${kind}: first visit and repeat visit offline (run ${i + 1}/${ctx.plan.coldStart.runs})…`);
      runs[kind].push(await coldOnce(browser, kind, relays[kind], year));
    }
  }
  await browser.close();
  const med = (kind: AppKind, key: keyof ColdRun): number => median(runs[kind].map((r) => r[key] ?? Number.NaN));
  const floorRef = (key: keyof ColdRun, label = 'floor') => ({ label, value: med('floor', key) });
  const all = (kind: AppKind, key: keyof ColdRun) => runs[kind].map((r) => round(r[key] ?? Number.NaN));
  return {
    id: 'coldStart',
    title: `3. Cold start in Chromium (CPU ${SLOW_PHONE.cpuRate}× slower, ${SLOW_PHONE.kbps} kbit/s, ${SLOW_PHONE.rttMs} ms RTT; served by the relay)`,
    figures: [
      figure('cold.first', 'first visit → onboarding field accepts input', med('app', 'firstMs'), 'ms', {
        reference: floorRef('firstMs', 'floor: first visit → input'),
        target: { text: '< 5 s', test: (v) => v < 5_000 },
        runs: all('app', 'firstMs'),
      }),
      figure('cold.firstTransfer', '  transferred on the first visit', med('app', 'firstTransferKB'), 'kB', { reference: floorRef('firstTransferKB') }),
      figure('cold.repeatOffline', 'repeat visit offline → journal usable (new teacher)', med('app', 'repeatOfflineMs'), 'ms', {
        reference: floorRef('repeatOfflineMs', 'floor: repeat offline → input'),
        target: { text: '< 1 s', test: (v) => v < 1_000 },
        runs: all('app', 'repeatOfflineMs'),
      }),
      figure('cold.yearOffline', `repeat visit offline → journal of a year (${fx.size.entriesPerTeacher} entries) shown`, med('app', 'yearOfflineMs'), 'ms', {
        reference: floorRef('repeatOfflineMs', 'floor: repeat offline → input'),
        target: { text: '< 1 s', test: (v) => v < 1_000 },
        runs: all('app', 'yearOfflineMs'),
      }),
      notYet('cold.board', 'opening the board of a community-year', 'ms', 'not yet measurable (issue 5): there is no board screen yet', '< 1 s'),
    ],
    details: { runs },
  };
}
