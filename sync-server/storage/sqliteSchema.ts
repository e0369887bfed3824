/**
 * The SQLite schema and its migrations, keyed by `PRAGMA user_version`. A relay opens any database
 * an earlier relay wrote (each step only adds), and refuses one written by a newer relay rather
 * than misreading it.
 */
import type Database from 'better-sqlite3';

export const SCHEMA_VERSION = 3;

/** Step n brings a database from version n - 1 to n; each runs in its own transaction. */
const STEPS: readonly string[] = [
  // v1: documents and the trust-on-first-use key hash.
  `
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
  `,
  // v2: communities. Admin key, members, invites and the key left by a rotation. Times are
  // milliseconds since the Unix epoch. New tables only: v1 rooms keep working unchanged.
  `
  CREATE TABLE IF NOT EXISTS room_admins (
    doc            TEXT PRIMARY KEY,
    admin_key_hash BLOB NOT NULL,
    created_at     INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS room_members (
    doc         TEXT NOT NULL,
    member_id   TEXT NOT NULL,
    secret_hash BLOB NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (doc, member_id)
  );
  -- room_key is in clear because redeeming hands it out; NULL once revoked or expired (purged).
  CREATE TABLE IF NOT EXISTS invites (
    code_hash  BLOB PRIMARY KEY,
    doc        TEXT NOT NULL,
    room_key   TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
  );
  CREATE INDEX IF NOT EXISTS invites_by_doc ON invites (doc, expires_at);
  CREATE INDEX IF NOT EXISTS invites_by_expiry ON invites (expires_at);
  -- The current key after a rotation, in clear, for kept members to pick up (/rekey).
  CREATE TABLE IF NOT EXISTS room_rotations (
    doc        TEXT PRIMARY KEY,
    room_key   TEXT NOT NULL,
    rotated_at INTEGER NOT NULL
  );
  `,
  // v3: attachments (photos, voice notes). Bytes once per SHA-256, and which rooms may read them.
  `
  CREATE TABLE IF NOT EXISTS blobs (
    hash       TEXT PRIMARY KEY,
    type       TEXT NOT NULL,
    size       INTEGER NOT NULL,
    data       BLOB NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS blob_rooms (
    hash       TEXT NOT NULL,
    doc        TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (hash, doc)
  );
  CREATE INDEX IF NOT EXISTS blob_rooms_by_doc ON blob_rooms (doc);
  `,
];

export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(`database schema v${version} is newer than this relay (v${SCHEMA_VERSION}); upgrade the relay`);
  }
  for (let next = version + 1; next <= SCHEMA_VERSION; next++) {
    // A failing step rolls back whole: the database stays at the previous version.
    db.transaction(() => {
      db.exec(STEPS[next - 1] as string);
      db.pragma(`user_version = ${next}`);
    })();
  }
}
