/**
 * Storage in PostgreSQL (DATABASE_URL), for a district or province running several relays
 * against one database (docs/DEPLOY.md). Same tables and semantics as SqliteStorage:
 *
 * - Durability: `appendBatch` is one INSERT statement, so one transaction; it resolves after
 *   PostgreSQL's COMMIT returned, which with the default `synchronous_commit=on` means the WAL is
 *   flushed. The relay acknowledges nothing before that.
 * - Seqs come from an identity column: never reused, increasing in each relay's own order.
 * - Compaction takes a transaction-scoped advisory lock on the document, so two relays compacting
 *   one document run one after the other; each deletes only the rows its merged update contains
 *   (Storage.ts explains why that alone is already safe).
 * - Every other "atomic" promise of the interface is one statement (ON CONFLICT DO NOTHING) or one
 *   transaction holding the rows it checks (`FOR UPDATE`, a per-room advisory lock for invites).
 *
 * A lost database makes every call reject (after `connectionTimeoutMillis`); the write queue keeps
 * the batch in memory, acknowledges nothing, and retries until the database is back.
 */
import pg from 'pg';
import type { DocName, RoomKey } from '../../src/domain/ids.ts';
import { migratePostgres } from './postgresSchema.ts';
import {
  AddInviteStatus,
  type AddInviteResult,
  type AppendEntry,
  type KeyRotation,
  type NewInvite,
  type PurgeResult,
  type RotatedKey,
  type Storage,
  type StoredBlob,
  type StoredInvite,
  type StoredUpdate,
} from './Storage.ts';

export interface PostgresStorageOptions {
  /** Connections in the pool (each relay). */
  readonly maxConnections?: number;
  /** How long to wait for a connection before a call rejects. */
  readonly connectTimeoutMs?: number;
  /** Called when an idle pooled connection breaks (the pool replaces it on next use). */
  readonly onIdleError?: (err: Error) => void;
}

/** Advisory lock namespace for per-document and per-room transaction locks. */
const DOC_LOCK_SPACE = 0x53656a;

export class PostgresStorage implements Storage {
  private closed = false;

  /** Connects, creates or migrates the schema, and resolves once the database answered. */
  static async open(url: string, options: PostgresStorageOptions = {}): Promise<PostgresStorage> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      // A statement that hangs (a partitioned network) must fail and be retried, not block the queue.
      query_timeout: 30_000,
      idleTimeoutMillis: 30_000,
      application_name: 'sejawat-relay',
    });
    // Without a listener, an idle connection dropped by a restarting server would crash the process.
    pool.on('error', (err) => options.onIdleError?.(err));
    try {
      const client = await pool.connect();
      try {
        await migratePostgres(client);
      } finally {
        client.release();
      }
    } catch (err) {
      await pool.end().catch(() => {});
      throw err;
    }
    return new PostgresStorage(pool);
  }

  private constructor(private readonly pool: pg.Pool) {}

  /** Resolves if the database answers a trivial query (readiness). */
  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async loadUpdates(doc: DocName): Promise<StoredUpdate[]> {
    const { rows } = await this.query<{ seq: string; data: Buffer }>('SELECT seq, data FROM updates WHERE doc = $1 ORDER BY seq', [doc]);
    return rows.map((row) => ({ seq: Number(row.seq), update: new Uint8Array(row.data) }));
  }

  async appendBatch(entries: readonly AppendEntry[]): Promise<number[]> {
    if (entries.length === 0) return [];
    // One statement: atomic, and one round trip for the whole group commit. Rows are inserted in
    // the order of `ord`, and an identity column hands one inserter increasing values, so the
    // returned seqs sorted ascending are the entries' seqs in order.
    const { rows } = await this.query<{ seq: string }>(
      `INSERT INTO updates (doc, data)
       SELECT doc, data FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS e(doc, data, ord) ORDER BY ord
       RETURNING seq`,
      [entries.map((e) => e.doc), entries.map((e) => toBuffer(e.update))],
    );
    if (rows.length !== entries.length) throw new Error(`inserted ${rows.length} rows for ${entries.length} updates`);
    return rows.map((row) => Number(row.seq)).sort((a, b) => a - b);
  }

  async compact(doc: DocName, merged: Uint8Array, covered: readonly number[]): Promise<number> {
    return this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [DOC_LOCK_SPACE, doc]);
      await client.query('DELETE FROM updates WHERE doc = $1 AND seq = ANY($2::bigint[])', [doc, covered.map(String)]);
      const { rows } = await client.query<{ seq: string }>('INSERT INTO updates (doc, data) VALUES ($1, $2) RETURNING seq', [doc, toBuffer(merged)]);
      return Number(rows[0]?.seq);
    });
  }

  async getKeyHash(doc: DocName): Promise<Uint8Array | undefined> {
    return this.oneBytes('SELECT key_hash AS v FROM rooms WHERE doc = $1', [doc]);
  }

  async registerKeyHash(doc: DocName, hash: Uint8Array): Promise<Uint8Array> {
    await this.query('INSERT INTO rooms (doc, key_hash, created_at) VALUES ($1, $2, $3) ON CONFLICT (doc) DO NOTHING', [doc, toBuffer(hash), Date.now()]);
    return must(await this.getKeyHash(doc), 'key hash');
  }

  async registerAdminKeyHash(doc: DocName, hash: Uint8Array, at: number): Promise<Uint8Array> {
    await this.query('INSERT INTO room_admins (doc, admin_key_hash, created_at) VALUES ($1, $2, $3) ON CONFLICT (doc) DO NOTHING', [doc, toBuffer(hash), at]);
    return must(await this.getAdminKeyHash(doc), 'admin key hash');
  }

  async getAdminKeyHash(doc: DocName): Promise<Uint8Array | undefined> {
    return this.oneBytes('SELECT admin_key_hash AS v FROM room_admins WHERE doc = $1', [doc]);
  }

  async registerMemberSecretHash(doc: DocName, memberId: string, hash: Uint8Array, at: number): Promise<Uint8Array> {
    await this.query(
      'INSERT INTO room_members (doc, member_id, secret_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (doc, member_id) DO NOTHING',
      [doc, memberId, toBuffer(hash), at],
    );
    return must(await this.getMemberSecretHash(doc, memberId), 'member secret hash');
  }

  async getMemberSecretHash(doc: DocName, memberId: string): Promise<Uint8Array | undefined> {
    return this.oneBytes('SELECT secret_hash AS v FROM room_members WHERE doc = $1 AND member_id = $2', [doc, memberId]);
  }

  async addInvite(invite: NewInvite, maxActive: number): Promise<AddInviteResult> {
    return this.transaction(async (client) => {
      // Count and insert under one per-room lock: two relays cannot both take the last slot.
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [DOC_LOCK_SPACE + 1, invite.doc]);
      const { rows } = await client.query<{ n: string; next: string | null }>(
        'SELECT count(*) AS n, min(expires_at) AS next FROM invites WHERE doc = $1 AND revoked_at IS NULL AND expires_at > $2',
        [invite.doc, invite.createdAt],
      );
      const active = rows[0] as { n: string; next: string | null };
      if (Number(active.n) >= maxActive) {
        return { status: AddInviteStatus.LIMIT_REACHED, nextExpiry: active.next === null ? invite.createdAt : Number(active.next) };
      }
      const inserted = await client.query(
        'INSERT INTO invites (code_hash, doc, room_key, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code_hash) DO NOTHING',
        [toBuffer(invite.codeHash), invite.doc, invite.key, invite.createdAt, invite.expiresAt],
      );
      return inserted.rowCount === 1 ? { status: AddInviteStatus.ADDED } : { status: AddInviteStatus.CODE_TAKEN };
    });
  }

  async getInvite(codeHash: Uint8Array): Promise<StoredInvite | undefined> {
    const { rows } = await this.query<InviteRow>(
      'SELECT doc, room_key, created_at, expires_at, revoked_at FROM invites WHERE code_hash = $1',
      [toBuffer(codeHash)],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    return {
      doc: row.doc as DocName,
      key: (row.room_key ?? undefined) as RoomKey | undefined,
      createdAt: Number(row.created_at),
      expiresAt: Number(row.expires_at),
      revokedAt: row.revoked_at === null ? undefined : Number(row.revoked_at),
    };
  }

  async revokeInvite(codeHash: Uint8Array, at: number): Promise<boolean> {
    const result = await this.query('UPDATE invites SET revoked_at = coalesce(revoked_at, $1), room_key = NULL WHERE code_hash = $2', [at, toBuffer(codeHash)]);
    return result.rowCount === 1;
  }

  async purgeInvites(now: number, deleteExpiredBefore: number): Promise<PurgeResult> {
    const deleted = await this.query('DELETE FROM invites WHERE expires_at <= $1', [deleteExpiredBefore]);
    const forgotten = await this.query('UPDATE invites SET room_key = NULL WHERE expires_at <= $1 AND room_key IS NOT NULL', [now]);
    return { forgotten: forgotten.rowCount ?? 0, deleted: deleted.rowCount ?? 0 };
  }

  async rotateRoomKey(doc: DocName, rotation: KeyRotation): Promise<boolean> {
    return this.transaction(async (client) => {
      const updated = await client.query('UPDATE rooms SET key_hash = $1 WHERE doc = $2', [toBuffer(rotation.keyHash), doc]);
      if (updated.rowCount === 0) return false;
      await client.query(
        `INSERT INTO room_rotations (doc, room_key, rotated_at) VALUES ($1, $2, $3)
         ON CONFLICT (doc) DO UPDATE SET room_key = excluded.room_key, rotated_at = excluded.rotated_at`,
        [doc, rotation.key, rotation.rotatedAt],
      );
      await client.query('DELETE FROM room_members WHERE doc = $1 AND NOT (member_id = ANY($2::text[]))', [doc, [...rotation.keepMembers]]);
      await client.query('UPDATE invites SET revoked_at = coalesce(revoked_at, $1), room_key = NULL WHERE doc = $2', [rotation.rotatedAt, doc]);
      return true;
    });
  }

  async getRotatedKey(doc: DocName): Promise<RotatedKey | undefined> {
    const { rows } = await this.query<{ room_key: string; rotated_at: string }>('SELECT room_key, rotated_at FROM room_rotations WHERE doc = $1', [doc]);
    const row = rows[0];
    return row === undefined ? undefined : { key: row.room_key as RoomKey, rotatedAt: Number(row.rotated_at) };
  }

  async putBlob(hash: string, doc: DocName, type: string, bytes: Uint8Array, at: number): Promise<boolean> {
    return this.transaction(async (client) => {
      // Two relays putting the same hash at once: one row wins, the other's insert does nothing.
      await client.query(
        'INSERT INTO blobs (hash, type, size, data, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (hash) DO NOTHING',
        [hash, type, bytes.byteLength, toBuffer(bytes), at],
      );
      const added = await client.query('INSERT INTO blob_rooms (hash, doc, created_at) VALUES ($1, $2, $3) ON CONFLICT (hash, doc) DO NOTHING', [hash, doc, at]);
      return added.rowCount === 1;
    });
  }

  async getBlob(hash: string, doc: DocName): Promise<StoredBlob | undefined> {
    const { rows } = await this.query<{ type: string; data: Buffer }>(
      'SELECT b.type, b.data FROM blobs b JOIN blob_rooms r ON r.hash = b.hash WHERE b.hash = $1 AND r.doc = $2',
      [hash, doc],
    );
    const row = rows[0];
    return row === undefined ? undefined : { type: row.type, bytes: new Uint8Array(row.data) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    if (this.closed) throw new Error('storage is closed');
    return this.pool.query<R>(text, values);
  }

  private async oneBytes(text: string, values: unknown[]): Promise<Uint8Array | undefined> {
    const { rows } = await this.query<{ v: Buffer }>(text, values);
    return rows[0] === undefined ? undefined : new Uint8Array(rows[0].v);
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('storage is closed');
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection itself failed: do not hand it out again
      }
      throw err;
    } finally {
      client.release(broken);
    }
  }
}

interface InviteRow {
  doc: string;
  room_key: string | null;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

function must(value: Uint8Array | undefined, what: string): Uint8Array {
  if (value === undefined) throw new Error(`${what} vanished after insert`);
  return value;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
