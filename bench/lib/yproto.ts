/**
 * y-protocols over a raw `ws` socket, for load generators that must stay cheaper than the relay
 * they measure: the same messages a y-websocket client sends (docs/PROTOCOL.md), no provider.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';

export const Msg = { SYNC: 0, AWARENESS: 1, COMMIT_ACK: 100 } as const;
export const Sync = { STEP1: 0, STEP2: 1, UPDATE: 2 } as const;

export function encodeStep1(stateVector: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, Msg.SYNC);
  encoding.writeVarUint(e, Sync.STEP1);
  encoding.writeVarUint8Array(e, stateVector);
  return encoding.toUint8Array(e);
}

export function encodeSync(sub: typeof Sync.STEP2 | typeof Sync.UPDATE, update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, Msg.SYNC);
  encoding.writeVarUint(e, sub);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

export function encodeAck(n: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, Msg.COMMIT_ACK);
  encoding.writeVarUint(e, n);
  return encoding.toUint8Array(e);
}

export type Incoming =
  | { kind: 'step1'; stateVector: Uint8Array }
  | { kind: 'step2' | 'update'; update: Uint8Array }
  | { kind: 'ack'; n: number }
  | { kind: 'awareness' }
  | { kind: 'other'; type: number };

export function decodeMessage(data: Uint8Array): Incoming {
  const d = decoding.createDecoder(data);
  const type = decoding.readVarUint(d);
  if (type === Msg.SYNC) {
    const sub = decoding.readVarUint(d);
    const body = decoding.readVarUint8Array(d);
    if (sub === Sync.STEP1) return { kind: 'step1', stateVector: body };
    return { kind: sub === Sync.STEP2 ? 'step2' : 'update', update: body };
  }
  if (type === Msg.COMMIT_ACK) return { kind: 'ack', n: decoding.readVarUint(d) };
  if (type === Msg.AWARENESS) return { kind: 'awareness' };
  return { kind: 'other', type };
}

export function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export function openSocket(url: string, timeoutMs = 30_000): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.binaryType = 'nodebuffer';
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no connection to ${url.replace(/\?.*$/, '')} within ${timeoutMs} ms`));
    }, timeoutMs);
    ws.once('open', () => {
      clearTimeout(timer);
      resolve(ws);
    });
    ws.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** True when `doc` holds at least everything `expected` (a decoded state vector) describes. */
export function covers(doc: Y.Doc, expected: Map<number, number>): boolean {
  for (const [client, clock] of expected) if (Y.getState(doc.store, client) < clock) return false;
  return true;
}

/**
 * Puts `update` on a relay as one client would, and resolves once the relay holds it: with a
 * COMMIT_ACK echo where the relay acknowledges (ours: durably stored), otherwise once the relay
 * answered a later sync step 1 (the stock server: applied in memory; frames are handled in order).
 */
export async function seedDocument(url: string, update: Uint8Array, acks: boolean): Promise<void> {
  const ws = await openSocket(url);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('seeding timed out')), 60_000);
      ws.on('message', (data) => {
        const msg = decodeMessage(toBytes(data));
        if ((acks && msg.kind === 'ack' && msg.n === 1) || (!acks && msg.kind === 'step2')) {
          clearTimeout(timer);
          resolve();
        }
      });
      ws.once('close', (code) => reject(new Error(`closed with ${code} while seeding`)));
      ws.send(encodeSync(Sync.UPDATE, update));
      ws.send(acks ? encodeAck(1) : encodeStep1(new Uint8Array([0])));
    });
  } finally {
    ws.close();
  }
}
