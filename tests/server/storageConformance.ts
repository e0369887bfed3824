/**
 * The contract every relay Storage adapter must meet (sync-server/storage/Storage.ts). Each
 * adapter's test file only supplies `setup`, like automerge-repo's runStorageAdapterTests; the
 * PostgreSQL adapter will be proven by these same tests.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocName, RoomKey } from '../../src/domain/ids.ts';
import type { NewInvite, Storage } from '../../sync-server/storage/Storage.ts';

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

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 2, 7, 13, 0);
const keyA = 'kunci-ruang-A-0000000000' as RoomKey;

function hash(fill: number): Uint8Array {
  return new Uint8Array(32).fill(fill);
}

function invite(codeFill: number, overrides: Partial<NewInvite> = {}): NewInvite {
  return { codeHash: hash(codeFill), doc: docA, key: keyA, createdAt: T0, expiresAt: T0 + 7 * 24 * HOUR, ...overrides };
}

/** An attachment (the relay checks the hash before storing; storage does not). */
const blobBytes = new Uint8Array([0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 5]);
const BLOB_HASH = 'ab'.repeat(32);

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

    describe('attachments', () => {
      it('are read back only by the rooms they were put for', async () => {
        const storage = await open();
        expect(await storage.getBlob(BLOB_HASH, docA)).toBeUndefined();
        expect(await storage.putBlob(BLOB_HASH, docA, 'image/webp', blobBytes, T0)).toBe(true);
        expect(await storage.getBlob(BLOB_HASH, docA)).toEqual({ type: 'image/webp', bytes: blobBytes });
        expect(await storage.getBlob(BLOB_HASH, docB)).toBeUndefined();
        expect(await storage.getBlob('0'.repeat(64), docA)).toBeUndefined();
      });

      it('a second put is idempotent; another room gets access to the same bytes, stored once', async () => {
        const storage = await open();
        await storage.putBlob(BLOB_HASH, docA, 'image/webp', blobBytes, T0);
        expect(await storage.putBlob(BLOB_HASH, docA, 'image/webp', blobBytes, T0 + 1)).toBe(false);
        expect(await storage.putBlob(BLOB_HASH, docB, 'image/jpeg', blobBytes, T0 + 2)).toBe(true);
        // The first bytes and type stay: a hash names one content.
        expect(await storage.getBlob(BLOB_HASH, docB)).toEqual({ type: 'image/webp', bytes: blobBytes });
      });

      it('keeps its own copy of the bytes', async () => {
        const storage = await open();
        const bytes = new Uint8Array(blobBytes);
        await storage.putBlob(BLOB_HASH, docA, 'image/webp', bytes, T0);
        bytes.fill(0);
        const read = await storage.getBlob(BLOB_HASH, docA);
        read?.bytes.fill(9);
        expect((await storage.getBlob(BLOB_HASH, docA))?.bytes).toEqual(blobBytes);
      });
    });

    describe('room access: admin key, members, invites, rotation', () => {
      it('the first admin key hash registered for a room wins, per room', async () => {
        const storage = await open();
        expect(await storage.getAdminKeyHash(docA)).toBeUndefined();
        expect(await storage.registerAdminKeyHash(docA, hash(1), T0)).toEqual(hash(1));
        expect(await storage.registerAdminKeyHash(docA, hash(2), T0)).toEqual(hash(1));
        expect(await storage.getAdminKeyHash(docA)).toEqual(hash(1));
        expect(await storage.getAdminKeyHash(docB)).toBeUndefined();
      });

      it('a member keeps the first secret hash registered for her; members of other rooms are apart', async () => {
        const storage = await open();
        expect(await storage.registerMemberSecretHash(docA, 'anggota-1', hash(1), T0)).toEqual(hash(1));
        expect(await storage.registerMemberSecretHash(docA, 'anggota-1', hash(2), T0)).toEqual(hash(1));
        expect(await storage.registerMemberSecretHash(docA, 'anggota-2', hash(3), T0)).toEqual(hash(3));
        expect(await storage.getMemberSecretHash(docA, 'anggota-1')).toEqual(hash(1));
        expect(await storage.getMemberSecretHash(docB, 'anggota-1')).toBeUndefined();
      });

      it('an invite is found by its code hash with its room, key and times', async () => {
        const storage = await open();
        expect(await storage.addInvite(invite(1), 50)).toEqual({ status: 'added' });
        expect(await storage.getInvite(hash(1))).toEqual({ doc: docA, key: keyA, createdAt: T0, expiresAt: T0 + 7 * 24 * HOUR, revokedAt: undefined });
        expect(await storage.getInvite(hash(2))).toBeUndefined();
      });

      it('a code hash already taken is refused, and the first invite is unchanged', async () => {
        const storage = await open();
        await storage.addInvite(invite(1), 50);
        expect(await storage.addInvite(invite(1, { doc: docB }), 50)).toEqual({ status: 'code-taken' });
        expect((await storage.getInvite(hash(1)))?.doc).toBe(docA);
      });

      it('a room holds at most maxActive active invites; revoked and expired ones free their slot', async () => {
        const storage = await open();
        await storage.addInvite(invite(1, { expiresAt: T0 + 2 * HOUR }), 2);
        await storage.addInvite(invite(2, { expiresAt: T0 + HOUR }), 2);
        expect(await storage.addInvite(invite(3), 2)).toEqual({ status: 'limit-reached', nextExpiry: T0 + HOUR });
        // Another room is not affected.
        expect(await storage.addInvite(invite(4, { doc: docB }), 2)).toEqual({ status: 'added' });
        await storage.revokeInvite(hash(1), T0);
        expect(await storage.addInvite(invite(5), 2)).toEqual({ status: 'added' });
        // Once invite 2 has expired, its slot is free too.
        expect(await storage.addInvite(invite(6, { createdAt: T0 + HOUR, expiresAt: T0 + 3 * HOUR }), 2)).toEqual({ status: 'added' });
      });

      it('revoking keeps the first revocation time and forgets the room key', async () => {
        const storage = await open();
        await storage.addInvite(invite(1), 50);
        expect(await storage.revokeInvite(hash(1), T0 + 5)).toBe(true);
        expect(await storage.revokeInvite(hash(1), T0 + 9)).toBe(true);
        expect(await storage.getInvite(hash(1))).toMatchObject({ doc: docA, key: undefined, revokedAt: T0 + 5 });
        expect(await storage.revokeInvite(hash(2), T0)).toBe(false);
      });

      it('purging forgets the keys of expired invites and deletes the long-expired ones only', async () => {
        const storage = await open();
        await storage.addInvite(invite(1, { expiresAt: T0 + HOUR }), 50); // long expired
        await storage.addInvite(invite(2, { expiresAt: T0 + 5 * HOUR }), 50); // just expired
        await storage.addInvite(invite(3, { expiresAt: T0 + 9 * HOUR }), 50); // still valid
        expect(await storage.purgeInvites(T0 + 6 * HOUR, T0 + 2 * HOUR)).toEqual({ forgotten: 1, deleted: 1 });
        expect(await storage.getInvite(hash(1))).toBeUndefined();
        expect(await storage.getInvite(hash(2))).toMatchObject({ key: undefined, expiresAt: T0 + 5 * HOUR });
        expect(await storage.getInvite(hash(3))).toMatchObject({ key: keyA });
        expect(await storage.purgeInvites(T0 + 6 * HOUR, T0 + 2 * HOUR)).toEqual({ forgotten: 0, deleted: 0 });
      });

      it('rotating an unknown room changes nothing', async () => {
        const storage = await open();
        const rotated = await storage.rotateRoomKey(docA, { keyHash: hash(9), key: keyA, keepMembers: [], rotatedAt: T0 });
        expect(rotated).toBe(false);
        expect(await storage.getKeyHash(docA)).toBeUndefined();
        expect(await storage.getRotatedKey(docA)).toBeUndefined();
      });

      it('rotation replaces the key hash, keeps the new key, drops members not kept and revokes the room\'s invites, at once', async () => {
        const storage = await open();
        await storage.registerKeyHash(docA, hash(1));
        await storage.registerKeyHash(docB, hash(2));
        await storage.appendBatch([{ doc: docA, update: update('a', 'sebelum') }]);
        await storage.registerMemberSecretHash(docA, 'tetap-1', hash(11), T0);
        await storage.registerMemberSecretHash(docA, 'keluar-1', hash(12), T0);
        await storage.registerMemberSecretHash(docB, 'keluar-1', hash(13), T0);
        await storage.addInvite(invite(21), 50);
        await storage.addInvite(invite(22, { doc: docB }), 50);

        const newKey = 'kunci-baru-A-00000000000' as RoomKey;
        expect(await storage.rotateRoomKey(docA, { keyHash: hash(5), key: newKey, keepMembers: ['tetap-1', 'tidak-ada'], rotatedAt: T0 + 7 })).toBe(true);

        expect(await storage.getKeyHash(docA)).toEqual(hash(5));
        expect(await storage.getRotatedKey(docA)).toEqual({ key: newKey, rotatedAt: T0 + 7 });
        expect(await storage.getMemberSecretHash(docA, 'tetap-1')).toEqual(hash(11));
        expect(await storage.getMemberSecretHash(docA, 'keluar-1')).toBeUndefined();
        expect(await storage.getInvite(hash(21))).toMatchObject({ key: undefined, revokedAt: T0 + 7 });
        expect(contentOf(await storage.loadUpdates(docA))).toEqual({ a: 'sebelum' });
        // The other room is untouched.
        expect(await storage.getKeyHash(docB)).toEqual(hash(2));
        expect(await storage.getRotatedKey(docB)).toBeUndefined();
        expect(await storage.getMemberSecretHash(docB, 'keluar-1')).toEqual(hash(13));
        expect(await storage.getInvite(hash(22))).toMatchObject({ key: keyA, revokedAt: undefined });
      });

      it('a second rotation replaces the first one\'s key', async () => {
        const storage = await open();
        await storage.registerKeyHash(docA, hash(1));
        await storage.rotateRoomKey(docA, { keyHash: hash(2), key: 'kunci-kedua-000000000000' as RoomKey, keepMembers: [], rotatedAt: T0 });
        await storage.rotateRoomKey(docA, { keyHash: hash(3), key: 'kunci-ketiga-00000000000' as RoomKey, keepMembers: [], rotatedAt: T0 + 1 });
        expect(await storage.getKeyHash(docA)).toEqual(hash(3));
        expect(await storage.getRotatedKey(docA)).toEqual({ key: 'kunci-ketiga-00000000000', rotatedAt: T0 + 1 });
      });

      it('returns copies of hashes: changing them changes nothing stored', async () => {
        const storage = await open();
        const admin = hash(4);
        await storage.registerAdminKeyHash(docA, admin, T0);
        admin.fill(0);
        const got = (await storage.getAdminKeyHash(docA)) as Uint8Array;
        got.fill(0);
        expect(await storage.getAdminKeyHash(docA)).toEqual(hash(4));
      });
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

      it('attachments and the rooms they were put for survive closing and opening the store again', async () => {
        const storage = await open();
        if (fixture?.reopen === undefined) throw new Error('a persistent store must provide reopen()');
        await storage.putBlob(BLOB_HASH, docA, 'image/webp', blobBytes, T0);
        const again = await fixture.reopen();
        expect(await again.getBlob(BLOB_HASH, docA)).toEqual({ type: 'image/webp', bytes: blobBytes });
        expect(await again.getBlob(BLOB_HASH, docB)).toBeUndefined();
      });

      it('admin keys, members, invites and rotations survive closing and opening the store again', async () => {
        const storage = await open();
        if (fixture?.reopen === undefined) throw new Error('a persistent store must provide reopen()');
        await storage.registerKeyHash(docA, hash(1));
        await storage.registerAdminKeyHash(docA, hash(2), T0);
        await storage.registerMemberSecretHash(docA, 'anggota-1', hash(3), T0);
        await storage.addInvite(invite(4, { doc: docB }), 50);
        await storage.rotateRoomKey(docA, { keyHash: hash(5), key: keyA, keepMembers: ['anggota-1'], rotatedAt: T0 });
        const again = await fixture.reopen();
        expect(await again.getKeyHash(docA)).toEqual(hash(5));
        expect(await again.getAdminKeyHash(docA)).toEqual(hash(2));
        expect(await again.getMemberSecretHash(docA, 'anggota-1')).toEqual(hash(3));
        expect(await again.getInvite(hash(4))).toMatchObject({ doc: docB, key: keyA });
        expect(await again.getRotatedKey(docA)).toEqual({ key: keyA, rotatedAt: T0 });
      });
    }

    it('rejects use after close instead of pretending to store', async () => {
      const storage = await open();
      await storage.close();
      await expect(storage.appendBatch([{ doc: docA, update: update('a', '1') }])).rejects.toThrow();
    });
  });
}
