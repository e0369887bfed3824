/**
 * A load-generator process for the relay load test (several run at once, so the generator is not
 * the bottleneck). Each client holds one raw `ws` socket per relay under test, speaking
 * y-protocols with a write-only Y.Doc: during a round it sets its own map key once a second on
 * that round's relay, the value carrying its index and send time. Every client scans what it
 * receives for those markers (a byte search, no Yjs decoding) and records the latency from the
 * sender's send to its own receipt; CLOCK_MONOTONIC is shared by every process on the machine.
 *
 * Parent → worker: {type:'setup', clients, concurrency} · {type:'round', relay, startUs, seconds, totalClients} · {type:'stop'}
 * Worker → parent: {type:'ready', failed, errors} · LoadRoundResult
 */
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { exitWithParent } from '../lib/processes.ts';
import { Histogram } from '../lib/stats.ts';
import { decodeMessage, encodeStep1, encodeSync, openSocket, Sync, toBytes } from '../lib/yproto.ts';

export interface LoadClientSpec {
  idx: number;
  /** One websocket URL per relay under test. */
  urls: Record<string, string>;
}

export interface LoadRoundResult {
  type: 'round-result';
  latencyUs: ReturnType<Histogram['toJSON']>;
  /** [client index, updates it sent] */
  sentPerClient: Array<[number, number]>;
  received: number;
  lagUs: ReturnType<Histogram['toJSON']>;
  cpuPercent: number;
  closed: number;
  errors: string[];
}

const MARK = Buffer.from('LAT:');
const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);

interface Socket {
  idx: number;
  relay: string;
  ws: WebSocket;
  doc: Y.Doc;
  map: Y.Map<string>;
  synced: boolean;
}

const sockets: Socket[] = [];
let round: { relay: string; startUs: number; endUs: number; hist: Histogram; received: number } | undefined;
let closed = 0;
const errors: string[] = [];
const note = (err: unknown): void => {
  if (errors.length < 10) errors.push(String(err));
};

function onMessage(socket: Socket, data: WebSocket.RawData): void {
  const buf = data as Buffer;
  // A relayed update is [0 (sync), 2 (update), length, …]; only updates carry markers.
  if (buf[0] !== 0) return;
  if (buf[1] !== Sync.UPDATE) {
    if (buf[1] === Sync.STEP2) socket.synced = true;
    else if (buf[1] === Sync.STEP1) {
      // The relay's step 1: answer with what we have, as y-websocket does.
      const msg = decodeMessage(toBytes(data));
      if (msg.kind === 'step1') socket.ws.send(encodeSync(Sync.STEP2, Y.encodeStateAsUpdate(socket.doc, msg.stateVector)));
    }
    return;
  }
  const r = round;
  if (!r || r.relay !== socket.relay) return;
  const at = nowUs();
  let from = buf.indexOf(MARK);
  while (from >= 0) {
    const end = buf.indexOf(0x3b /* ; */, from);
    if (end < 0) break;
    const [sender, sentAt] = buf.toString('latin1', from + MARK.length, end).split(':').map(Number) as [number, number];
    if (sender !== socket.idx && sentAt >= r.startUs && sentAt < r.endUs) {
      r.received++;
      r.hist.record(at - sentAt);
    }
    from = buf.indexOf(MARK, end);
  }
}

async function connect(idx: number, relay: string, url: string): Promise<void> {
  const ws = await openSocket(url);
  const doc = new Y.Doc();
  const socket: Socket = { idx, relay, ws, doc, map: doc.getMap<string>('m'), synced: false };
  doc.on('update', (update: Uint8Array) => {
    if (ws.readyState === ws.OPEN) ws.send(encodeSync(Sync.UPDATE, update));
  });
  ws.on('message', (data) => onMessage(socket, data));
  ws.on('close', () => closed++);
  ws.on('error', note);
  ws.send(encodeStep1(Y.encodeStateVector(doc)));
  sockets.push(socket);
}

async function setup(specs: LoadClientSpec[], concurrency: number): Promise<number> {
  const jobs = specs.flatMap((spec) => Object.entries(spec.urls).map(([relay, url]) => ({ idx: spec.idx, relay, url })));
  let failed = 0;
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next++] as (typeof jobs)[number];
      try {
        await connect(job.idx, job.relay, job.url);
      } catch (err) {
        failed++;
        note(err);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const deadline = Date.now() + 60_000;
  while (!sockets.every((s) => s.synced) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return failed + sockets.filter((s) => !s.synced).length;
}

async function runRound(relay: string, startUs: number, seconds: number, totalClients: number): Promise<LoadRoundResult> {
  const durationUs = seconds * 1_000_000;
  const endUs = startUs + durationUs;
  round = { relay, startUs, endUs, hist: new Histogram(), received: 0 };
  const mine = sockets.filter((s) => s.relay === relay);
  // Spread the clients evenly over each second: the relay sees a steady 1 update/s per client.
  const due = new Map(mine.map((s) => [s, startUs + Math.floor((s.idx / totalClients) * 1_000_000)]));
  const sent = new Map(mine.map((s) => [s.idx, 0]));
  const lag = new Histogram();
  let cpu0: NodeJS.CpuUsage | undefined;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = nowUs();
      if (now < startUs) return;
      cpu0 ??= process.cpuUsage();
      for (const s of mine) {
        const at = due.get(s) as number;
        if (at > now || at >= endUs) continue;
        lag.record(now - at);
        // Its own key: on a shared key the relay's doc keeps one winner and relays the others
        // already garbage-collected, markers gone.
        s.map.set(`k${s.idx}`, `LAT:${s.idx}:${nowUs()};`);
        sent.set(s.idx, (sent.get(s.idx) ?? 0) + 1);
        due.set(s, at + 1_000_000);
      }
      if (now >= endUs) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  const cpu = process.cpuUsage(cpu0);
  // What is still in flight arrives within a second, or counts as not delivered.
  await new Promise((r) => setTimeout(r, 1_000));
  const result: LoadRoundResult = {
    type: 'round-result',
    latencyUs: round.hist.toJSON(),
    sentPerClient: [...sent.entries()],
    received: round.received,
    lagUs: lag.toJSON(),
    cpuPercent: ((cpu.user + cpu.system) / durationUs) * 100,
    closed,
    errors: [...errors],
  };
  round = undefined;
  return result;
}

exitWithParent();
process.on('message', (msg: { type: string; [k: string]: unknown }) => {
  if (msg.type === 'setup') {
    void setup(msg.clients as LoadClientSpec[], (msg.concurrency as number) ?? 20).then((failed) =>
      process.send?.({ type: 'ready', failed, errors }),
    );
  } else if (msg.type === 'round') {
    void runRound(msg.relay as string, msg.startUs as number, msg.seconds as number, msg.totalClients as number).then((result) =>
      process.send?.(result),
    );
  } else if (msg.type === 'stop') {
    for (const s of sockets) s.ws.terminate();
    process.exit(0);
  }
});
