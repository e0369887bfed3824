/**
 * Move a school's relay (its SQLite file) into the shared PostgreSQL of a district deployment
 * (docs/DEPLOY.md):
 *
 *   DATABASE_URL=postgres://sejawat:…@db:5432/sejawat \
 *     npx tsx sync-server/scripts/sqliteToPostgres.ts /var/lib/sejawat/sejawat.sqlite
 *
 * Copies documents, room keys (hashes), admin keys, members, invites, rotated keys and
 * attachments. Idempotent: run it again (or after the school's relay kept working a little
 * longer) and it adds only what PostgreSQL does not hold yet, nothing twice. The SQLite file is
 * opened read-only; stop the school's relay first, or copy again after stopping it.
 *
 * Documents: all rows of a document are applied to one Y.Doc and compared, by Yjs snapshot, with
 * what PostgreSQL holds for it; only if they add something is one row (the whole merged state)
 * appended. A room whose key hash differs between the two (the same document name registered
 * with another key on both sides) keeps PostgreSQL's and is reported; nothing of its access data
 * is overwritten.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import * as Y from 'yjs';
import { migratePostgres } from '../storage/postgresSchema.ts';
import { SQLITE_FILE } from '../storage/SqliteStorage.ts';

export interface CopyReport {
  /** Documents whose content PostgreSQL lacked (one row appended for each). */
  readonly docsCopied: number;
  /** Documents PostgreSQL already held in full. */
  readonly docsUnchanged: number;
  /** Stored rows that Yjs could not read (left behind, reported). */
  readonly rowsUnreadable: number;
  /** Rows inserted per table (access data and attachments). */
  readonly inserted: Readonly<Record<string, number>>;
  /** Rooms registered with a different key hash in PostgreSQL: kept as they were there. */
  readonly keyConflicts: readonly string[];
}

/** Tables copied row by row with ON CONFLICT DO NOTHING: their columns are the same on both sides. */
const PLAIN_TABLES: readonly { table: string; columns: readonly string[]; conflict: string }[] = [
  { table: 'room_admins', columns: ['doc', 'admin_key_hash', 'created_at'], conflict: '(doc)' },
  { table: 'room_members', columns: ['doc', 'member_id', 'secret_hash', 'created_at'], conflict: '(doc, member_id)' },
  { table: 'invites', columns: ['code_hash', 'doc', 'room_key', 'created_at', 'expires_at', 'revoked_at'], conflict: '(code_hash)' },
  { table: 'blobs', columns: ['hash', 'type', 'size', 'data', 'created_at'], conflict: '(hash)' },
  { table: 'blob_rooms', columns: ['hash', 'doc', 'created_at'], conflict: '(hash, doc)' },
];

export async function copySqliteToPostgres(sqlitePath: string, databaseUrl: string): Promise<CopyReport> {
  const source = new Database(sqlitePath, { readonly: true, fileMustExist: true });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await migratePostgres(client);
    const has = (table: string): boolean =>
      source.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
    await client.query('BEGIN');
    const inserted: Record<string, number> = {};

    // Rooms first: a conflicting key hash excludes that room's access data below.
    const keyConflicts: string[] = [];
    inserted.rooms = 0;
    for (const row of source.prepare('SELECT doc, key_hash, created_at FROM rooms').all() as { doc: string; key_hash: Buffer; created_at: number }[]) {
      const result = await client.query('INSERT INTO rooms (doc, key_hash, created_at) VALUES ($1, $2, $3) ON CONFLICT (doc) DO NOTHING', [
        row.doc,
        row.key_hash,
        row.created_at,
      ]);
      if (result.rowCount === 1) inserted.rooms++;
      else {
        const existing = await client.query<{ key_hash: Buffer }>('SELECT key_hash FROM rooms WHERE doc = $1', [row.doc]);
        if (!existing.rows[0]?.key_hash.equals(row.key_hash)) keyConflicts.push(row.doc);
      }
    }
    const conflicted = new Set(keyConflicts);

    for (const { table, columns, conflict } of PLAIN_TABLES) {
      inserted[table] = 0;
      if (!has(table)) continue; // an older school database (schema v1/v2)
      const placeholders = columns.map((_, i) => `$${i + 1}`).join(', ');
      const insert = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders}) ON CONFLICT ${conflict} DO NOTHING`;
      for (const row of source.prepare(`SELECT ${columns.join(', ')} FROM ${table}`).iterate() as Iterable<Record<string, unknown>>) {
        if (typeof row.doc === 'string' && conflicted.has(row.doc)) continue;
        const result = await client.query(insert, columns.map((column) => row[column]));
        inserted[table] += result.rowCount ?? 0;
      }
    }

    inserted.room_rotations = 0;
    if (has('room_rotations')) {
      for (const row of source.prepare('SELECT doc, room_key, rotated_at FROM room_rotations').all() as { doc: string; room_key: string; rotated_at: number }[]) {
        if (conflicted.has(row.doc)) continue;
        // The later rotation wins: its key is the room's current one.
        const result = await client.query(
          `INSERT INTO room_rotations (doc, room_key, rotated_at) VALUES ($1, $2, $3)
           ON CONFLICT (doc) DO UPDATE SET room_key = excluded.room_key, rotated_at = excluded.rotated_at
           WHERE room_rotations.rotated_at < excluded.rotated_at`,
          [row.doc, row.room_key, row.rotated_at],
        );
        inserted.room_rotations += result.rowCount ?? 0;
      }
    }

    let docsCopied = 0;
    let docsUnchanged = 0;
    let rowsUnreadable = 0;
    const selectRows = source.prepare('SELECT data FROM updates WHERE doc = ? ORDER BY seq');
    for (const { doc } of source.prepare('SELECT DISTINCT doc FROM updates ORDER BY doc').all() as { doc: string }[]) {
      const school = new Y.Doc();
      for (const row of selectRows.all(doc) as { data: Buffer }[]) {
        try {
          Y.decodeUpdate(row.data);
          Y.applyUpdate(school, row.data);
        } catch {
          rowsUnreadable++;
        }
      }
      const shared = new Y.Doc();
      const { rows } = await client.query<{ data: Buffer }>('SELECT data FROM updates WHERE doc = $1 ORDER BY seq', [doc]);
      for (const row of rows) Y.applyUpdate(shared, row.data);
      const before = Y.snapshot(shared);
      const state = Y.encodeStateAsUpdate(school);
      Y.applyUpdate(shared, state);
      if (Y.equalSnapshots(before, Y.snapshot(shared))) {
        docsUnchanged++;
      } else {
        await client.query('INSERT INTO updates (doc, data) VALUES ($1, $2)', [doc, Buffer.from(state)]);
        docsCopied++;
      }
      school.destroy();
      shared.destroy();
    }

    await client.query('COMMIT');
    return { docsCopied, docsUnchanged, rowsUnreadable, inserted, keyConflicts };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    await client.end();
    source.close();
  }
}

async function main(): Promise<void> {
  const arg = process.argv[2];
  const databaseUrl = process.env.DATABASE_URL;
  if (arg === undefined || databaseUrl === undefined || databaseUrl.trim() === '') {
    process.stderr.write('Usage: DATABASE_URL=postgres://… npx tsx sync-server/scripts/sqliteToPostgres.ts <DATA_DIR or sejawat.sqlite>\n');
    process.exit(2);
  }
  const path = existsSync(arg) && statSync(arg).isDirectory() ? join(arg, SQLITE_FILE) : arg;
  if (!existsSync(path)) {
    process.stderr.write(`No SQLite database at ${path}\n`);
    process.exit(1);
  }
  const report = await copySqliteToPostgres(path, databaseUrl);
  process.stdout.write(`${JSON.stringify(report)}\n`);
  if (report.keyConflicts.length > 0) {
    process.stderr.write(`${report.keyConflicts.length} room(s) have another key in PostgreSQL and kept it: ${report.keyConflicts.join(', ')}\n`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err: unknown) => {
    // The message only: an error from pg never holds the password, but the URL would.
    process.stderr.write(`Copy failed, nothing was changed in PostgreSQL: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
