/**
 * 5. The relay under load, against the stock y-websocket 1.5.4 server in the same run: clients in
 * rooms, one update a second each; latency from one client's send to its arrival at every other
 * client of the room; relay CPU and RSS.
 *
 * Both relays run at once and every client is connected to both; the sending alternates between
 * them in rounds (stock, ours, ours, stock, …), so a burst of load from elsewhere on this shared
 * machine lands on both alike. The load comes from several worker processes of raw sockets
 * (loadWorker.ts), so the generator is not the bottleneck (its CPU and send lag are reported).
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DocKind, newDocName, newRoomKey } from '../../src/domain/ids.ts';
import type { BenchContext } from '../lib/context.ts';
import { forkTs, stopChild } from '../lib/processes.ts';
import { sampleProcess } from '../lib/procfs.ts';
import { RELAY_LABEL, startRelay, type RelayKind, type RelayUnderTest } from '../lib/relays.ts';
import { figure, type Figure, type Section } from '../lib/result.ts';
import { Histogram, median, round } from '../lib/stats.ts';
import type { LoadClientSpec, LoadRoundResult } from './loadWorker.ts';

const WORKER = fileURLToPath(new URL('./loadWorker.ts', import.meta.url));

interface Reply {
  type: string;
  [key: string]: unknown;
}

export function request<T = Reply>(worker: ChildProcess, message: object, expect: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('exit', onExit);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`worker: no "${expect}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (reply: Reply): void => {
      if (reply.type !== expect) return;
      cleanup();
      resolve(reply as T);
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`worker exited (${String(code)})`));
    };
    worker.on('message', onMessage);
    worker.once('exit', onExit);
    worker.send(message);
  });
}

export interface LoadResult {
  kind: RelayKind;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  roundP50Ms: number[];
  roundP99Ms: number[];
  relayCpuPercent: number;
  roundCpuPercent: number[];
  /** Share of samples in which the relay's main thread was blocked on the disk (state D). */
  diskWaitPercent: number;
  relayRssPeakMiB: number;
  sent: number;
  expected: number;
  delivered: number;
  deliveredPercent: number;
  generatorCpuPercent: number;
  generatorLagP99Ms: number;
}

const ms = (us: number): number => us / 1000;

interface Level {
  clients: number;
  rooms: number;
  seconds: number;
}

async function loadLevel(ctx: BenchContext, level: Level, idPrefix: string): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const { clients, rooms, seconds } = level;
  const { workers, rounds } = ctx.plan.load;
  const kinds: RelayKind[] = ['stock', 'sejawat'];
  const relays = {} as Record<RelayKind, RelayUnderTest>;
  for (const kind of kinds) relays[kind] = await startRelay(kind);

  const roomList = Array.from({ length: rooms }, () => ({ doc: newDocName(DocKind.COMMUNITY), key: newRoomKey() }));
  const roomOf = (idx: number): number => idx % rooms;
  const roomSize = (r: number): number => Math.floor(clients / rooms) + (r < clients % rooms ? 1 : 0);
  const specs: LoadClientSpec[][] = Array.from({ length: workers }, () => []);
  for (let idx = 0; idx < clients; idx++) {
    const room = roomList[roomOf(idx)] as { doc: string; key: string };
    const urls = Object.fromEntries(kinds.map((k) => [k, relays[k].docUrl(room.doc, room.key)]));
    specs[idx % workers]?.push({ idx, urls });
  }
  const procs = specs.map((_, w) => forkTs(`load worker ${w}`, WORKER));
  ctx.log(`connecting ${clients} clients in ${rooms} rooms to both relays from ${workers} processes…`);
  const ready = await Promise.all(procs.map((p, w) => request(p, { type: 'setup', clients: specs[w], concurrency: 20 }, 'ready', 300_000)));
  const failedClients = ready.reduce((n, r) => n + (r.failed as number), 0);

  const perKind = Object.fromEntries(kinds.map((k) => [k, { rounds: [] as LoadRoundResult[][], cpu: [] as number[], diskWait: [] as number[], rssPeak: 0 }])) as Record<
    RelayKind,
    { rounds: LoadRoundResult[][]; cpu: number[]; diskWait: number[]; rssPeak: number }
  >;
  const roundSeconds = seconds / rounds;
  for (let r = 0; r < rounds; r++) {
    // ABBA order: neither relay always goes first.
    const order = r % 2 === 0 ? kinds : [...kinds].reverse();
    for (const kind of order) {
      ctx.log(`round ${r + 1}/${rounds}: ${RELAY_LABEL[kind]}, ${clients} clients × 1 update/s for ${roundSeconds} s…`);
      const startUs = Number(process.hrtime.bigint() / 1000n) + 500_000;
      const pending = procs.map((p) =>
        request<LoadRoundResult>(p, { type: 'round', relay: kind, startUs, seconds: roundSeconds, totalClients: clients }, 'round-result', (roundSeconds + 60) * 1000),
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      const sampled = await sampleProcess(relays[kind].pid, () => new Promise((resolve) => setTimeout(resolve, roundSeconds * 1000)));
      perKind[kind].rounds.push(await Promise.all(pending));
      perKind[kind].cpu.push(sampled.cpuPercent);
      perKind[kind].diskWait.push(sampled.diskWaitPercent);
      perKind[kind].rssPeak = Math.max(perKind[kind].rssPeak, sampled.rssPeakMiB);
    }
  }
  await Promise.all(procs.map((p) => stopChild(p, 2_000)));
  for (const kind of kinds) await relays[kind].stop();

  const summarize = (kind: RelayKind): LoadResult => {
    const all = new Histogram();
    const lag = new Histogram();
    const roundP50: number[] = [];
    const roundP99: number[] = [];
    let sent = 0;
    let expected = 0;
    let delivered = 0;
    let generatorCpu = 0;
    for (const results of perKind[kind].rounds) {
      const h = new Histogram();
      for (const res of results) {
        h.merge(res.latencyUs);
        lag.merge(res.lagUs);
        delivered += res.received;
        generatorCpu = Math.max(generatorCpu, res.cpuPercent);
        for (const [idx, n] of res.sentPerClient) {
          sent += n;
          expected += n * (roomSize(roomOf(idx)) - 1);
        }
      }
      all.merge(h);
      roundP50.push(round(ms(h.percentile(50)), 2));
      roundP99.push(round(ms(h.percentile(99)), 2));
    }
    return {
      kind,
      p50Ms: ms(all.percentile(50)),
      p99Ms: ms(all.percentile(99)),
      maxMs: ms(all.max),
      roundP50Ms: roundP50,
      roundP99Ms: roundP99,
      relayCpuPercent: median(perKind[kind].cpu),
      roundCpuPercent: perKind[kind].cpu.map((c) => round(c)),
      diskWaitPercent: median(perKind[kind].diskWait),
      relayRssPeakMiB: perKind[kind].rssPeak,
      sent,
      expected,
      delivered,
      deliveredPercent: expected > 0 ? (delivered / expected) * 100 : Number.NaN,
      generatorCpuPercent: generatorCpu,
      generatorLagP99Ms: ms(lag.percentile(99)),
    };
  };
  const ours = summarize('sejawat');
  const stock = summarize('stock');
  const ref = (value: number) => ({ label: RELAY_LABEL.stock, value });
  const id = (name: string): string => `relay.${idPrefix}${name}`;
  const figures: Figure[] = [
    figure(id('p50'), `${clients} clients / ${rooms} rooms: latency p50, median of ${rounds} rounds`, median(ours.roundP50Ms), 'ms', { reference: ref(median(stock.roundP50Ms)), runs: ours.roundP50Ms }),
    figure(id('p99'), `latency p99, median of ${rounds} rounds`, median(ours.roundP99Ms), 'ms', {
      reference: ref(median(stock.roundP99Ms)),
      target: { text: '≤ reference', test: (_v, r) => r !== null && r <= 1 },
      runs: ours.roundP99Ms,
    }),
    figure(id('p99.all'), `latency p99 over all ${seconds} s`, ours.p99Ms, 'ms', { reference: ref(stock.p99Ms) }),
    figure(id('cpu'), 'relay CPU (100 % = one core)', ours.relayCpuPercent, '%', { reference: ref(stock.relayCpuPercent), runs: ours.roundCpuPercent }),
    figure(id('diskWait'), 'relay main thread blocked on disk (fsync)', ours.diskWaitPercent, '%', { reference: ref(stock.diskWaitPercent) }),
    figure(id('rss'), 'relay RSS, peak', ours.relayRssPeakMiB, 'MiB', { reference: ref(stock.relayRssPeakMiB) }),
    figure(id('delivered'), 'updates delivered to every other client', ours.deliveredPercent, '%', { reference: ref(stock.deliveredPercent) }),
    figure(id('generatorCpu'), 'load generator CPU, busiest process', ours.generatorCpuPercent, '%', { reference: ref(stock.generatorCpuPercent) }),
    figure(id('generatorLag'), 'load generator send lag p99', ours.generatorLagP99Ms, 'ms', { reference: ref(stock.generatorLagP99Ms) }),
  ];
  return { figures, details: { clients, rooms, seconds, sejawat: ours, stock, failedClients, workers, rounds, roundSeconds } };
}

export async function measureRelayLoad(ctx: BenchContext): Promise<Omit<Section, 'seconds'>> {
  const { levels } = ctx.plan.load;
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  for (const [i, level] of levels.entries()) {
    // The level (the last) keeps the plain ids: relay.p99, relay.cpu, …
    const prefix = i === levels.length - 1 ? '' : `c${level.clients}.`;
    const result = await loadLevel(ctx, level, prefix);
    figures.push(...result.figures);
    details[`${level.clients}clients`] = result.details;
  }
  return {
    id: 'relayLoad',
    title: `5. Relay under load vs y-websocket 1.5.4 (1 update/s per client; rounds alternate between the relays)`,
    figures,
    details,
  };
}
