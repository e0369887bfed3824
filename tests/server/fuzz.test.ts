/**
 * Relay fuzzing with seeded randomness: valid y-protocols messages, mutated (bytes flipped,
 * truncated, extended, replaced), thrown at a room where two teachers are working. Whatever
 * happens to the attacker's connections, the teachers are never closed with an error, stay in
 * sync, and everything acknowledged before survives a kill -9. On failure the seed and the
 * operations are printed; pin a failing seed in SEEDS as a regression.
 */
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode } from '../../src/domain/protocol.ts';
import { startRelayProcess, type RelayProcess } from '../support/relayProcess.ts';
import {
  commitAckMessage,
  connectRaw,
  connectStock,
  encode,
  newRoom,
  readCommitAck,
  readDocument,
  syncStep1Message,
  syncUrl,
  updateMessage,
  type RawClient,
} from './support/clients.ts';
import { healthz } from './support/relayHttp.ts';
import { waitFor } from './support/waitFor.ts';

const SEEDS = process.env.FUZZ_SEED ? [Number(process.env.FUZZ_SEED)] : [1, 2, 3];
const OPERATIONS = 250;

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelayProcess();
});
afterAll(async () => {
  await relay.kill('SIGKILL');
});

function rng(seed: number): () => number {
  // mulberry32
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Valid messages of every kind a client sends, built from a real document. */
function messagePool(random: () => number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < 12; i++) {
    const roll = random();
    if (roll < 0.4) doc.getText('fuzz').insert(Math.floor(random() * (doc.getText('fuzz').length + 1)), `t${i}`);
    else if (roll < 0.7) doc.getMap('fuzzMap').set(`k${Math.floor(random() * 5)}`, { n: i, s: 'x'.repeat(i) });
    else if (doc.getText('fuzz').length > 1) doc.getText('fuzz').delete(0, 1);
    else doc.getArray('fuzzArr').push([i]);
  }
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState({ user: { name: 'fuzzer' } });
  const awarenessMessage = encode((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]));
  });
  awareness.destroy();
  const step2 = encode((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc));
  });
  return [...updates.map(updateMessage), step2, syncStep1Message(Y.encodeStateVector(doc)), awarenessMessage, new Uint8Array([3]), commitAckMessage(9)];
}

function mutate(message: Uint8Array, random: () => number): { bytes: Uint8Array; how: string } {
  const roll = random();
  const bytes = message.slice();
  if (roll < 0.2) return { bytes, how: 'intact' };
  if (roll < 0.5) {
    const flips = 1 + Math.floor(random() * 3);
    for (let i = 0; i < flips; i++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
    return { bytes, how: `flip ${flips}` };
  }
  if (roll < 0.7) {
    const length = Math.floor(random() * bytes.length);
    return { bytes: bytes.slice(0, length), how: `truncate to ${length}` };
  }
  if (roll < 0.85) {
    const extra = Uint8Array.from({ length: 1 + Math.floor(random() * 8) }, () => Math.floor(random() * 256));
    return { bytes: new Uint8Array([...bytes, ...extra]), how: `append ${extra.length}` };
  }
  const random_ = Uint8Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * 256));
  return { bytes: random_, how: `random ${random_.length}` };
}

/** Waits until the relay has dealt with everything sent so far: it answered a query, or closed. */
async function settled(client: RawClient): Promise<void> {
  const answered = (): number => client.messages.filter((m) => m[0] === 1).length;
  const before = answered();
  client.send(new Uint8Array([3]));
  await waitFor(() => answered() > before || client.ws.readyState !== client.ws.OPEN, { what: 'relay to answer or close' });
}

describe('fuzzing the relay with mutated y-protocols messages', () => {
  it.each(SEEDS)('seed %i: teachers are never hurt and acknowledged data survives', async (seed) => {
    const random = rng(seed);
    const { doc, key } = newRoom();
    const alice = connectStock(relay.wsUrl, doc, key);
    const bob = connectStock(relay.wsUrl, doc, key);
    await Promise.all([alice.whenSynced(), bob.whenSynced()]);
    alice.ydoc.getMap('journal').set('entry', 'Anak-anak belajar pecahan dengan kue');
    await waitFor(() => bob.ydoc.getMap('journal').get('entry') !== undefined, { what: 'bob has the entry' });

    const pool = messagePool(random);
    const log: string[] = [];
    let attacker: RawClient | undefined;
    try {
      for (let i = 0; i < OPERATIONS; i++) {
        if (attacker === undefined || attacker.ws.readyState !== attacker.ws.OPEN) {
          attacker = connectRaw(syncUrl(relay.wsUrl, doc, key));
          await attacker.opened();
        }
        const { bytes, how } = mutate(pool[Math.floor(random() * pool.length)] as Uint8Array, random);
        log.push(`${i}: ${how} [${Array.from(bytes.slice(0, 24)).join(',')}${bytes.length > 24 ? ',…' : ''}]`);
        attacker.send(bytes);
        await settled(attacker);
        if (i % 25 === 0) alice.ydoc.getMap('journal').set(`note${i}`, `catatan ${i}`);
      }
      attacker?.close();
      const closedForBadInput = relay.logs.filter((line) => line.includes('"malformed message; closing connection"')).length;
      // The mutations must actually bite, or this test proves nothing.
      expect(closedForBadInput).toBeGreaterThan(OPERATIONS / 4);

      // Teachers: only ever told to reconnect (a room reset), never closed for an error.
      for (const close of [...alice.closes, ...bob.closes]) expect(close.code).toBe(CloseCode.SHUTTING_DOWN.code);
      await Promise.all([alice.whenSynced(), bob.whenSynced()]);
      await waitFor(() => JSON.stringify(alice.ydoc.getMap('journal').toJSON()) === JSON.stringify(bob.ydoc.getMap('journal').toJSON()), {
        what: 'alice and bob converge',
      });
      expect(alice.ydoc.getMap('journal').get('entry')).toBe('Anak-anak belajar pecahan dengan kue');
      expect((await healthz(relay.url)).ok).toBe(true);

      // Acknowledged means stored: ask, kill -9, restart, read back.
      const acker = connectRaw(syncUrl(relay.wsUrl, doc, key));
      await acker.opened();
      acker.send(commitAckMessage(seed));
      await acker.nextMessage((m) => readCommitAck(m) === seed, 'ack');
      const expected = alice.ydoc.getMap('journal').toJSON();
      alice.destroy();
      bob.destroy();
      await relay.kill('SIGKILL');
      relay = await relay.restart();
      const copy = await readDocument(relay.wsUrl, doc, key);
      expect(copy.getMap('journal').toJSON()).toEqual(expected);
    } catch (err) {
      throw new Error(`fuzz seed ${seed} failed: ${(err as Error).message}\noperations:\n${log.join('\n')}`);
    }
  });
});
