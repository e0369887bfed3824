import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocName } from '../../src/domain/ids.ts';
import { PostgresStorage } from '../../sync-server/storage/PostgresStorage.ts';
import { startPostgres, type PostgresService } from '../support/services.ts';
import { runStorageConformance } from './storageConformance.ts';

let server: PostgresService;
let url: string;
beforeAll(async () => {
  server = await startPostgres();
  url = await server.createDatabase('conformance');
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

async function truncateAll(): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('TRUNCATE updates, rooms, room_admins, room_members, invites, room_rotations, blobs, blob_rooms');
  await client.end();
}

runStorageConformance('PostgresStorage', async () => {
  const opened: PostgresStorage[] = [await PostgresStorage.open(url)];
  await truncateAll();
  return {
    storage: opened[0] as PostgresStorage,
    reopen: async () => {
      await opened[opened.length - 1]?.close();
      const again = await PostgresStorage.open(url);
      opened.push(again);
      return again;
    },
    teardown: async () => {
      for (const storage of opened) await storage.close();
    },
  };
}, { persistent: true });

describe('PostgresStorage with several relays on one database', () => {
  const doc = 'c-pgrelaysAAAAAAAAAAAAAA' as DocName;
  const update = (key: string): Uint8Array => {
    const d = new Y.Doc();
    d.getMap('m').set(key, key);
    return Y.encodeStateAsUpdate(d);
  };

  it('three relays starting at once on an empty database create the schema exactly once', async () => {
    const fresh = await server.createDatabase('fresh_start');
    const relays = await Promise.all([1, 2, 3].map(() => PostgresStorage.open(fresh)));
    const [a, b] = relays as [PostgresStorage, PostgresStorage];
    await a.appendBatch([{ doc, update: update('x') }]);
    expect(await b.loadUpdates(doc)).toHaveLength(1);
    for (const relay of relays) await relay.close();
  });

  it('two relays compacting one document at the same moment, while a third appends, lose nothing', async () => {
    const relays = await Promise.all([1, 2, 3].map(() => PostgresStorage.open(url)));
    const [a, b, c] = relays as [PostgresStorage, PostgresStorage, PostgresStorage];
    await a.appendBatch(['k1', 'k2', 'k3'].map((k) => ({ doc, update: update(k) })));
    const seenByA = await a.loadUpdates(doc);
    await b.appendBatch([{ doc, update: update('k4') }]);
    const seenByB = await b.loadUpdates(doc);
    const merge = (rows: { update: Uint8Array }[]): Uint8Array => Y.mergeUpdates(rows.map((r) => r.update));
    await Promise.all([
      a.compact(doc, merge(seenByA), seenByA.map((r) => r.seq)),
      b.compact(doc, merge(seenByB), seenByB.map((r) => r.seq)),
      c.appendBatch([{ doc, update: update('k5') }]),
    ]);
    const merged = new Y.Doc();
    for (const row of await c.loadUpdates(doc)) Y.applyUpdate(merged, row.update);
    expect(Object.keys(merged.getMap('m').toJSON()).sort()).toEqual(['k1', 'k2', 'k3', 'k4', 'k5']);
    for (const relay of relays) await relay.close();
  });

  it('refuses a database written by a newer relay rather than misreading it', async () => {
    const newer = await server.createDatabase('newer_schema');
    const client = new pg.Client({ connectionString: newer });
    await client.connect();
    await client.query('CREATE TABLE sejawat_schema (version integer NOT NULL); INSERT INTO sejawat_schema VALUES (99)');
    await client.end();
    await expect(PostgresStorage.open(newer)).rejects.toThrow(/newer than this relay/);
  });

  it('rejects quickly with a clear error when the database cannot be reached', async () => {
    await expect(PostgresStorage.open('postgres://postgres@127.0.0.1:1/none', { connectTimeoutMs: 2_000 })).rejects.toThrow(/ECONNREFUSED|connect/);
  });
});
