/**
 * A relay upgraded in place must open the database its previous version wrote: schema v1 (updates
 * and rooms only) gains the community tables and keeps every row.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocName, RoomKey } from '../../src/domain/ids.ts';
import { SQLITE_FILE, SqliteStorage } from '../../sync-server/storage/SqliteStorage.ts';
import { SCHEMA_VERSION } from '../../sync-server/storage/sqliteSchema.ts';

/** Exactly what the v1 relay (commit ff9c67f) created. */
function writeV1Database(dir: string, doc: string, update: Uint8Array, keyHash: Uint8Array): void {
  const db = new Database(join(dir, SQLITE_FILE));
  db.pragma('journal_mode = WAL');
  db.exec(`
    BEGIN;
    CREATE TABLE IF NOT EXISTS updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, data BLOB NOT NULL);
    CREATE INDEX IF NOT EXISTS updates_by_doc ON updates (doc, seq);
    CREATE TABLE IF NOT EXISTS rooms (doc TEXT PRIMARY KEY, key_hash BLOB NOT NULL, created_at INTEGER NOT NULL);
    PRAGMA user_version = 1;
    COMMIT;
  `);
  db.prepare('INSERT INTO updates (doc, data) VALUES (?, ?)').run(doc, Buffer.from(update));
  db.prepare('INSERT INTO rooms (doc, key_hash, created_at) VALUES (?, ?, ?)').run(doc, Buffer.from(keyHash), 1);
  db.close();
}

describe('SqliteStorage upgrades an older database in place', () => {
  it('a v1 database opens with its documents and keys, and gains invites, members and rotation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sejawat-v1-'));
    const doc = 'c-komunitasLamaAAAAAAAA' as DocName;
    const ydoc = new Y.Doc();
    ydoc.getMap('m').set('norma', 'saling percaya');
    writeV1Database(dir, doc, Y.encodeStateAsUpdate(ydoc), new Uint8Array(32).fill(7));

    const storage = SqliteStorage.open(dir);
    const rows = await storage.loadUpdates(doc);
    const copy = new Y.Doc();
    for (const row of rows) Y.applyUpdate(copy, row.update);
    expect(copy.getMap('m').get('norma')).toBe('saling percaya');
    expect(await storage.getKeyHash(doc)).toEqual(new Uint8Array(32).fill(7));

    expect(await storage.registerAdminKeyHash(doc, new Uint8Array(32).fill(1), 2)).toEqual(new Uint8Array(32).fill(1));
    const key = 'kunci-baru-00000000000000' as RoomKey;
    expect(await storage.rotateRoomKey(doc, { keyHash: new Uint8Array(32).fill(8), key, keepMembers: [], rotatedAt: 3 })).toBe(true);
    expect(await storage.getRotatedKey(doc)).toEqual({ key, rotatedAt: 3 });
    await storage.close();

    const db = new Database(join(dir, SQLITE_FILE), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
    // Opening an up-to-date database again is a no-op.
    const again = SqliteStorage.open(dir);
    expect(await again.getRotatedKey(doc)).toEqual({ key, rotatedAt: 3 });
    await again.close();
  });
});
