// Size of a community after a school year of the learning cycle, its open time in Node, and the
// cold open time of each main screen in Chromium with the CPU throttled 4× (issue 5's report).
// Run: npx tsx scripts/measure-cycle-screens.ts [--runs 3] [--static dist] [--no-profile]
//
// The relay is the real one (sync-server/main.ts, serving the built app); the fixture is uploaded by a
// real y-websocket client; the app joins by the invite link. A cold open is a new page in the same
// browser context (IndexedDB holds the community), navigated straight to the screen's URL, timed
// until the screen's content is visible. Screens over 1 s are then profiled (CDP Profiler) on a build
// without minification, so the profile names functions.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  initCommunityDoc,
  listBoards,
  listPractices,
  listProblems,
  listSolutions,
  listTrials,
  listWhys,
  newDocName,
  newRoomKey,
  type DocName,
  type RoomKey,
} from '../src/domain';
import { makeCycleYear } from '../tests/fixtures/makeCycleYear';
import { startRelayProcess, type RelayProcess } from '../tests/support/relayProcess';
// @ts-expect-error plain ESM helper, no type declarations
import { CHROMIUM_ARGS, ensureChromium } from './chromium.mjs';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : fallback;
};
const RUNS = Number(option('runs', '3'));
const STATIC_DIR = option('static', 'dist');
const PROFILE = !args.includes('--no-profile');
const COMMUNITY_NAME = 'KKG PAUD Gugus Melati';
const COMMIT_ACK = 100;
const MIB = 1024 * 1024;
const SLOW_MS = 1_000;

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;

// ---------------------------------------------------------------------------------------------
// 1. The document: sizes and open time in Node.
// ---------------------------------------------------------------------------------------------
const made = performance.now();
const year = makeCycleYear();
const makeMs = performance.now() - made;
const v1 = Y.encodeStateAsUpdate(year.doc);
const v2 = Y.encodeStateAsUpdateV2(year.doc);
console.log(
  `community-year of the learning cycle, made in ${ms(makeMs)}: 25 members, ${year.meetings.length} meetings, ${year.problems.length} problems, ` +
    `${year.whys.length} whys (${year.rootCauses.length} root causes), ${year.boards.length} boards, ${year.solutions.length} solutions, ` +
    `${year.trials.length} trials, ${year.practices.length} practices; ${year.doc.store.clients.size} Yjs clients`,
);
console.log(`  encoded v1 ${kb(v1.length)} (gzip ${kb(gzipSync(v1).length)}), v2 ${kb(v2.length)} (gzip ${kb(gzipSync(v2).length)})`);

const openTimes: number[] = [];
let opened!: Y.Doc;
for (let run = 0; run < 5; run++) {
  const t0 = performance.now();
  opened = new Y.Doc();
  Y.applyUpdate(opened, v1);
  initCommunityDoc(opened, Date.now());
  openTimes.push(performance.now() - t0);
}
console.log(`  open in Node (applyUpdate v1 + initCommunityDoc): median ${ms(median(openTimes))} of 5 [${openTimes.map((t) => t.toFixed(0)).join(', ')}]`);

// What each screen's domain reads cost in Node, unthrottled (median of 5).
const lastBoard = listBoards(opened)[0]!;
const nodeReads: Array<[string, () => unknown]> = [
  ['listProblems', () => listProblems(opened)],
  ['listWhys (one problem)', () => listWhys(opened, year.problems[100]!)],
  ['listBoards', () => listBoards(opened)],
  ['listSolutions ×5 (one board) ×2 (BoardScreen reads each twice)', () => {
    for (const problemId of lastBoard.problemIds) {
      listSolutions(opened, lastBoard.id, problemId);
      listSolutions(opened, lastBoard.id, problemId, { includeRetracted: true });
    }
  }],
  ['listTrials', () => listTrials(opened)],
  ['listPractices', () => listPractices(opened)],
];
for (const [label, read] of nodeReads) {
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    read();
    times.push(performance.now() - t0);
  }
  console.log(`  ${label}: ${median(times).toFixed(1)} ms`);
}

// ---------------------------------------------------------------------------------------------
// 2. The relay, the upload, the app.
// ---------------------------------------------------------------------------------------------
interface Screen {
  name: string;
  path: (doc: DocName) => string;
  content: (page: Page) => Locator;
}

const problemId = year.problems[100]!;
const trialId = year.trials[100]!;
const SCREENS: Screen[] = [
  // Reference: the app's first screen, which does not open the community document.
  { name: 'journal home (no community)', path: () => '/', content: (p) => p.getByText('Halo, Bu Rina') },
  { name: 'community home', path: (d) => `/c/${d}`, content: (p) => p.getByRole('heading', { level: 1, name: COMMUNITY_NAME }) },
  { name: 'problems', path: (d) => `/c/${d}/problems`, content: (p) => p.locator('main ul.entries > li').first() },
  { name: 'one problem (its whys)', path: (d) => `/c/${d}/p/${problemId}`, content: (p) => p.locator('main li.why').first() },
  { name: 'boards', path: (d) => `/c/${d}/boards`, content: (p) => p.locator('main ul.entries > li').first() },
  { name: 'one board (a solution field)', path: (d) => `/c/${d}/b/${lastBoard.id}`, content: (p) => p.locator('main li.solution textarea').first() },
  { name: 'trials', path: (d) => `/c/${d}/trials`, content: (p) => p.locator('main ul.entries > li').first() },
  { name: 'one trial (its fields)', path: (d) => `/c/${d}/t/${trialId}`, content: (p) => p.locator('main textarea').first() },
  { name: 'practices', path: (d) => `/c/${d}/practices`, content: (p) => p.locator('main ul.entries > li').first() },
];

/** Uploads the fixture with a real y-websocket client and waits until the relay has committed it. */
async function upload(relay: RelayProcess, name: DocName, key: RoomKey): Promise<void> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, v1);
  const provider = new WebsocketProvider(relay.wsUrl, name, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { key },
    disableBc: true,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('upload: no sync within 60 s')), 60_000);
      provider.on('sync', (synced: boolean) => synced && (clearTimeout(timer), resolve()));
      provider.on('connection-close', (event: { code?: number; reason?: string } | null) => {
        if (event?.code && event.code !== 1000) reject(new Error(`upload: relay closed ${event.code} ${event.reason ?? ''}`));
      });
    });
    // COMMIT_ACK (docs/PROTOCOL.md): the relay echoes n once everything it received is on disk.
    const acked = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('upload: no COMMIT_ACK within 60 s')), 60_000);
      provider.messageHandlers[COMMIT_ACK] = (_encoder, decoder) => {
        if (decoding.readVarUint(decoder) === 1) {
          clearTimeout(timer);
          resolve();
        }
      };
    });
    const request = encoding.createEncoder();
    encoding.writeVarUint(request, COMMIT_ACK);
    encoding.writeVarUint(request, 1);
    provider.ws!.send(encoding.toUint8Array(request));
    await acked;
  } finally {
    provider.destroy();
    doc.destroy();
  }
  // A second client, from nothing: the relay hands back the whole year.
  const check = new Y.Doc();
  const reader = new WebsocketProvider(relay.wsUrl, name, check, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { key },
    disableBc: true,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('check: no sync within 60 s')), 60_000);
      reader.on('sync', (synced: boolean) => synced && (clearTimeout(timer), resolve()));
    });
    const same = Buffer.from(Y.encodeStateVector(check)).equals(Buffer.from(Y.encodeStateVector(year.doc)));
    if (!same) throw new Error('the relay did not hand back the uploaded state');
  } finally {
    reader.destroy();
    check.destroy();
  }
}

/** Her phone: onboarded, joined by the invite link, the whole community synced into IndexedDB. */
async function joinedPhone(browser: Browser, relay: RelayProcess, name: DocName, key: RoomKey): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 640 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'id-ID',
    serviceWorkers: 'allow',
  });
  const page = await context.newPage();
  await page.goto(`${relay.url}/#/`);
  await page.getByLabel('Nama Anda').fill('Bu Rina');
  await page.getByRole('button', { name: 'Mulai' }).click();
  await page.getByText('Halo, Bu Rina').waitFor({ timeout: 30_000 });
  await page.evaluate(async () => void (await navigator.serviceWorker.ready));
  await page.goto(`${relay.url}/#/join?d=${name}&k=${key}`);
  await page.getByRole('button', { name: 'Gabung ke komunitas ini' }).click();
  await page.getByRole('heading', { level: 1, name: COMMUNITY_NAME }).waitFor({ timeout: 120_000 });
  // Every practice listed means the relay's whole state arrived; then let y-indexeddb write it.
  await page.goto(`${relay.url}/#/c/${name}/practices`);
  await page.waitForFunction((n) => document.querySelectorAll('main ul.entries > li').length >= n, year.practices.length, { timeout: 120_000 });
  await page.waitForTimeout(3_000);
  await page.close();
  return context;
}

/** One cold open: a new page, CPU throttled, straight to the screen; ms until its content is visible. */
async function coldOpen(context: BrowserContext, url: string, screen: Screen, rate: number): Promise<number> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    const t0 = performance.now();
    await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
    await screen.content(page).waitFor({ state: 'visible', timeout: 60_000 });
    return performance.now() - t0;
  } finally {
    await page.close();
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** A cold open under the CPU profiler: where the time goes, by function (inclusive and self). */
async function profiledOpen(context: BrowserContext, origin: string, url: string, screen: Screen, rate: number): Promise<void> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    // Same origin first (a precached file), so the navigation stays in this renderer and profiler.
    await page.goto(`${origin}/favicon.svg`);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const t0 = performance.now();
    await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
    await screen.content(page).waitFor({ state: 'visible', timeout: 60_000 });
    const wall = performance.now() - t0;
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
      profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
    };
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const sampled = new Map<number, number>();
    profile.samples.forEach((id, i) => sampled.set(id, (sampled.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
    const label = (n: ProfileNode) => {
      const file = n.callFrame.url.split('/').pop()?.replace(/-[\w-]{8}\.js$/, '.js') ?? '';
      return `${n.callFrame.functionName || '(anonymous)'}${file ? ` ${file}:${n.callFrame.lineNumber + 1}` : ''}`;
    };
    const self = new Map<string, number>();
    const inclusive = new Map<string, number>();
    let total = 0;
    for (const [id, t] of sampled) {
      total += t;
      const leaf = label(byId.get(id)!);
      self.set(leaf, (self.get(leaf) ?? 0) + t);
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const key = label(byId.get(at)!);
        if (seen.has(key)) continue;
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + t);
      }
    }
    const top = (m: Map<string, number>, n: number) =>
      [...m]
        .filter(([k]) => !/^\((root|program|idle)\)/.test(k))
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([k, t]) => `      ${t.toFixed(0).padStart(6)} ms  ${k}`)
        .join('\n');
    console.log(`\n  profile of "${screen.name}" (CPU ×${rate}), content after ${ms(wall)}; sampled ${ms(total)} on the page's main thread`);
    console.log(`    idle ${ms(self.get('(idle)') ?? 0)}, program ${ms(self.get('(program)') ?? 0)}, GC ${ms(self.get('(garbage collector)') ?? 0)}`);
    console.log(`    inclusive (top 30):\n${top(inclusive, 30)}`);
    console.log(`    self (top 15):\n${top(self, 15)}`);
  } finally {
    await page.close();
  }
}

async function measureScreens(context: BrowserContext, relay: RelayProcess, name: DocName): Promise<Array<{ screen: Screen; slow: number[]; fast: number[] }>> {
  const rows: Array<{ screen: Screen; slow: number[]; fast: number[] }> = [];
  for (const screen of SCREENS) {
    const url = `${relay.url}/#${screen.path(name)}`;
    const slow: number[] = [];
    const fast: number[] = [];
    for (let run = 0; run < RUNS; run++) slow.push(await coldOpen(context, url, screen, 4));
    for (let run = 0; run < RUNS; run++) fast.push(await coldOpen(context, url, screen, 1));
    rows.push({ screen, slow, fast });
    console.log(
      `  ${screen.name.padEnd(30)} CPU ×4 median ${ms(median(slow)).padStart(8)} [${slow.map((t) => t.toFixed(0)).join(', ')}]   ` +
        `×1 median ${ms(median(fast)).padStart(7)} [${fast.map((t) => t.toFixed(0)).join(', ')}]`,
    );
  }
  return rows;
}

let relay: RelayProcess | undefined;
let browser: Browser | undefined;
let plainDir: string | undefined;
try {
  if (!existsSync(join(STATIC_DIR, 'index.html'))) {
    console.log(`\n${STATIC_DIR}/ has no build: npx vite build --outDir ${STATIC_DIR}`);
    execFileSync('npx', ['vite', 'build', '--outDir', STATIC_DIR], { stdio: 'inherit' });
  }
  // A client that holds the whole year and meets an empty room sends it as one sync step 2; the
  // relay's default MAX_MESSAGE_BYTES (8 MiB) was raised from 1 MiB for exactly this.
  const env: Record<string, string> = {};
  if (v1.length > 8 * MIB) console.log(`\nnote: the year's update (${kb(v1.length)}) is over the relay's default MAX_MESSAGE_BYTES (8 MiB)`);
  const firstRelay = await startRelayProcess({ staticDir: STATIC_DIR, env });
  relay = firstRelay;
  const name = newDocName('c');
  const key = newRoomKey();
  const u0 = performance.now();
  await upload(firstRelay, name, key);
  console.log(`\nuploaded to ${firstRelay.url} room ${name.slice(0, 8)}… and committed (COMMIT_ACK), checked by a second client: ${ms(performance.now() - u0)}`);

  const executablePath = (process.env.CHROME_PATH ?? ensureChromium()) as string;
  browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS as string[] });
  console.log(`Chromium ${browser.version()}, ${(await import('node:os')).cpus().length} cores; ${RUNS} cold opens per screen and CPU rate`);
  const j0 = performance.now();
  const context = await joinedPhone(browser, firstRelay, name, key);
  console.log(`joined by the invite link and synced in ${ms(performance.now() - j0)} (unthrottled)\n`);
  console.log(`cold open (new page, same context), ms until the screen's content is visible (built app from ${STATIC_DIR}/):`);
  const rows = await measureScreens(context, firstRelay, name);
  await context.close();

  const slowScreens = rows.filter((r) => median(r.slow) > SLOW_MS).map((r) => r.screen);
  if (slowScreens.length > 0 && PROFILE) {
    // Profile on a build without minification (same sources), served by a relay on the same data.
    plainDir = mkdtempSync(join(tmpdir(), 'sejawat-plain-'));
    console.log(`\nover ${ms(SLOW_MS)} with CPU ×4: ${slowScreens.map((s) => s.name).join(', ')}; profiling on an unminified build (${plainDir})`);
    execFileSync('npx', ['vite', 'build', '--minify', 'false', '--outDir', plainDir, '--emptyOutDir', '--logLevel', 'warn'], { stdio: 'inherit' });
    await firstRelay.kill();
    const plainRelay = await startRelayProcess({ dataDir: firstRelay.dataDir, staticDir: plainDir, env });
    relay = plainRelay;
    const plainContext = await joinedPhone(browser, plainRelay, name, key);
    for (const screen of slowScreens) {
      await profiledOpen(plainContext, plainRelay.url, `${plainRelay.url}/#${screen.path(name)}`, screen, 4);
    }
    await plainContext.close();
  }
} finally {
  await browser?.close();
  await relay?.kill();
  if (relay) rmSync(relay.dataDir, { recursive: true, force: true });
  if (plainDir) rmSync(plainDir, { recursive: true, force: true });
}
