/**
 * The contract every relay Storage adapter must meet (sync-server/storage/Storage.ts). Each
 * adapter's test file only supplies `setup`, like automerge-repo's runStorageAdapterTests; the
 * PostgreSQL adapter will be proven by these same tests.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocName } from '../../src/domain/ids.ts';
import type { Storage } from '../../sync-server/storage/Storage.ts';

export interface StorageFixture {
  storage: Storage;
  /** Close and open the same store again (omit for stores that do not persist). */
  reopen?: () => Promise<Storage>;
  teardown(): Promise<void>;
}

const docA = 'p-conformanceAAAAAAAAAAAA' as DocName;
const docB = 'c-conformanceBBBBBBBBBBBB' as DocName;

function update(field: string, value: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('m').set(field, value);
  return Y.encodeStateAsUpdate(doc);
}

function contentOf(rows: readonly { update: Uint8Array }[]): unknown {
  const doc = new Y.Doc();
  for (const row of rows) Y.applyUpdate(doc, row.update);
  return doc.getMap('m').toJSON();
}

function merged(rows: readonly { update: Uint8Array }[]): Uint8Array {
  return Y.mergeUpdates(rows.map((row) => row.update));
}

/**
 * Registers the conformance tests for one adapter. `setup` runs before each test with an empty
 * store; a fixture with `reopen` is also checked for persistence across close and open.
 */
export function runStorageConformance(name: string, setup: () => Promise<StorageFixture>, options: { persistent?: boolean } = {}): void {
  describe(`${name} meets the Storage contract`, () => {
    let fixture: StorageFixture | undefined;
    const open = async (): Promise<Storage> => {
      fixture = await setup();
      return fixture.storage;
    };
    afterEach(async () => {
      await fixture?.teardown();
      fixture = undefined;
    });

    it('a document never written loads as empty', async () => {
      const storage = await open();
      expect(await storage.loadUpdates(docA)).toEqual([]);
    });

    it('appended updates load back in order, each document on its own', async () => {
      const storage = await open();
      const [a1, a2] = [update('a', '1'), update('a', '2')];
      await storage.appendBatch([{ doc: docA, update: a1 }]);
      await storage.appendBatch([
        { doc: docB, update: update('b', '1') },
        { doc: docA, update: a2 },
      ]);
      const rowsA = await storage.loadUpdates(docA);
      expect(rowsA.map((r) => r.update)).toEqual([a1, a2]);
      expect(rowsA[0]?.seq).toBeLessThan(rowsA[1]?.seq as number);
      expect(contentOf(await storage.loadUpdates(docB))).toEqual({ b: '1' });
    });

    it('appendBatch returns a unique, increasing seq per entry, in order', async () => {
      const storage = await open();
      const first = await storage.appendBatch([
        { doc: docA, update: update('a', '1') },
        { doc: docB, update: update('b', '1') },
        { doc: docA, update: update('a', '2') },
      ]);
      const second = await storage.appendBatch([{ doc: docA, update: update('a', '3') }]);
      const all = [...first, ...second];
      expect(all).toEqual([...all].sort((x, y) => x - y));
      expect(new Set(all).size).toBe(4);
      expect((await storage.loadUpdates(docA)).map((r) => r.seq)).toEqual([first[0], first[2], second[0]]);
    });

    it('an empty batch stores nothing', async () => {
      const storage = await open();
      expect(await storage.appendBatch([])).toEqual([]);
      expect(await storage.loadUpdates(docA)).toEqual([]);
    });

    it('stores a copy: changing the caller\'s bytes afterwards changes nothing', async () => {
      const storage = await open();
      const bytes = update('a', 'asli');
      const original = bytes.slice();
      await storage.appendBatch([{ doc: docA, update: bytes }]);
      bytes.fill(0);
      expect((await storage.loadUpdates(docA))[0]?.update).toEqual(original);
    });

    it('compaction replaces exactly the covered rows by the merged one', async () => {
      const storage = await open();
      await storage.appendBatch([1, 2, 3].map((i) => ({ doc: docA, update: update(`k${i}`, `${i}`) })));
      await storage.appendBatch([{ doc: docB, update: update('b', 'x') }]);
      const rows = await storage.loadUpdates(docA);
      const seq = await storage.compact(docA, merged(rows), rows.map((r) => r.seq));
      const after = await storage.loadUpdates(docA);
      expect(after.map((r) => r.seq)).toEqual([seq]);
      expect(seq).toBeGreaterThan(Math.max(...rows.map((r) => r.seq)));
      expect(contentOf(after)).toEqual({ k1: '1', k2: '2', k3: '3' });
      expect(contentOf(await storage.loadUpdates(docB))).toEqual({ b: 'x' });
    });

    it('compaction keeps rows it was not told about (appended by another relay meanwhile)', async () => {
      const storage = await open();
      await storage.appendBatch([1, 2].map((i) => ({ doc: docA, update: update(`k${i}`, `${i}`) })));
      const known = await storage.loadUpdates(docA);
      // Another process appends after our load; its row is newer than the ones we know.
      await storage.appendBatch([{ doc: docA, update: update('other', 'relay 2') }]);
      await storage.compact(docA, merged(known), known.map((r) => r.seq));
      const after = await storage.loadUpdates(docA);
      expect(after).toHaveLength(2);
      expect(contentOf(after)).toEqual({ k1: '1', k2: '2', other: 'relay 2' });
    });

    it('two overlapping compactions (two relays, one document) lose nothing', async () => {
      const storage = await open();
      await storage.appendBatch([1, 2, 3].map((i) => ({ doc: docA, update: update(`k${i}`, `${i}`) })));
      const seenByOne = await storage.loadUpdates(docA);
      await storage.appendBatch([{ doc: docA, update: update('k4', '4') }]);
      const seenByTwo = await storage.loadUpdates(docA);
      await Promise.all([
        storage.compact(docA, merged(seenByTwo), seenByTwo.map((r) => r.seq)),
        storage.compact(docA, merged(seenByOne), seenByOne.map((r) => r.seq)),
      ]);
      expect(contentOf(await storage.loadUpdates(docA))).toEqual({ k1: '1', k2: '2', k3: '3', k4: '4' });
    });

    it('seqs are never reused, even after compaction deleted the newest rows', async () => {
      const storage = await open();
      const [a, b] = await storage.appendBatch([1, 2].map((i) => ({ doc: docA, update: update(`k${i}`, `${i}`) })));
      const rows = await storage.loadUpdates(docA);
      const mergedSeq = await storage.compact(docA, merged(rows), [a as number, b as number]);
      const [next] = await storage.appendBatch([{ doc: docA, update: update('k3', '3') }]);
      expect(next).toBeGreaterThan(mergedSeq);
      expect([a, b]).not.toContain(next);
    });

    it('the first key hash registered for a room wins; later registrations get it back', async () => {
      const storage = await open();
      const first = new Uint8Array(32).fill(1);
      const second = new Uint8Array(32).fill(2);
      expect(await storage.getKeyHash(docA)).toBeUndefined();
      expect(await storage.registerKeyHash(docA, first)).toEqual(first);
      expect(await storage.registerKeyHash(docA, second)).toEqual(first);
      expect(await storage.getKeyHash(docA)).toEqual(first);
      expect(await storage.getKeyHash(docB)).toBeUndefined();
    });

    it('of two racing first registrations, exactly one hash is stored and both callers see it', async () => {
      const storage = await open();
      const results = await Promise.all([storage.registerKeyHash(docB, new Uint8Array(32).fill(7)), storage.registerKeyHash(docB, new Uint8Array(32).fill(9))]);
      expect(results[0]).toEqual(results[1]);
      expect(await storage.getKeyHash(docB)).toEqual(results[0]);
    });

    if (options.persistent === true) {
      it('everything survives closing and opening the store again', async () => {
        const storage = await open();
        if (fixture?.reopen === undefined) throw new Error('a persistent store must provide reopen()');
        await storage.appendBatch([{ doc: docA, update: update('a', 'tetap') }]);
        await storage.registerKeyHash(docA, new Uint8Array(32).fill(3));
        const again = await fixture.reopen();
        expect(contentOf(await again.loadUpdates(docA))).toEqual({ a: 'tetap' });
        expect(await again.getKeyHash(docA)).toEqual(new Uint8Array(32).fill(3));
      });
    }

    it('rejects use after close instead of pretending to store', async () => {
      const storage = await open();
      await storage.close();
      await expect(storage.appendBatch([{ doc: docA, update: update('a', '1') }])).rejects.toThrow();
    });
  });
}
