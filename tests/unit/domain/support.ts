/** Helpers for the domain tests: the v0 fixture, replicas that exchange updates, a seeded rng. */
import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { V0_FIXTURE_PATH } from '../../fixtures/makePersonalV0';
import { seededRandom } from '../../support/seededRandom';

export function v0FixtureBytes(): Uint8Array {
  return new Uint8Array(readFileSync(V0_FIXTURE_PATH));
}

/** A fresh phone holding the v0 fixture. */
export function phoneWithV0Fixture(): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, v0FixtureBytes());
  return doc;
}

/** Re-encodes a document into a new Y.Doc, as a reload from IndexedDB or the relay would. */
export function reencode(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** Sends each replica what it is missing from the others (both directions, one round suffices). */
export function exchange(...docs: Y.Doc[]): void {
  for (const from of docs) {
    for (const to of docs) {
      if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
    }
  }
}

/** Full content of a document as JSON, to compare replicas. */
export function contentOf(doc: Y.Doc): unknown {
  return {
    meta: doc.getMap('meta').toJSON(),
    profile: doc.getMap('profile').toJSON(),
    entries: doc.getMap('entries').toJSON(),
    journal: doc.getArray('journal').toJSON(),
  };
}

/** Appends a v0 record the way the prototype did. */
export function pushV0Record(
  doc: Y.Doc,
  record: { id?: string; date?: string; happened?: string; shouldHave?: string; problem?: string },
): void {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(record)) if (value !== undefined) map.set(key, value);
  doc.getArray('journal').push([map]);
}

/** mulberry32, shared with the fixtures (tests/support/seededRandom.ts). */
export const rng = seededRandom;
