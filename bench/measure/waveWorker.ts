/**
 * Phones of the Wi-Fi wave, in a worker process: each phone has its documents (a real Y.Doc each,
 * loaded with what the phone held) and, on "go", opens one socket per document at the same
 * instant, syncs as y-websocket does (step 1 on open, step 2 in answer to the relay's step 1),
 * then asks for COMMIT_ACK when the relay acknowledges. A document is done when it holds at least
 * the expected state (everyone's offline writing) and, where the relay acknowledges, its own
 * writing is acknowledged as stored.
 *
 * Parent → worker: {type:'setup', docs} · {type:'go', startUs} · {type:'stop'}
 * Worker → parent: {type:'ready'} · {type:'done', sockets}
 */
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { exitWithParent } from '../lib/processes.ts';
import { covers, decodeMessage, encodeAck, encodeStep1, encodeSync, Sync, toBytes } from '../lib/yproto.ts';

export interface WaveDocSpec {
  url: string;
  /** Files of v1 updates the phone holds before the wave (its stored year, its offline writing). */
  files: string[];
  /** [client, clock] pairs the document must reach. */
  expected: Array<[number, number]>;
  acks: boolean;
  /**
   * Keep what arrives without applying it (empty phones): 25 phones' applyUpdate of a whole year
   * on this machine's two shared cores would measure the simulation, not the relay. Each phone's
   * own apply is timed afterwards, one phone at a time.
   */
  receiveOnly: boolean;
}

export interface WaveSocketResult {
  openUs: number | null;
  upToDateUs: number | null;
  ackUs: number | null;
  doneUs: number | null;
  receivedBytes: number;
  applyMs: number;
  /** receiveOnly: applying everything received into a fresh Y.Doc, after the wave. */
  deferredApplyMs?: number;
  error?: string;
}

const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);
const fileCache = new Map<string, Uint8Array>();
const read = (file: string): Uint8Array => {
  let bytes = fileCache.get(file);
  if (!bytes) fileCache.set(file, (bytes = new Uint8Array(readFileSync(file))));
  return bytes;
};

let phones: Array<{ spec: WaveDocSpec; doc: Y.Doc; expected: Map<number, number> }> = [];
const open: WebSocket[] = [];

function runDoc(spec: WaveDocSpec, doc: Y.Doc, expected: Map<number, number>, deadlineUs: number): Promise<WaveSocketResult> {
  return new Promise((resolve) => {
    const result: WaveSocketResult = { openUs: null, upToDateUs: null, ackUs: null, doneUs: null, receivedBytes: 0, applyMs: 0 };
    const received: Uint8Array[] = [];
    const have = new Map<number, number>();
    const holds = (): boolean => {
      if (!spec.receiveOnly) return covers(doc, expected);
      for (const [client, clock] of expected) if ((have.get(client) ?? 0) < clock) return false;
      return true;
    };
    const ws = new WebSocket(spec.url, { perMessageDeflate: false });
    open.push(ws);
    let finished = false;
    const finish = (error?: string): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      if (error) result.error = error;
      resolve(result);
    };
    const timer = setTimeout(() => finish('timed out'), Math.max(1_000, (deadlineUs - nowUs()) / 1000));
    const check = (): void => {
      if (result.upToDateUs === null && holds()) result.upToDateUs = nowUs();
      if (result.upToDateUs !== null && (!spec.acks || result.ackUs !== null) && result.doneUs === null) {
        result.doneUs = Math.max(result.upToDateUs, result.ackUs ?? 0);
        if (spec.receiveOnly) (result as WaveSocketResult & { kept?: Uint8Array[] }).kept = received;
        finish();
      }
    };
    ws.on('open', () => {
      result.openUs = nowUs();
      ws.send(encodeStep1(Y.encodeStateVector(doc)));
      check();
    });
    ws.on('message', (data) => {
      const bytes = toBytes(data);
      result.receivedBytes += bytes.byteLength;
      const msg = decodeMessage(bytes);
      if (msg.kind === 'step1') {
        // What the relay lacks (her offline writing), then: "tell me when it is stored".
        ws.send(encodeSync(Sync.STEP2, Y.encodeStateAsUpdate(doc, msg.stateVector)));
        if (spec.acks) ws.send(encodeAck(1));
      } else if ((msg.kind === 'step2' || msg.kind === 'update') && spec.receiveOnly) {
        received.push(msg.update);
        for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVectorFromUpdate(msg.update))) {
          if ((have.get(client) ?? 0) < clock) have.set(client, clock);
        }
      } else if (msg.kind === 'step2' || msg.kind === 'update') {
        const t0 = performance.now();
        Y.applyUpdate(doc, msg.update, 'relay');
        result.applyMs += performance.now() - t0;
      } else if (msg.kind === 'ack' && msg.n === 1) {
        result.ackUs = nowUs();
      }
      check();
    });
    ws.on('error', (err) => finish(String(err)));
    ws.on('close', (code) => finish(`closed ${code}`));
  });
}

exitWithParent();
process.on('message', (msg: { type: string; docs?: WaveDocSpec[]; startUs?: number; timeoutMs?: number }) => {
  if (msg.type === 'setup') {
    phones = (msg.docs ?? []).map((spec) => {
      const doc = new Y.Doc();
      for (const file of spec.files) Y.applyUpdate(doc, read(file));
      return { spec, doc, expected: new Map(spec.expected) };
    });
    process.send?.({ type: 'ready' });
  } else if (msg.type === 'go') {
    const startUs = msg.startUs as number;
    const deadlineUs = startUs + (msg.timeoutMs ?? 60_000) * 1000;
    const wait = Math.max(0, (startUs - nowUs()) / 1000);
    setTimeout(() => {
      void Promise.all(phones.map((p) => runDoc(p.spec, p.doc, p.expected, deadlineUs))).then((sockets) => {
        for (const ws of open) ws.terminate();
        open.length = 0;
        // Empty phones: now each applies what it received, one at a time (as its own CPU would).
        for (const s of sockets as Array<WaveSocketResult & { kept?: Uint8Array[] }>) {
          if (!s.kept) continue;
          const doc = new Y.Doc();
          const t0 = performance.now();
          for (const update of s.kept) Y.applyUpdate(doc, update);
          s.deferredApplyMs = performance.now() - t0;
          delete s.kept;
        }
        process.send?.({ type: 'done', sockets });
      });
    }, wait);
  } else if (msg.type === 'stop') {
    process.exit(0);
  }
});
