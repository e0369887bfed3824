/**
 * Writes that two phones can make independently, offline, and still merge into one.
 *
 * Yjs identifies every insertion by (clientID, clock). Two phones that run the same migration each
 * create their own `Y.Map` for the same key; on merge one map wins the key and the other is deleted
 * with everything typed into it since. But if both phones write the *same* operations from the
 * *same* state under the *same* clientID, they create byte-identical items with identical ids, and
 * merging them is a no-op: nothing conflicts, and later edits on either phone land in the same
 * `Y.Text`s.
 *
 * So the clientID is derived from a hash of `tag` and the document's snapshot (state vector plus
 * delete set, both encoded canonically by Yjs), and the write runs on a copy of the document that
 * carries that clientID. Same state ⇒ same clientID ⇒ same items. Different states ⇒ different
 * clientIDs ⇒ ordinary concurrent writes (last writer wins on a map key).
 *
 * The rule that keeps this sound: **for a given tag, `write` must be a pure function of the state**
 * (no clock, no randomness, no iteration over a `Y.Map` without sorting its keys, since map
 * iteration order differs between phones). Whenever what `write` produces for some state changes,
 * the tag must change too, or two app versions would make different items under one id and corrupt
 * the document.
 */
import * as Y from 'yjs';

/** A 53-bit hash (cyrb53) of a string followed by bytes. Not cryptographic: it only spreads ids. */
function hash53(text: string, bytes: Uint8Array, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  const mix = (value: number) => {
    h1 = Math.imul(h1 ^ value, 2654435761);
    h2 = Math.imul(h2 ^ value, 1597334677);
  };
  for (let i = 0; i < text.length; i++) mix(text.charCodeAt(i));
  mix(0x10000); // separator that no UTF-16 unit equals
  for (const byte of bytes) mix(byte);
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * The clientID that a deterministic write under `tag` uses on this document state: an unsigned
 * 32-bit number like Yjs's own, never 0 and never one that already wrote to the document.
 */
export function deterministicClientId(doc: Y.Doc, tag: string): number {
  const snapshot = Y.encodeSnapshot(Y.snapshot(doc));
  const writers = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (let salt = 0; ; salt++) {
    const id = hash53(tag, snapshot, salt) % 4294967296;
    // A writer with this id would make our clock numbers collide with its items: try the next salt
    // (still deterministic, since the state vector is part of the snapshot that was hashed).
    if (id !== 0 && !writers.has(id)) return id;
  }
}

/**
 * Runs `write` on a copy of `doc` whose clientID is `deterministicClientId(doc, tag)` and returns
 * the update it made (V2 encoding), or undefined when it wrote nothing. Apply it with
 * `Y.applyUpdateV2(doc, update)`, inside the caller's own transaction if there is one.
 */
export function deterministicUpdate(
  doc: Y.Doc,
  tag: string,
  write: (copy: Y.Doc) => void,
): Uint8Array | undefined {
  const copy = new Y.Doc({ gc: doc.gc });
  copy.clientID = deterministicClientId(doc, tag);
  Y.applyUpdateV2(copy, Y.encodeStateAsUpdateV2(doc));
  let update: Uint8Array | undefined;
  copy.on('updateV2', (u: Uint8Array) => {
    update = u;
  });
  try {
    copy.transact(() => write(copy));
  } finally {
    copy.destroy();
  }
  return update;
}

/**
 * A clientID that depends only on `tag` and `key`, not on the document's state: for a record that
 * several phones may each create offline with the same content (e.g. the meeting of a scheduled day),
 * built alone in an empty document under this clientID so that each phone makes byte-identical items.
 * `key` must name the whole content written (two contents under one id would corrupt the document).
 * An id for which `isTaken` is true (it already wrote to the document) is skipped with the next salt.
 */
export function keyedClientId(tag: string, key: string, isTaken: (id: number) => boolean): number {
  const empty = new Uint8Array(0);
  for (let salt = 0; ; salt++) {
    const id = hash53(`${tag}\n${key}`, empty, salt) % 4294967296;
    if (id !== 0 && !isTaken(id)) return id;
  }
}

/** One pass of a deterministicChain: a tag naming its output, and a write that is a pure function of the state. */
export interface DeterministicPass {
  tag: string;
  write(copy: Y.Doc): void;
}

/**
 * Runs `passes` in order on one copy of `doc`, each by the clientID `deterministicClientId(state, tag)`
 * of the state the earlier passes left, and returns everything they wrote as one update (V2), or
 * undefined when nothing was written. The same as chaining deterministicUpdate calls (a pass writes
 * the same items either way, since the clientID and the state are the same), with one copy of the
 * document instead of one per pass: opening a year of journal on a cheap phone stays quick.
 * `onWrote` hears the tag of each pass that wrote something.
 */
export function deterministicChain(
  doc: Y.Doc,
  passes: readonly DeterministicPass[],
  onWrote?: (tag: string) => void,
): Uint8Array | undefined {
  const copy = new Y.Doc({ gc: doc.gc });
  Y.applyUpdateV2(copy, Y.encodeStateAsUpdateV2(doc));
  const updates: Uint8Array[] = [];
  copy.on('updateV2', (u: Uint8Array) => updates.push(u));
  try {
    for (const pass of passes) {
      // Yjs reads doc.clientID whenever it creates an item, so switching it between transactions
      // makes each pass's items carry that pass's id.
      copy.clientID = deterministicClientId(copy, pass.tag);
      const before = updates.length;
      copy.transact(() => pass.write(copy));
      if (updates.length > before) onWrote?.(pass.tag);
    }
  } finally {
    copy.destroy();
  }
  if (updates.length === 0) return undefined;
  return updates.length === 1 ? updates[0] : Y.mergeUpdatesV2(updates);
}
