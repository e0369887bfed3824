/**
 * Relay fuzzing with seeded randomness: valid y-protocols messages, mutated (bytes flipped,
 * truncated, extended, replaced), thrown at a room where two teachers are working. Whatever
 * happens to the attacker's connections, the teachers are never closed with an error, stay in
 * sync, and everything acknowledged before survives a kill -9. On failure the seed and the
 * operations are printed; pin a failing seed in SEEDS as a regression.
 *
 * The flood: thousands of messages (FUZZ_ITERATIONS, default 2000; e.g. FUZZ_ITERATIONS=100000 for
 * a long run, FUZZ_SEED to repeat one) — mutated ones and hand-made hostile shapes (valid headers
 * with garbage bodies, truncated varints, huge declared lengths, wrong types) — over many parallel
 * connections into several stored rooms, while two teachers keep syncing in another room. The
 * relay never crashes, its memory stays bounded, the teachers get every change, and every stored
 * document loads whole after a kill -9.
 */
import { readFileSync } from 'node:fs';
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
import { healthz, logRecords } from './support/relayHttp.ts';
import { waitFor } from './support/waitFor.ts';
import { seededRandom as rng } from '../support/seededRandom';

const SEEDS = process.env.FUZZ_SEED ? [Number(process.env.FUZZ_SEED)] : [1, 2, 3];
const OPERATIONS = 250;
const FLOOD_MESSAGES = Number(process.env.FUZZ_ITERATIONS ?? 2000);
const FLOOD_LANES = 12;
const FLOOD_ROOMS = 4;

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelayProcess();
});
afterAll(async () => {
  await relay.kill('SIGKILL');
});


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

/** A varuint as bytes (values up to 2^53). */
function varUint(value: number): number[] {
  return Array.from(encode((e) => encoding.writeVarUint(e, value)));
}

/** Hostile shapes no mutation of a valid message is likely to hit. */
function hostile(random: () => number): { bytes: Uint8Array; how: string } {
  const garbage = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 256));
  const shapes: Array<[string, () => number[]]> = [
    ['sync update, garbage body', () => [0, 2, ...varUint(8 + Math.floor(random() * 40)), ...garbage(8 + Math.floor(random() * 40))]],
    ['sync step 2, garbage body', () => [0, 1, ...varUint(16), ...garbage(16)]],
    ['sync step 1, garbage vector', () => [0, 0, ...varUint(6), ...garbage(6)]],
    ['awareness, garbage body', () => [1, ...varUint(12), ...garbage(12)]],
    ['awareness, bad JSON', () => [1, ...varUint(9), 1, 7, 1, 3, 123, 34, 97, 125, 0]],
    ['truncated varint', () => [0x80 | Math.floor(random() * 128), 0x80]],
    ['truncated sync type', () => [0, 0x80, 0x80]],
    ['huge length', () => [0, 2, ...varUint(2 ** 32 + Math.floor(random() * 1000)), ...garbage(4)]],
    ['huge length, awareness', () => [1, ...varUint(2 ** 40), 1, 2, 3]],
    ['length past the end', () => [0, 2, ...varUint(1_000), ...garbage(10)]],
    ['unknown type', () => [...varUint(4 + Math.floor(random() * 95)), ...garbage(3)]],
    ['type past COMMIT_ACK', () => [...varUint(101 + Math.floor(random() * 100_000)), ...garbage(2)]],
    ['unknown sync type', () => [0, ...varUint(3 + Math.floor(random() * 50)), ...varUint(2), 0, 0]],
    ['huge type', () => varUint(2 ** 53 - 1)],
    ['COMMIT_ACK without counter', () => [100]],
    ['COMMIT_ACK, trailing bytes', () => [100, 5, ...garbage(3)]],
    ['auth with a body', () => [2, ...garbage(10)]],
    ['empty', () => []],
  ];
  const [how, make] = shapes[Math.floor(random() * shapes.length)]!;
  return { bytes: Uint8Array.from(make()), how };
}

/** Resident memory of a process, from /proc (Linux). */
function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) * 1024;
}

describe('flooding the relay over many connections', () => {
  it(`${FLOOD_MESSAGES} hostile messages: no crash, bounded memory, bystanders keep syncing, stored rooms load whole`, { timeout: Math.max(120_000, FLOOD_MESSAGES * 60) }, async () => {
    const seed = SEEDS[0]!;
    const random = rng(seed * 7919);
    const key = newRoom().key;
    const rooms = Array.from({ length: FLOOD_ROOMS }, () => newRoom().doc);
    // Each fuzzed room holds a teacher's document before the flood.
    for (const [i, doc] of rooms.entries()) {
      const writer = connectStock(relay.wsUrl, doc, key);
      await writer.whenSynced();
      writer.ydoc.getMap('journal').set('entry', `catatan ruang ${i}`);
      await waitFor(async () => (await readDocument(relay.wsUrl, doc, key)).getMap('journal').get('entry') !== undefined, { what: `room ${i} stored` });
      writer.destroy();
    }
    // The bystanders: a room nobody attacks, where Alice keeps writing and Bob keeps reading.
    const quiet = newRoom();
    const alice = connectStock(relay.wsUrl, quiet.doc, quiet.key);
    const bob = connectStock(relay.wsUrl, quiet.doc, quiet.key);
    await Promise.all([alice.whenSynced(), bob.whenSynced()]);
    let written = 0;
    const writing = setInterval(() => alice.ydoc.getMap('journal').set(`note${written}`, `catatan ${written++}`), 50);

    const rssBefore = rssBytes(relay.pid);
    let rssPeak = rssBefore;
    const pool = messagePool(random);
    let sent = 0;
    let connections = 0;
    const kinds = new Map<string, number>();
    const lane = async (): Promise<void> => {
      while (sent < FLOOD_MESSAGES) {
        const client = connectRaw(syncUrl(relay.wsUrl, rooms[Math.floor(random() * rooms.length)]!, key));
        connections++;
        try {
          await client.opened();
        } catch {
          continue; // refused or reset while opening: try another
        }
        // A burst without waiting: the relay reads them in order and stops at the first bad one.
        const burst = 1 + Math.floor(random() * 6);
        for (let i = 0; i < burst && sent < FLOOD_MESSAGES; i++) {
          const { bytes, how } = random() < 0.5 ? hostile(random) : mutate(pool[Math.floor(random() * pool.length)] as Uint8Array, random);
          const kind = how.replace(/ \d+$/, '').replace(/to \d+$/, '');
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
          if (client.ws.readyState === client.ws.OPEN) client.send(bytes);
          sent++;
        }
        if (client.ws.readyState === client.ws.OPEN) {
          await settled(client);
          client.close();
        }
        if (connections % 50 === 0) rssPeak = Math.max(rssPeak, rssBytes(relay.pid));
      }
    };
    await Promise.all(Array.from({ length: FLOOD_LANES }, () => lane()));
    rssPeak = Math.max(rssPeak, rssBytes(relay.pid));
    clearInterval(writing);
    console.log(
      `fuzz flood: ${sent} messages over ${connections} connections into ${FLOOD_ROOMS} rooms; relay RSS ${Math.round(rssBefore / 2 ** 20)} → peak ${Math.round(rssPeak / 2 ** 20)} MiB; ` +
        `kinds: ${[...kinds.entries()].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    );

    // Alive and answering; memory bounded (the fuzzed documents can only grow by the small valid
    // updates in the pool); the mutations bit.
    expect((await healthz(relay.url)).ok).toBe(true);
    expect(rssPeak - rssBefore).toBeLessThan(200 * 2 ** 20);
    const malformed = logRecords(relay.logs).filter((r) => r.msg === 'malformed message; closing connection').length;
    expect(malformed).toBeGreaterThan(connections / 4);

    // The bystanders never noticed.
    await waitFor(() => bob.ydoc.getMap('journal').size === alice.ydoc.getMap('journal').size, { what: 'bob has every note' });
    expect(bob.ydoc.getMap('journal').get(`note${written - 1}`)).toBe(`catatan ${written - 1}`);
    for (const close of [...alice.closes, ...bob.closes]) expect(close.code).toBe(CloseCode.SHUTTING_DOWN.code);
    alice.destroy();
    bob.destroy();

    // kill -9, restart: every stored room loads, no stored row is skipped, the teachers' text is there.
    await relay.kill('SIGKILL');
    relay = await relay.restart();
    for (const [i, doc] of rooms.entries()) {
      expect((await readDocument(relay.wsUrl, doc, key)).getMap('journal').get('entry')).toBe(`catatan ruang ${i}`);
    }
    expect((await readDocument(relay.wsUrl, quiet.doc, quiet.key)).getMap('journal').size).toBe(written);
    const loads = logRecords(relay.logs).filter((r) => r.msg === 'room loaded');
    expect(loads.length).toBeGreaterThanOrEqual(FLOOD_ROOMS + 1);
    for (const load of loads) expect(load.skipped).toBe(0);
  });
});
