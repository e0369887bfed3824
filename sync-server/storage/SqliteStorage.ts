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
import type { DocName, RoomKey } from '../../src/domain/ids.ts';
import { migrate } from './sqliteSchema.ts';
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

/** File name inside DATA_DIR. */
export const SQLITE_FILE = 'sejawat.sqlite';

export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly statements: ReturnType<typeof prepare>;
  private readonly appendTx: (entries: readonly AppendEntry[]) => number[];
  private readonly compactTx: (doc: DocName, merged: Uint8Array, covered: readonly number[]) => number;
  private readonly addInviteTx: (invite: NewInvite, maxActive: number) => AddInviteResult;
  private readonly rotateTx: (doc: DocName, rotation: KeyRotation) => boolean;
  private readonly putBlobTx: (hash: string, doc: DocName, type: string, bytes: Uint8Array, at: number) => boolean;

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
    // Count and insert in one transaction: two concurrent creations cannot both take the last slot.
    this.addInviteTx = this.db.transaction((invite: NewInvite, maxActive: number): AddInviteResult => {
      const active = s.countActiveInvites.get(invite.doc, invite.createdAt) as { n: number; next: number | null };
      if (active.n >= maxActive) return { status: AddInviteStatus.LIMIT_REACHED, nextExpiry: active.next ?? invite.createdAt };
      const inserted = s.insertInvite.run(toBuffer(invite.codeHash), invite.doc, invite.key, invite.createdAt, invite.expiresAt);
      return inserted.changes === 1 ? { status: AddInviteStatus.ADDED } : { status: AddInviteStatus.CODE_TAKEN };
    });
    this.rotateTx = this.db.transaction((doc: DocName, rotation: KeyRotation): boolean => {
      if (s.updateKeyHash.run(toBuffer(rotation.keyHash), doc).changes === 0) return false;
      s.upsertRotation.run(doc, rotation.key, rotation.rotatedAt);
      const keep = new Set(rotation.keepMembers);
      for (const { member_id } of s.selectMemberIds.all(doc) as { member_id: string }[]) {
        if (!keep.has(member_id)) s.deleteMember.run(doc, member_id);
      }
      s.revokeRoomInvites.run(rotation.rotatedAt, doc);
      return true;
    });
    this.putBlobTx = this.db.transaction((hash: string, doc: DocName, type: string, bytes: Uint8Array, at: number): boolean => {
      s.insertBlob.run(hash, type, bytes.byteLength, toBuffer(bytes), at);
      return s.insertBlobRoom.run(hash, doc, at).changes === 1;
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

  async registerAdminKeyHash(doc: DocName, hash: Uint8Array, at: number): Promise<Uint8Array> {
    this.statements.insertAdmin.run(doc, toBuffer(hash), at);
    const stored = await this.getAdminKeyHash(doc);
    if (stored === undefined) throw new Error('admin key hash vanished after insert');
    return stored;
  }

  async getAdminKeyHash(doc: DocName): Promise<Uint8Array | undefined> {
    const row = this.statements.selectAdmin.get(doc) as { admin_key_hash: Buffer } | undefined;
    return row === undefined ? undefined : new Uint8Array(row.admin_key_hash);
  }

  async registerMemberSecretHash(doc: DocName, memberId: string, hash: Uint8Array, at: number): Promise<Uint8Array> {
    this.statements.insertMember.run(doc, memberId, toBuffer(hash), at);
    const stored = await this.getMemberSecretHash(doc, memberId);
    if (stored === undefined) throw new Error('member secret hash vanished after insert');
    return stored;
  }

  async getMemberSecretHash(doc: DocName, memberId: string): Promise<Uint8Array | undefined> {
    const row = this.statements.selectMember.get(doc, memberId) as { secret_hash: Buffer } | undefined;
    return row === undefined ? undefined : new Uint8Array(row.secret_hash);
  }

  async addInvite(invite: NewInvite, maxActive: number): Promise<AddInviteResult> {
    return this.addInviteTx(invite, maxActive);
  }

  async getInvite(codeHash: Uint8Array): Promise<StoredInvite | undefined> {
    const row = this.statements.selectInvite.get(toBuffer(codeHash)) as InviteRow | undefined;
    if (row === undefined) return undefined;
    return {
      doc: row.doc as DocName,
      key: (row.room_key ?? undefined) as RoomKey | undefined,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at ?? undefined,
    };
  }

  async revokeInvite(codeHash: Uint8Array, at: number): Promise<boolean> {
    return this.statements.revokeInvite.run(at, toBuffer(codeHash)).changes === 1;
  }

  async purgeInvites(now: number, deleteExpiredBefore: number): Promise<PurgeResult> {
    const deleted = this.statements.deleteExpiredInvites.run(deleteExpiredBefore).changes;
    const forgotten = this.statements.forgetExpiredInviteKeys.run(now).changes;
    return { forgotten, deleted };
  }

  async rotateRoomKey(doc: DocName, rotation: KeyRotation): Promise<boolean> {
    return this.rotateTx(doc, rotation);
  }

  async getRotatedKey(doc: DocName): Promise<RotatedKey | undefined> {
    const row = this.statements.selectRotation.get(doc) as { room_key: string; rotated_at: number } | undefined;
    return row === undefined ? undefined : { key: row.room_key as RoomKey, rotatedAt: row.rotated_at };
  }

  async putBlob(hash: string, doc: DocName, type: string, bytes: Uint8Array, at: number): Promise<boolean> {
    return this.putBlobTx(hash, doc, type, bytes, at);
  }

  async getBlob(hash: string, doc: DocName): Promise<StoredBlob | undefined> {
    const row = this.statements.selectBlob.get(hash, doc) as { type: string; data: Buffer } | undefined;
    return row === undefined ? undefined : { type: row.type, bytes: new Uint8Array(row.data) };
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // Fold the WAL back into the main file so a copied data directory is one self-contained file.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}

function prepare(db: Database.Database) {
  return {
    selectUpdates: db.prepare('SELECT seq, data FROM updates WHERE doc = ? ORDER BY seq'),
    insertUpdate: db.prepare('INSERT INTO updates (doc, data) VALUES (?, ?)'),
    deleteUpdate: db.prepare('DELETE FROM updates WHERE doc = ? AND seq = ?'),
    selectKeyHash: db.prepare('SELECT key_hash FROM rooms WHERE doc = ?'),
    insertKeyHash: db.prepare('INSERT INTO rooms (doc, key_hash, created_at) VALUES (?, ?, ?) ON CONFLICT (doc) DO NOTHING'),
    updateKeyHash: db.prepare('UPDATE rooms SET key_hash = ? WHERE doc = ?'),
    selectAdmin: db.prepare('SELECT admin_key_hash FROM room_admins WHERE doc = ?'),
    insertAdmin: db.prepare('INSERT INTO room_admins (doc, admin_key_hash, created_at) VALUES (?, ?, ?) ON CONFLICT (doc) DO NOTHING'),
    selectMember: db.prepare('SELECT secret_hash FROM room_members WHERE doc = ? AND member_id = ?'),
    selectMemberIds: db.prepare('SELECT member_id FROM room_members WHERE doc = ?'),
    insertMember: db.prepare(
      'INSERT INTO room_members (doc, member_id, secret_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (doc, member_id) DO NOTHING',
    ),
    deleteMember: db.prepare('DELETE FROM room_members WHERE doc = ? AND member_id = ?'),
    countActiveInvites: db.prepare(
      'SELECT count(*) AS n, min(expires_at) AS next FROM invites WHERE doc = ? AND revoked_at IS NULL AND expires_at > ?',
    ),
    insertInvite: db.prepare(
      'INSERT INTO invites (code_hash, doc, room_key, created_at, expires_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (code_hash) DO NOTHING',
    ),
    selectInvite: db.prepare('SELECT doc, room_key, created_at, expires_at, revoked_at FROM invites WHERE code_hash = ?'),
    revokeInvite: db.prepare('UPDATE invites SET revoked_at = coalesce(revoked_at, ?), room_key = NULL WHERE code_hash = ?'),
    revokeRoomInvites: db.prepare('UPDATE invites SET revoked_at = coalesce(revoked_at, ?), room_key = NULL WHERE doc = ?'),
    deleteExpiredInvites: db.prepare('DELETE FROM invites WHERE expires_at <= ?'),
    forgetExpiredInviteKeys: db.prepare('UPDATE invites SET room_key = NULL WHERE expires_at <= ? AND room_key IS NOT NULL'),
    insertBlob: db.prepare('INSERT INTO blobs (hash, type, size, data, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING'),
    insertBlobRoom: db.prepare('INSERT INTO blob_rooms (hash, doc, created_at) VALUES (?, ?, ?) ON CONFLICT (hash, doc) DO NOTHING'),
    selectBlob: db.prepare('SELECT b.type, b.data FROM blobs b JOIN blob_rooms r ON r.hash = b.hash WHERE b.hash = ? AND r.doc = ?'),
    selectRotation: db.prepare('SELECT room_key, rotated_at FROM room_rotations WHERE doc = ?'),
    upsertRotation: db.prepare(
      'INSERT INTO room_rotations (doc, room_key, rotated_at) VALUES (?, ?, ?) ON CONFLICT (doc) DO UPDATE SET room_key = excluded.room_key, rotated_at = excluded.rotated_at',
    ),
  };
}

interface InviteRow {
  doc: string;
  room_key: string | null;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

/** better-sqlite3 binds Buffers as BLOBs; wrap without copying. */
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
