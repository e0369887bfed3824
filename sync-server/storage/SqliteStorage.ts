/**
 * The default storage: one SQLite file in DATA_DIR, through better-sqlite3.
 *
 * Durability: `journal_mode=WAL` with `synchronous=FULL` makes every committed transaction fsync the
 * write-ahead log before `COMMIT` returns, so an appended batch survives `kill -9` and a power cut
 * (NORMAL would only survive a process crash). The relay groups updates from all rooms into one
 * transaction per flush, so the fsync cost is shared.
 *
 * better-sqlite3 is synchronous: a commit blocks the event loop for the fsync (typically a few ms).
 * Group commit keeps that to one fsync per event-loop turn; moving SQLite to a worker thread is the
 * next step if it ever shows in latency figures. The interface is already async for that reason
 * (and for PostgreSQL).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { DocName } from '../../src/domain/ids.ts';
import type { AppendEntry, Storage, StoredUpdate } from './Storage.ts';

/** File name inside DATA_DIR. */
export const SQLITE_FILE = 'sejawat.sqlite';

const SCHEMA_VERSION = 1;

export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly statements: ReturnType<typeof prepare>;
  private readonly appendTx: (entries: readonly AppendEntry[]) => number[];
  private readonly compactTx: (doc: DocName, merged: Uint8Array, covered: readonly number[]) => number;

  /** Opens (creating if needed) `DATA_DIR/sejawat.sqlite`. Throws if the directory is unusable. */
  static open(dataDir: string): SqliteStorage {
    mkdirSync(dataDir, { recursive: true });
    return new SqliteStorage(join(dataDir, SQLITE_FILE));
  }

  constructor(path: string) {
    this.db = new Database(path);
    const mode = this.db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`SQLite refused WAL mode (got ${String(mode)})`);
    this.db.pragma('synchronous = FULL');
    // A second process (a backup, a future second relay) may hold the write lock briefly.
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
    this.statements = prepare(this.db);
    const s = this.statements;

    this.appendTx = this.db.transaction((entries: readonly AppendEntry[]) =>
      entries.map((entry) => Number(s.insertUpdate.run(entry.doc, toBuffer(entry.update)).lastInsertRowid)),
    );
    this.compactTx = this.db.transaction((doc: DocName, merged: Uint8Array, covered: readonly number[]) => {
      // Delete exactly the rows the caller's document is known to contain, never "everything up
      // to seq N": another process may have appended rows in between (see Storage.ts).
      for (const seq of covered) s.deleteUpdate.run(doc, seq);
      return Number(s.insertUpdate.run(doc, toBuffer(merged)).lastInsertRowid);
    });
  }

  async loadUpdates(doc: DocName): Promise<StoredUpdate[]> {
    const rows = this.statements.selectUpdates.all(doc) as { seq: number; data: Buffer }[];
    return rows.map((row) => ({ seq: row.seq, update: new Uint8Array(row.data) }));
  }

  async appendBatch(entries: readonly AppendEntry[]): Promise<number[]> {
    if (entries.length === 0) return [];
    return this.appendTx(entries);
  }

  async compact(doc: DocName, merged: Uint8Array, covered: readonly number[]): Promise<number> {
    return this.compactTx(doc, merged, covered);
  }

  async getKeyHash(doc: DocName): Promise<Uint8Array | undefined> {
    const row = this.statements.selectKeyHash.get(doc) as { key_hash: Buffer } | undefined;
    return row === undefined ? undefined : new Uint8Array(row.key_hash);
  }

  async registerKeyHash(doc: DocName, hash: Uint8Array): Promise<Uint8Array> {
    // INSERT .. ON CONFLICT DO NOTHING is atomic: of two first connections, exactly one registers.
    this.statements.insertKeyHash.run(doc, toBuffer(hash), Date.now());
    const stored = await this.getKeyHash(doc);
    if (stored === undefined) throw new Error('key hash vanished after insert');
    return stored;
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // Fold the WAL back into the main file so a copied data directory is one self-contained file.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(`database schema v${version} is newer than this relay (v${SCHEMA_VERSION}); upgrade the relay`);
  }
  if (version < 1) {
    db.exec(`
      BEGIN;
      -- AUTOINCREMENT (not just rowid) so a seq is never reused after compaction deletes rows:
      -- compaction identifies rows by seq and must never hit a row it has not seen.
      CREATE TABLE IF NOT EXISTS updates (
        seq  INTEGER PRIMARY KEY AUTOINCREMENT,
        doc  TEXT NOT NULL,
        data BLOB NOT NULL
      );
      CREATE INDEX IF NOT EXISTS updates_by_doc ON updates (doc, seq);
      CREATE TABLE IF NOT EXISTS rooms (
        doc        TEXT PRIMARY KEY,
        key_hash   BLOB NOT NULL,
        created_at INTEGER NOT NULL
      );
      PRAGMA user_version = 1;
      COMMIT;
    `);
  }
}

function prepare(db: Database.Database) {
  return {
    selectUpdates: db.prepare('SELECT seq, data FROM updates WHERE doc = ? ORDER BY seq'),
    insertUpdate: db.prepare('INSERT INTO updates (doc, data) VALUES (?, ?)'),
    deleteUpdate: db.prepare('DELETE FROM updates WHERE doc = ? AND seq = ?'),
    selectKeyHash: db.prepare('SELECT key_hash FROM rooms WHERE doc = ?'),
    insertKeyHash: db.prepare('INSERT INTO rooms (doc, key_hash, created_at) VALUES (?, ?, ?) ON CONFLICT (doc) DO NOTHING'),
  };
}

/** better-sqlite3 binds Buffers as BLOBs; wrap without copying. */
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
