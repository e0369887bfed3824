/**
 * 6. School Wi-Fi wave: the relay holds a community-year; 25 phones × 3 documents (her personal
 * year, the cluster's community-year, her school's community) connect at the same instant, as
 * when the school's Wi-Fi comes back. Time until every document is up to date (has everyone's
 * offline writing) and, on our relay, acknowledged as stored (COMMIT_ACK); peak connects per
 * second. Two cases: phones that hold yesterday's state and wrote offline (every morning), and
 * empty phones (a new or reset phone: the whole year travels). Reference: the stock y-websocket
 * 1.5.4 server in the same run (memory only: no acknowledgement to wait for, rooms already in
 * memory, while ours loads each room from SQLite on first connection).
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { DocKind, newDocName, newRoomKey } from '../../src/domain/ids.ts';
import { loadFixtures, schoolOf, type YearFixtures } from '../fixtures/cache.ts';
import { Rng, sentence } from '../fixtures/text.ts';
import type { BenchContext } from '../lib/context.ts';
import { forkTs, removeAtCleanup, stopChild } from '../lib/processes.ts';
import { RELAY_LABEL, roomLoadTimes, startSejawatRelay, startStockRelay, type RelayKind, type RelayUnderTest } from '../lib/relays.ts';
import { figure, type Figure, type Section } from '../lib/result.ts';
import { median, percentile, round } from '../lib/stats.ts';
import { seedDocument } from '../lib/yproto.ts';
import { request } from './relayLoad.ts';
import type { WaveDocSpec, WaveSocketResult } from './waveWorker.ts';

const WORKER = fileURLToPath(new URL('./waveWorker.ts', import.meta.url));

type Scenario = 'holding' | 'empty';

interface RoomDoc {
  name: string;
  key: string;
  base: string;
  baseBytes: Uint8Array;
  baseSv: Array<[number, number]>;
}

interface PhoneDoc {
  room: RoomDoc;
  offline?: string;
  /** State she reaches in the holding case (base + everyone's offline writing that concerns it). */
  expectedHolding: Array<[number, number]>;
}

const svPairs = (doc: Y.Doc): Array<[number, number]> => [...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()];

function textsOf(doc: Y.Doc, top: string, field: string): Y.Text[] {
  const map = doc.getMap<unknown>(top);
  return [...map.keys()]
    .sort()
    .map((k) => map.get(k))
    .map((v) => (v instanceof Y.Map ? v.get(field) : undefined))
    .filter((t): t is Y.Text => t instanceof Y.Text);
}

/** One sentence typed offline into `text` by a new session; returns just that update. */
function writeOffline(doc: Y.Doc, text: Y.Text, rng: Rng): Uint8Array {
  doc.clientID = rng.clientId();
  let update: Uint8Array | undefined;
  const capture = (u: Uint8Array): void => {
    update = u;
  };
  doc.on('update', capture);
  doc.transact(() => text.insert(text.length, ` ${sentence(rng)}`));
  doc.off('update', capture);
  if (!update) throw new Error('no offline update');
  return update;
}

function prepare(fx: YearFixtures, phones: number, dir: string): { rooms: RoomDoc[]; phoneDocs: PhoneDoc[][] } {
  const rng = new Rng(77);
  const room = (label: string, bytes: Uint8Array, kind: DocKind): RoomDoc => {
    const base = join(dir, `${label}.base`);
    writeFileSync(base, bytes);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, bytes);
    return { name: newDocName(kind), key: newRoomKey(), base, baseBytes: bytes, baseSv: svPairs(doc) };
  };
  const community = room('community', fx.community, DocKind.COMMUNITY);
  const schools = fx.schools.map((bytes, s) => room(`school-${s}`, bytes, DocKind.COMMUNITY));
  const personal = fx.personal.slice(0, phones).map((bytes, t) => room(`personal-${t}`, bytes, DocKind.PERSONAL));

  // Everyone wrote a sentence offline into a solution of her own in the community document.
  const communityDoc = new Y.Doc();
  Y.applyUpdate(communityDoc, fx.community);
  const solutionTexts = textsOf(communityDoc, 'solutions', 'text');
  const communityOffline = Array.from({ length: phones }, (_, t) => {
    const file = join(dir, `community.offline-${t}`);
    writeFileSync(file, writeOffline(communityDoc, solutionTexts[t % solutionTexts.length] as Y.Text, rng));
    return file;
  });
  const communityExpected = svPairs(communityDoc);

  const phoneDocs = Array.from({ length: phones }, (_, t): PhoneDoc[] => {
    const own = personal[t] as RoomDoc;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, own.baseBytes);
    const gap = textsOf(doc, 'entries', 'gap').at(-1) as Y.Text;
    const offline = join(dir, `personal-${t}.offline`);
    writeFileSync(offline, writeOffline(doc, gap, rng));
    const school = schools[schoolOf(t, fx.size)] as RoomDoc;
    return [
      { room: own, offline, expectedHolding: svPairs(doc) },
      { room: community, offline: communityOffline[t], expectedHolding: communityExpected },
      { room: school, expectedHolding: school.baseSv },
    ];
  });
  return { rooms: [community, ...schools, ...personal], phoneDocs };
}

interface WaveRun {
  kind: RelayKind;
  scenario: Scenario;
  allDoneMs: number;
  p50DoneMs: number;
  allOpenMs: number;
  peakConnectsPerSecond: number;
  failures: number;
  errors: string[];
  receivedMB: number;
  clientApplyMsTotal: number;
  /** Empty phones: the slowest phone's own applyUpdate of its three documents, timed after the wave. */
  slowestPhoneApplyMs: number;
  /** Ours: how long the relay took to load each room from SQLite (its log). */
  roomLoadMs: number[];
}

async function seedAll(relay: RelayUnderTest, rooms: RoomDoc[]): Promise<void> {
  for (let i = 0; i < rooms.length; i += 8) {
    await Promise.all(rooms.slice(i, i + 8).map((r) => seedDocument(relay.docUrl(r.name, r.key), r.baseBytes, relay.acks)));
  }
}

async function waveOnce(
  relay: RelayUnderTest,
  scenario: Scenario,
  phoneDocs: PhoneDoc[][],
  ctx: BenchContext,
): Promise<WaveRun> {
  const { workers } = ctx.plan.wave;
  const perWorker: WaveDocSpec[][] = Array.from({ length: workers }, () => []);
  phoneDocs.forEach((docs, phone) => {
    for (const d of docs) {
      perWorker[phone % workers]?.push({
        url: relay.docUrl(d.room.name, d.room.key),
        files: scenario === 'holding' ? [d.room.base, ...(d.offline ? [d.offline] : [])] : [],
        expected: scenario === 'holding' ? d.expectedHolding : d.room.baseSv,
        acks: relay.acks,
        receiveOnly: scenario === 'empty',
      });
    }
  });
  const procs = perWorker.map((_, w) => forkTs(`wave worker ${w}`, WORKER));
  try {
    await Promise.all(procs.map((p, w) => request(p, { type: 'setup', docs: perWorker[w] }, 'ready', 120_000)));
    const startUs = Number(process.hrtime.bigint() / 1000n) + 300_000;
    const replies = await Promise.all(procs.map((p) => request<{ sockets: WaveSocketResult[] }>(p, { type: 'go', startUs, timeoutMs: 60_000 }, 'done', 90_000)));
    const sockets = replies.flatMap((r) => r.sockets);
    // Sockets come back worker by worker, phone by phone, three documents each.
    const phoneApply: number[] = [];
    for (let i = 0; i < sockets.length; i += 3) phoneApply.push(sockets.slice(i, i + 3).reduce((n, s) => n + (s.deferredApplyMs ?? 0), 0));
    const done = sockets.map((s) => (s.doneUs === null ? Number.NaN : (s.doneUs - startUs) / 1000));
    const opens = sockets.map((s) => s.openUs).filter((t): t is number => t !== null).sort((a, b) => a - b);
    // Peak rate: the most connections completed within any 100 ms, per second.
    let peak = 0;
    for (let i = 0, j = 0; i < opens.length; i++) {
      while ((opens[i] as number) - (opens[j] as number) > 100_000) j++;
      peak = Math.max(peak, (i - j + 1) * 10);
    }
    const failures = done.filter((d) => !Number.isFinite(d)).length;
    return {
      kind: relay.kind,
      scenario,
      allDoneMs: failures > 0 ? Number.NaN : Math.max(...done),
      p50DoneMs: percentile(done, 50),
      allOpenMs: opens.length > 0 ? ((opens.at(-1) as number) - startUs) / 1000 : Number.NaN,
      peakConnectsPerSecond: peak,
      failures,
      errors: sockets.map((s) => s.error).filter((e): e is string => e !== undefined).slice(0, 5),
      receivedMB: sockets.reduce((n, s) => n + s.receivedBytes, 0) / 1e6,
      clientApplyMsTotal: sockets.reduce((n, s) => n + s.applyMs, 0),
      slowestPhoneApplyMs: Math.max(0, ...phoneApply),
      roomLoadMs: roomLoadTimes(relay),
    };
  } finally {
    await Promise.all(procs.map((p) => stopChild(p, 2_000)));
  }
}

export async function measureWave(ctx: BenchContext): Promise<Omit<Section, 'seconds'>> {
  const fx = loadFixtures(ctx.plan.fixture, ctx.log);
  const phones = Math.min(ctx.plan.wave.clients, fx.personal.length);
  const dir = mkdtempSync(join(tmpdir(), 'sejawat-bench-wave-'));
  removeAtCleanup(dir);
  const { rooms, phoneDocs } = prepare(fx, phones, dir);

  // Our relay's disk after yesterday: every document stored, nothing in memory.
  ctx.log(`storing ${rooms.length} documents on our relay…`);
  const seeded = mkdtempSync(join(tmpdir(), 'sejawat-bench-wave-data-'));
  removeAtCleanup(seeded);
  const seeder = await startSejawatRelay({ dataDir: seeded, keepData: true });
  await seedAll(seeder, rooms);
  await seeder.stop();

  const runs: WaveRun[] = [];
  const once = async (kind: RelayKind, scenario: Scenario): Promise<void> => {
    let relay: RelayUnderTest;
    if (kind === 'sejawat') {
      const dataDir = mkdtempSync(join(tmpdir(), 'sejawat-bench-wave-run-'));
      cpSync(seeded, dataDir, { recursive: true });
      relay = await startSejawatRelay({ dataDir });
    } else {
      relay = await startStockRelay();
      await seedAll(relay, rooms);
    }
    try {
      ctx.log(`${RELAY_LABEL[kind]}: ${phones} ${scenario === 'holding' ? 'phones holding the year' : 'empty phones'} × 3 documents connect at once…`);
      runs.push(await waveOnce(relay, scenario, phoneDocs, ctx));
    } finally {
      await relay.stop();
    }
  };
  for (let r = 0; r < ctx.plan.wave.runs; r++) {
    for (const kind of (r % 2 === 0 ? ['stock', 'sejawat'] : ['sejawat', 'stock']) as RelayKind[]) await once(kind, 'holding');
  }
  for (let r = 0; r < ctx.plan.wave.emptyRuns; r++) {
    for (const kind of ['stock', 'sejawat'] as RelayKind[]) await once(kind, 'empty');
  }

  const pick = (kind: RelayKind, scenario: Scenario) => runs.filter((r) => r.kind === kind && r.scenario === scenario);
  const med = (kind: RelayKind, scenario: Scenario, key: keyof WaveRun): number => median(pick(kind, scenario).map((r) => r[key] as number));
  const ref = (scenario: Scenario, key: keyof WaveRun) => ({ label: `${RELAY_LABEL.stock}, up to date`, value: med('stock', scenario, key) });
  const docs = phones * 3;
  const figures: Figure[] = [
    figure('wave.holding.allDone', `${phones} phones holding the year: all ${docs} docs up to date + acknowledged`, med('sejawat', 'holding', 'allDoneMs'), 'ms', {
      reference: ref('holding', 'allDoneMs'),
      target: { text: '< 10 s', test: (v) => v < 10_000 },
      runs: pick('sejawat', 'holding').map((r) => round(r.allDoneMs)),
    }),
    figure('wave.holding.p50', '  half of the documents done', med('sejawat', 'holding', 'p50DoneMs'), 'ms', { reference: ref('holding', 'p50DoneMs') }),
    figure('wave.empty.delivered', `${phones} empty phones: whole year delivered to all ${docs} docs + acknowledged`, med('sejawat', 'empty', 'allDoneMs'), 'ms', {
      reference: ref('empty', 'allDoneMs'),
      runs: pick('sejawat', 'empty').map((r) => round(r.allDoneMs)),
    }),
    figure('wave.empty.allDone', '  + the slowest phone’s own applyUpdate (phones apply in parallel)', med('sejawat', 'empty', 'allDoneMs') + med('sejawat', 'empty', 'slowestPhoneApplyMs'), 'ms', {
      reference: { label: `${RELAY_LABEL.stock}, same`, value: med('stock', 'empty', 'allDoneMs') + med('stock', 'empty', 'slowestPhoneApplyMs') },
      target: { text: '< 10 s', test: (v) => v < 10_000 },
    }),
    figure('wave.peakConnects', 'peak connects per second (100 ms window)', med('sejawat', 'holding', 'peakConnectsPerSecond'), '/s', {
      reference: ref('holding', 'peakConnectsPerSecond'),
    }),
    figure('wave.allOpen', `all ${docs} sockets open after`, med('sejawat', 'holding', 'allOpenMs'), 'ms', { reference: ref('holding', 'allOpenMs') }),
    figure('wave.roomLoad', 'our relay: loading the rooms from SQLite (sum of its "room loaded" ms)', median(pick('sejawat', 'holding').map((r) => r.roomLoadMs.reduce((a, b) => a + b, 0))), 'ms', {
      note: 'single-threaded: sockets wait while rooms load',
    }),
    figure('wave.failures', 'documents not done within 60 s', runs.filter((r) => r.kind === 'sejawat').reduce((n, r) => n + r.failures, 0), 'count', {
      reference: { label: RELAY_LABEL.stock, value: runs.filter((r) => r.kind === 'stock').reduce((n, r) => n + r.failures, 0) },
    }),
  ];
  return {
    id: 'wave',
    title: `6. School Wi-Fi wave (${phones} phones × 3 documents connect at once; our relay loads each room from SQLite)`,
    figures,
    details: { runs, rooms: rooms.length, bytesOnRelay: rooms.reduce((n, r) => n + r.baseBytes.byteLength, 0) },
  };
}
