/**
 * The PostgreSQL schema and its migrations, numbered like sqliteSchema.ts (same tables, same
 * meaning). Several relays may start at once against one database: migration runs under a
 * session advisory lock, so exactly one of them creates or upgrades the schema and the others
 * find it done. A database written by a newer relay is refused rather than misread.
 */
import type pg from 'pg';

export const PG_SCHEMA_VERSION = 3;

/** Arbitrary, fixed: the advisory lock key that serializes migrations across relays. */
const MIGRATION_LOCK = 0x53656a61; // "Seja"

const STEPS: readonly string[] = [
  // v1: documents and the trust-on-first-use key hash. An identity column never hands out a
  // value twice (not even after a rollback or a delete), which compaction relies on (Storage.ts).
  `
  CREATE TABLE updates (
    seq  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc  text   NOT NULL,
    data bytea  NOT NULL
  );
  CREATE INDEX updates_by_doc ON updates (doc, seq);
  CREATE TABLE rooms (
    doc        text   PRIMARY KEY,
    key_hash   bytea  NOT NULL,
    created_at bigint NOT NULL
  );
  `,
  // v2: communities: admin key, members, invites, the key left by a rotation (times in ms).
  `
  CREATE TABLE room_admins (
    doc            text   PRIMARY KEY,
    admin_key_hash bytea  NOT NULL,
    created_at     bigint NOT NULL
  );
  CREATE TABLE room_members (
    doc         text   NOT NULL,
    member_id   text   NOT NULL,
    secret_hash bytea  NOT NULL,
    created_at  bigint NOT NULL,
    PRIMARY KEY (doc, member_id)
  );
  CREATE TABLE invites (
    code_hash  bytea  PRIMARY KEY,
    doc        text   NOT NULL,
    room_key   text,
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    revoked_at bigint
  );
  CREATE INDEX invites_by_doc ON invites (doc, expires_at);
  CREATE INDEX invites_by_expiry ON invites (expires_at);
  CREATE TABLE room_rotations (
    doc        text   PRIMARY KEY,
    room_key   text   NOT NULL,
    rotated_at bigint NOT NULL
  );
  `,
  // v3: attachments. bytea in a table, not large objects: they are at most MAX_BLOB_BYTES (a few
  // MiB), a row is replicated, backed up and deleted with everything else, and large objects
  // would need their own cleanup (vacuumlo) and permissions.
  `
  CREATE TABLE blobs (
    hash       text   PRIMARY KEY,
    type       text   NOT NULL,
    size       bigint NOT NULL,
    data       bytea  NOT NULL,
    created_at bigint NOT NULL
  );
  CREATE TABLE blob_rooms (
    hash       text   NOT NULL,
    doc        text   NOT NULL,
    created_at bigint NOT NULL,
    PRIMARY KEY (hash, doc)
  );
  CREATE INDEX blob_rooms_by_doc ON blob_rooms (doc);
  -- Bytes are compressed already (photos, voice notes): do not let TOAST try again.
  ALTER TABLE blobs ALTER COLUMN data SET STORAGE EXTERNAL;
  `,
];

export async function migratePostgres(client: pg.PoolClient | pg.Client): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query('CREATE TABLE IF NOT EXISTS sejawat_schema (version integer NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM sejawat_schema');
    const version = rows[0]?.version ?? 0;
    if (version > PG_SCHEMA_VERSION) {
      throw new Error(`database schema v${version} is newer than this relay (v${PG_SCHEMA_VERSION}); upgrade the relay`);
    }
    for (let next = version + 1; next <= PG_SCHEMA_VERSION; next++) {
      // A failing step rolls back whole: the database stays at the previous version.
      await client.query('BEGIN');
      try {
        await client.query(STEPS[next - 1] as string);
        await client.query('DELETE FROM sejawat_schema');
        await client.query('INSERT INTO sejawat_schema (version) VALUES ($1)', [next]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}
