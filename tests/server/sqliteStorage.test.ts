import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SQLITE_FILE, SqliteStorage } from '../../sync-server/storage/SqliteStorage.ts';
import { runStorageConformance } from './storageConformance.ts';

runStorageConformance('SqliteStorage', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sejawat-sqlite-'));
  const opened: SqliteStorage[] = [SqliteStorage.open(dir)];
  return {
    storage: opened[0] as SqliteStorage,
    reopen: async () => {
      await opened[opened.length - 1]?.close();
      const again = SqliteStorage.open(dir);
      opened.push(again);
      return again;
    },
    teardown: async () => {
      for (const storage of opened) await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}, { persistent: true });

describe('SqliteStorage specifics', () => {
  it('keeps the database in WAL mode, so commits are durable without blocking readers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sejawat-sqlite-'));
    const storage = SqliteStorage.open(dir);
    const outside = new Database(join(dir, SQLITE_FILE), { readonly: true });
    expect(outside.pragma('journal_mode', { simple: true })).toBe('wal');
    outside.close();
    await storage.close();
  });

  it('refuses a database written by a newer relay rather than misreading it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sejawat-sqlite-'));
    const db = new Database(join(dir, SQLITE_FILE));
    db.pragma('user_version = 99');
    db.close();
    expect(() => SqliteStorage.open(dir)).toThrow(/newer than this relay/);
  });
});
