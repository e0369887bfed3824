import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocName, RoomKey } from '../../src/domain/ids.ts';
import { copySqliteToPostgres } from '../../sync-server/scripts/sqliteToPostgres.ts';
import { PostgresStorage } from '../../sync-server/storage/PostgresStorage.ts';
import { SQLITE_FILE, SqliteStorage } from '../../sync-server/storage/SqliteStorage.ts';
import { startPostgres, type PostgresService } from '../support/services.ts';

let server: PostgresService;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const journal = 'p-sekolahAAAAAAAAAAAAAAAA' as DocName;
const community = 'c-gugusBBBBBBBBBBBBBBBBBB' as DocName;
const key = 'kunci-gugus-000000000000' as RoomKey;
const T0 = Date.UTC(2026, 0, 5, 7, 0);
const hash = (fill: number): Uint8Array => new Uint8Array(32).fill(fill);
const photo = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]);
const photoHash = 'a'.repeat(64);

function edit(field: string, text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('m').set(field, text);
  return Y.encodeStateAsUpdate(doc);
}

async function contentIn(storage: PostgresStorage, doc: DocName): Promise<unknown> {
  const ydoc = new Y.Doc();
  for (const row of await storage.loadUpdates(doc)) Y.applyUpdate(ydoc, row.update);
  return ydoc.getMap('m').toJSON();
}

async function countRows(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM updates');
  await client.end();
  return Number(rows[0]?.n);
}

describe("moving a school's SQLite file into PostgreSQL", () => {
  it('copies documents, keys, members, invites, rotations and attachments; running it again adds nothing, and later writing arrives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sejawat-school-'));
    const school = SqliteStorage.open(dir);
    await school.appendBatch([
      { doc: journal, update: edit('senin', 'Anak-anak menanam kacang hijau.') },
      { doc: community, update: edit('masalah', 'Giliran bicara saat diskusi') },
      { doc: journal, update: edit('selasa', 'Kacang mulai bertunas.') },
    ]);
    await school.registerKeyHash(community, hash(1));
    await school.registerAdminKeyHash(community, hash(2), T0);
    await school.registerMemberSecretHash(community, 'bu-sari', hash(3), T0);
    await school.registerMemberSecretHash(community, 'pak-budi', hash(4), T0);
    await school.addInvite({ codeHash: hash(5), doc: community, key, createdAt: T0, expiresAt: T0 + 86_400_000 }, 50);
    await school.rotateRoomKey(community, { keyHash: hash(6), key, keepMembers: ['bu-sari'], rotatedAt: T0 + 1 });
    await school.putBlob(photoHash, journal, 'image/jpeg', photo, T0);
    await school.close();

    const url = await server.createDatabase('district');
    const first = await copySqliteToPostgres(join(dir, SQLITE_FILE), url);
    expect(first).toMatchObject({ docsCopied: 2, docsUnchanged: 0, rowsUnreadable: 0, keyConflicts: [] });

    const district = await PostgresStorage.open(url);
    expect(await contentIn(district, journal)).toEqual({ senin: 'Anak-anak menanam kacang hijau.', selasa: 'Kacang mulai bertunas.' });
    expect(await contentIn(district, community)).toEqual({ masalah: 'Giliran bicara saat diskusi' });
    expect(await district.getKeyHash(community)).toEqual(hash(6));
    expect(await district.getAdminKeyHash(community)).toEqual(hash(2));
    expect(await district.getMemberSecretHash(community, 'bu-sari')).toEqual(hash(3));
    expect(await district.getMemberSecretHash(community, 'pak-budi')).toBeUndefined();
    expect(await district.getInvite(hash(5))).toMatchObject({ doc: community, key: undefined, revokedAt: T0 + 1 });
    expect(await district.getRotatedKey(community)).toEqual({ key, rotatedAt: T0 + 1 });
    expect(await district.getBlob(photoHash, journal)).toEqual({ type: 'image/jpeg', bytes: photo });

    // Again: nothing new, nothing twice.
    const rows = await countRows(url);
    const second = await copySqliteToPostgres(join(dir, SQLITE_FILE), url);
    expect(second).toMatchObject({ docsCopied: 0, docsUnchanged: 2 });
    expect(Object.values(second.inserted).every((n) => n === 0)).toBe(true);
    expect(await countRows(url)).toBe(rows);

    // The school's relay kept working a little; copying again brings just that document.
    const later = SqliteStorage.open(dir);
    await later.appendBatch([{ doc: journal, update: edit('rabu', 'Kami mengukur tingginya.') }]);
    await later.close();
    expect(await copySqliteToPostgres(join(dir, SQLITE_FILE), url)).toMatchObject({ docsCopied: 1, docsUnchanged: 1 });
    expect(await contentIn(district, journal)).toMatchObject({ rabu: 'Kami mengukur tingginya.' });
    await district.close();
  });

  it('keeps PostgreSQL\'s key for a room registered with another key there, and says so (command line)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sejawat-school-'));
    const school = SqliteStorage.open(dir);
    await school.registerKeyHash(community, hash(7));
    await school.registerMemberSecretHash(community, 'penyusup', hash(8), T0);
    await school.close();
    const url = await server.createDatabase('district_conflict');
    const district = await PostgresStorage.open(url);
    await district.registerKeyHash(community, hash(9));

    const run = spawnSync(process.execPath, ['--import', 'tsx', 'sync-server/scripts/sqliteToPostgres.ts', dir], {
      env: { ...process.env, DATABASE_URL: url },
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ keyConflicts: [community] });
    expect(run.stderr).toContain('kept it');
    expect(await district.getKeyHash(community)).toEqual(hash(9));
    expect(await district.getMemberSecretHash(community, 'penyusup')).toBeUndefined();
    await district.close();
  });
});
