/**
 * 9. Scale-out (issue 9): how much one relay holds before its p99 update latency passes 200 ms,
 * for SQLite, for PostgreSQL, and for three relays over PostgreSQL + Redis; memory per loaded room;
 * and (full run) the time for 1,000 clients of 200 communities to reconnect and resync after every
 * relay restarts.
 *
 * The ramp reuses the relay-load generator (loadWorker.ts): raw y-protocols sockets in worker
 * processes, each client setting its own key once a second. A step adds clients (`perRoom` to a new
 * room) and runs a round; latency is from one client's send to its arrival at every OTHER client of
 * the room (with three relays, clients of a room sit on different relays, so most deliveries
 * cross Redis). The ramp stops after the first step whose p99 passes 200 ms or that loses updates, twice in a row.
 * With three relays the clients are spread over their ports round-robin (what a balancer does),
 * and "per relay" is the total divided by three.
 *
 * Each figure's reference is the SQLite relay's, measured in the same run.
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DocKind, newDocName, newRoomKey } from '../../src/domain/ids.ts';
import { startPostgres, startRedis } from '../../tests/support/services.ts';
import type { BenchContext } from '../lib/context.ts';
import { forkTs, onCleanup, run, stopChild } from '../lib/processes.ts';
import { cpuSeconds, memoryMiB } from '../lib/procfs.ts';
import { startSejawatRelay, type RelayUnderTest } from '../lib/relays.ts';
import { figure, type Figure, type Section } from '../lib/result.ts';
import { Histogram, round } from '../lib/stats.ts';
import type { LoadClientSpec, LoadRoundResult } from './loadWorker.ts';
import { request } from './relayLoad.ts';

const WORKER = fileURLToPath(new URL('./loadWorker.ts', import.meta.url));
const SCALE_OUT_SCRIPT = fileURLToPath(new URL('../../sync-server/scripts/measureScaleOut.ts', import.meta.url));
const P99_LIMIT_MS = 200;
/** Below this share delivered within the round (+1 s), a step counts as not held. */
const DELIVERED_MIN_PERCENT = 99;

type Setup = 'sqlite' | 'postgres' | 'postgres3';
const SETUP_LABEL: Record<Setup, string> = {
  sqlite: '1 relay, SQLite',
  postgres: '1 relay, PostgreSQL',
  postgres3: '3 relays, PostgreSQL + Redis',
};

export interface RampStep {
  clients: number;
  rooms: number;
  updatesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  deliveredPercent: number;
  /** Sum over the relays, 100 % = one core. */
  relayCpuPercent: number;
  relayRssMiB: number;
  generatorLagP99Ms: number;
  held: boolean;
  /** p99 of a first round that failed (the step was measured again). */
  firstP99Ms?: number;
}

export interface RampResult {
  setup: Setup;
  relays: number;
  steps: RampStep[];
  /** The last step held (p99 ≤ 200 ms, ≥ 99 % delivered), or undefined if the first was not. */
  lastHeld?: RampStep;
  /** All steps held: the relay may hold more than the ramp reached. */
  reachedTop: boolean;
  /** (RSS after the ramp − RSS before the first client) / rooms loaded, one relay only. */
  kibPerRoom?: number;
}

interface Services {
  databaseUrl: string;
  redisUrl: string;
}

async function ramp(ctx: BenchContext, setup: Setup, services: Services | undefined): Promise<RampResult> {
  const { steps, perRoom, seconds, workers } = ctx.plan.scaleRamp;
  const relayCount = setup === 'postgres3' ? 3 : 1;
  const env = { MAX_ROOMS_PER_IP: '100000' };
  if (setup !== 'sqlite' && !services) throw new Error('PostgreSQL and Redis were not started');
  const relays: RelayUnderTest[] = await Promise.all(
    Array.from({ length: relayCount }, () =>
      setup === 'sqlite'
        ? startSejawatRelay({ env })
        : startSejawatRelay({ env, databaseUrl: services?.databaseUrl, redisUrl: setup === 'postgres3' ? services?.redisUrl : undefined }),
    ),
  );
  const rssBefore = relays.reduce((n, r) => n + memoryMiB(r.pid).rss, 0);
  const procs: ChildProcess[] = Array.from({ length: workers }, (_, w) => forkTs(`scale ramp worker ${w}`, WORKER));
  const rooms: Array<{ doc: string; key: string }> = [];
  const result: RampResult = { setup, relays: relayCount, steps: [], reachedTop: false };
  let connected = 0;
  try {
    for (const target of steps) {
      // New clients, `perRoom` to each new room, spread over the relays and the workers.
      const specs: LoadClientSpec[][] = Array.from({ length: workers }, () => []);
      for (let idx = connected; idx < target; idx++) {
        const r = Math.floor(idx / perRoom);
        while (rooms.length <= r) rooms.push({ doc: newDocName(DocKind.COMMUNITY), key: newRoomKey() });
        const room = rooms[r] as { doc: string; key: string };
        const relay = relays[idx % relayCount] as RelayUnderTest;
        specs[idx % workers]?.push({ idx, urls: { ramp: relay.docUrl(room.doc, room.key) } });
      }
      const ready = await Promise.all(procs.map((p, w) => request(p, { type: 'setup', clients: specs[w], concurrency: 20 }, 'ready', 120_000)));
      const failed = ready.reduce((n, r) => n + (r.failed as number), 0);
      connected = target;
      const measureRound = async (attempt: number): Promise<RampStep> => {
        const cpu0 = relays.map((r) => cpuSeconds(r.pid));
        const t0 = performance.now();
        const startUs = Number(process.hrtime.bigint() / 1000n) + 300_000;
        const results = await Promise.all(
          procs.map((p) =>
            request<LoadRoundResult>(p, { type: 'round', relay: 'ramp', startUs, seconds, totalClients: target }, 'round-result', (seconds + 60) * 1000),
          ),
        );
        const wallS = (performance.now() - t0) / 1000;
        const hist = new Histogram();
        const lag = new Histogram();
        let sent = 0;
        let received = 0;
        for (const res of results) {
          hist.merge(res.latencyUs);
          lag.merge(res.lagUs);
          received += res.received;
          for (const [, n] of res.sentPerClient) sent += n;
        }
        const expected = sent * (perRoom - 1);
        const step: RampStep = {
          clients: target,
          rooms: Math.ceil(target / perRoom),
          updatesPerSecond: target,
          p50Ms: round(hist.percentile(50) / 1000, 1),
          p99Ms: round(hist.percentile(99) / 1000, 1),
          deliveredPercent: expected > 0 ? round((received / expected) * 100, 2) : Number.NaN,
          relayCpuPercent: round((relays.reduce((n, r, i) => n + cpuSeconds(r.pid) - (cpu0[i] as number), 0) / wallS) * 100),
          relayRssMiB: round(relays.reduce((n, r) => n + memoryMiB(r.pid).rss, 0)),
          generatorLagP99Ms: round(lag.percentile(99) / 1000, 1),
          held: false,
        };
        step.held = failed === 0 && step.p99Ms <= P99_LIMIT_MS && step.deliveredPercent >= DELIVERED_MIN_PERCENT;
        ctx.log(
          `${SETUP_LABEL[setup]}${attempt > 1 ? ' (again)' : ''}: ${target} clients in ${step.rooms} rooms, ${target} updates/s → p50 ${step.p50Ms} ms, p99 ${step.p99Ms} ms, ` +
            `${step.deliveredPercent} % delivered, relay CPU ${step.relayCpuPercent} %, RSS ${step.relayRssMiB} MiB, send lag p99 ${step.generatorLagP99Ms} ms${failed ? `, ${failed} failed to connect` : ''}`,
        );
        return step;
      };
      // One noisy round on this shared machine does not end the ramp: a step fails only if a
      // second round at the same load fails too.
      let step = await measureRound(1);
      if (!step.held) step = { ...(await measureRound(2)), firstP99Ms: step.p99Ms };
      result.steps.push(step);
      if (!step.held) break;
      result.lastHeld = step;
    }
    result.reachedTop = result.steps.length === steps.length && result.steps.every((s) => s.held);
    if (relayCount === 1 && rooms.length > 0) result.kibPerRoom = round((((result.steps.at(-1)?.relayRssMiB ?? rssBefore) - rssBefore) * 1024) / rooms.length);
  } finally {
    await Promise.all(procs.map((p) => stopChild(p, 2_000)));
    for (const relay of relays) await relay.stop();
  }
  return result;
}

/** sync-server/scripts/measureScaleOut.ts, run as it is documented (its own PostgreSQL and Redis). */
async function reconnect(ctx: BenchContext, clients: number, communities: number): Promise<Record<string, number>> {
  ctx.log(`${clients} clients of ${communities} communities over 3 relays: restart every relay, wait for every resync…`);
  const output = await run('measureScaleOut', process.execPath, ['--import', 'tsx', SCALE_OUT_SCRIPT, String(clients), String(communities)], {
    cwd: ctx.repoRoot,
  });
  const line = output.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (!line) throw new Error(`measureScaleOut printed no result:\n${output.slice(-2000)}`);
  return JSON.parse(line) as Record<string, number>;
}

export async function measureScaleRamp(ctx: BenchContext): Promise<Omit<Section, 'seconds'>> {
  const plan = ctx.plan.scaleRamp;
  let services: Services | undefined;
  if (plan.setups.some((s) => s !== 'sqlite')) {
    ctx.log('starting PostgreSQL (fsync on) and Redis…');
    const postgres = await startPostgres({ durable: true });
    onCleanup('PostgreSQL', () => postgres.stop());
    const redis = await startRedis();
    onCleanup('Redis', () => redis.stop());
    services = { databaseUrl: await postgres.createDatabase('scale_ramp'), redisUrl: redis.url };
  }
  const results: Partial<Record<Setup, RampResult>> = {};
  for (const setup of plan.setups) results[setup] = await ramp(ctx, setup, services);

  const sqlite = results.sqlite;
  const held = (r: RampResult | undefined): number | null => (r ? (r.lastHeld?.clients ?? 0) : null);
  const top = Math.max(...plan.steps);
  const note = (r: RampResult | undefined): string | undefined => {
    if (!r) return undefined;
    const first = r.steps.find((s) => !s.held);
    if (r.reachedTop) return `held every step up to ${top}: the limit is higher than the ramp went`;
    return first ? `${first.clients} clients: p99 ${first.p99Ms} ms, ${first.deliveredPercent} % delivered` : undefined;
  };
  const figures: Figure[] = [];
  for (const setup of plan.setups) {
    const r = results[setup];
    const ref = setup === 'sqlite' ? undefined : { label: SETUP_LABEL.sqlite, value: held(sqlite) };
    const clients = held(r);
    figures.push(
      figure(`scale.${setup}.clients`, `${SETUP_LABEL[setup]}: connections held at p99 ≤ ${P99_LIMIT_MS} ms (1 update/s each, ${plan.perRoom} a room)`, clients, 'count', {
        ...(ref ? { reference: ref } : {}),
        note: note(r),
      }),
    );
    figures.push(
      figure(`scale.${setup}.updatesPerSecond`, `${SETUP_LABEL[setup]}: updates/s held`, clients, '/s', {
        ...(ref ? { reference: { label: SETUP_LABEL.sqlite, value: held(sqlite) } } : {}),
      }),
    );
    if (r?.lastHeld) figures.push(figure(`scale.${setup}.p99AtHeld`, `${SETUP_LABEL[setup]}: p99 at that step (send → seen by the room's others)`, r.lastHeld.p99Ms, 'ms'));
  }
  for (const setup of ['sqlite', 'postgres'] as const) {
    const r = results[setup];
    if (!r) continue;
    figures.push(
      figure(`scale.${setup}.kibPerRoom`, `${SETUP_LABEL[setup]}: RSS per loaded room (with its ${plan.perRoom} connections)`, r.kibPerRoom ?? null, 'KiB', {
        ...(setup === 'sqlite' ? {} : { reference: { label: SETUP_LABEL.sqlite, value: sqlite?.kibPerRoom ?? null } }),
        note: `${r.steps.at(-1)?.rooms ?? 0} rooms loaded`,
      }),
    );
  }
  let scaleOut: Record<string, number> | undefined;
  if (plan.reconnect) {
    scaleOut = await reconnect(ctx, plan.reconnect.clients, plan.reconnect.communities);
    figures.push(
      figure('scale.restart.resync', `${plan.reconnect.clients} clients of ${plan.reconnect.communities} communities: all resynced after all 3 relays restart (from the restart)`, (scaleOut.resyncAfterRestartMs ?? NaN) / 1000, 's', {
        reference: { label: 'first connect and sync of all, same run', value: (scaleOut.connectAllMs ?? NaN) / 1000 },
      }),
      figure('scale.restart.total', '… from the stop (includes y-websocket reconnect backoff)', (scaleOut.stopRestartResyncMs ?? NaN) / 1000, 's'),
    );
  }
  return { id: 'scaleRamp', title: '9. Scale-out ramp', figures, details: { plan, results, scaleOut } };
}
