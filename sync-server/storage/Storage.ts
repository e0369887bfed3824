/**
 * Where the relay keeps documents: an append-only log of Yjs updates per document, plus who may
 * enter each room (the hash of its key, its admin key and members, invites, the key after a
 * rotation). Small and async on purpose (like automerge-repo's StorageAdapterInterface):
 * SQLite (the embedded default) and PostgreSQL (several relays, docs/DEPLOY.md) implement it, and one conformance suite
 * (tests/server/storageConformance.ts) proves every adapter.
 *
 * ## Why compaction is safe with several relay processes
 * Rows carry a `seq` that is never reused (SQLite AUTOINCREMENT; a PostgreSQL identity column).
 * A process compacts only the rows it *knows* its in-memory document contains (the ones it loaded
 * or appended itself), by deleting exactly those seqs and inserting the merged update in the same
 * transaction. Rows another process appended meanwhile are not in the list, so they survive. If two
 * processes compact one document at once, each deletes only rows its own merged update contains and
 * inserts its own merged row: the result may hold two overlapping merged rows, which Yjs applies
 * idempotently. No interleaving can delete a row whose content is not in some surviving row.
 */
import type { DocName, RoomKey } from '../../src/domain/ids.ts';

/** One stored Yjs update (v1 encoding) and its position in the store. */
export interface StoredUpdate {
  /** Unique across the store and never reused; increases with insertion order. */
  readonly seq: number;
  readonly update: Uint8Array;
}

/** An update to append, for any document. */
export interface AppendEntry {
  readonly doc: DocName;
  readonly update: Uint8Array;
}

export interface Storage {
  /** All stored updates of `doc`, oldest first; empty if nothing was ever stored for it. */
  loadUpdates(doc: DocName): Promise<StoredUpdate[]>;

  /**
   * Append `entries` (possibly for several documents) as one atomic, durable unit. Resolves with
   * each entry's seq, in order, only once the data would survive a power cut (fsync); a rejection
   * means none of the batch was stored. The relay acknowledges nothing before this resolves.
   */
  appendBatch(entries: readonly AppendEntry[]): Promise<number[]>;

  /**
   * Atomically delete the rows of `doc` whose seqs are listed in `covered` and store `merged` as a
   * new row; resolves with that row's seq. `merged` must contain every covered row. Rows not listed
   * are untouched, and listed rows that no longer exist (compacted by another process) are ignored.
   */
  compact(doc: DocName, merged: Uint8Array, covered: readonly number[]): Promise<number>;

  /** The SHA-256 hash of the key registered for `doc`, or undefined for a room never seen. */
  getKeyHash(doc: DocName): Promise<Uint8Array | undefined>;

  /**
   * Trust on first use: store `hash` for `doc` unless a hash is already stored, atomically (two
   * first connections racing with different keys: exactly one wins). Resolves with the hash stored
   * afterwards, which is the earlier one if there was one.
   */
  registerKeyHash(doc: DocName, hash: Uint8Array): Promise<Uint8Array>;

  /**
   * Trust on first use for the room's admin key: store `hash` unless one is stored, atomically.
   * Resolves with the hash stored afterwards (the earlier one if there was one).
   */
  registerAdminKeyHash(doc: DocName, hash: Uint8Array, at: number): Promise<Uint8Array>;

  /** The SHA-256 hash of the admin key registered for `doc`, or undefined. */
  getAdminKeyHash(doc: DocName): Promise<Uint8Array | undefined>;

  /**
   * Register the hash of a member's secret, unless that member already has one (atomically).
   * Resolves with the hash stored afterwards (the earlier one if there was one).
   */
  registerMemberSecretHash(doc: DocName, memberId: string, hash: Uint8Array, at: number): Promise<Uint8Array>;

  /** The hash of `memberId`'s secret in `doc`, or undefined if she is not (or no longer) registered. */
  getMemberSecretHash(doc: DocName, memberId: string): Promise<Uint8Array | undefined>;

  /**
   * Store an invite unless `doc` already has `maxActive` active ones (neither revoked nor expired
   * at `invite.createdAt`) or the code hash is taken; check and insert are atomic.
   */
  addInvite(invite: NewInvite, maxActive: number): Promise<AddInviteResult>;

  /** The invite stored under `codeHash` (expired and revoked ones too, until purged), or undefined. */
  getInvite(codeHash: Uint8Array): Promise<StoredInvite | undefined>;

  /**
   * Mark the invite revoked at `at` (the first revocation time is kept) and forget the room key it
   * held. Resolves false if there is no such invite.
   */
  revokeInvite(codeHash: Uint8Array, at: number): Promise<boolean>;

  /**
   * Forget the room key of every invite expired at `now`, and delete invites that expired before
   * `deleteExpiredBefore` (kept until then so a late redeem hears "expired", not "not found").
   */
  purgeInvites(now: number, deleteExpiredBefore: number): Promise<PurgeResult>;

  /**
   * Rotate the room key, atomically: the registered key hash becomes `rotation.keyHash`, the key
   * itself is kept for members to pick up (`getRotatedKey`), member registrations not in
   * `keepMembers` are deleted, and every invite of the room is revoked (they hold the old key).
   * Resolves false, changing nothing, if `doc` has no registered key.
   */
  rotateRoomKey(doc: DocName, rotation: KeyRotation): Promise<boolean>;

  /** The key set by the latest rotation of `doc`, or undefined if it never rotated. */
  getRotatedKey(doc: DocName): Promise<RotatedKey | undefined>;

  /**
   * Keep an attachment for the room `doc`: its bytes once per `hash` (a later put of the same hash
   * keeps the first bytes and type), and that `doc` may read it. Idempotent. The caller has checked
   * that `hash` (64 lowercase hex digits) is the SHA-256 of `bytes`. Resolves true if `doc` did not
   * hold it before. Durable when it resolves, like appendBatch.
   */
  putBlob(hash: string, doc: DocName, type: string, bytes: Uint8Array, at: number): Promise<boolean>;

  /**
   * The attachment if it was put for `doc`; undefined otherwise, also when only other rooms hold it
   * (a room's key never opens another room's attachments).
   */
  getBlob(hash: string, doc: DocName): Promise<StoredBlob | undefined>;

  /**
   * Resolves if the store can be reached now (a database server answers); for /readyz. Omitted by
   * stores inside the process, whose failures show as failed writes instead.
   */
  ping?(): Promise<void>;

  /** Release files and connections. Call after the last write has settled. */
  close(): Promise<void>;
}

/** An attachment (photo, voice note) as the relay holds it. */
export interface StoredBlob {
  /** Media type given at the first upload (one of BLOB_TYPES). */
  readonly type: string;
  readonly bytes: Uint8Array;
}

/** Times are milliseconds since the Unix epoch. */
export interface NewInvite {
  /** SHA-256 of the normalised code: the lookup key. The code itself is never stored. */
  readonly codeHash: Uint8Array;
  readonly doc: DocName;
  /** Stored in clear: redeeming hands it out (docs/THREAT-MODEL.md). */
  readonly key: RoomKey;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export interface StoredInvite {
  readonly doc: DocName;
  /** Undefined once the invite was revoked or purged after expiring: the key is forgotten then. */
  readonly key: RoomKey | undefined;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly revokedAt: number | undefined;
}

export const AddInviteStatus = { ADDED: 'added', LIMIT_REACHED: 'limit-reached', CODE_TAKEN: 'code-taken' } as const;
export type AddInviteResult =
  | { readonly status: typeof AddInviteStatus.ADDED }
  /** `nextExpiry`: when the earliest active invite of the room expires (a slot frees up). */
  | { readonly status: typeof AddInviteStatus.LIMIT_REACHED; readonly nextExpiry: number }
  | { readonly status: typeof AddInviteStatus.CODE_TAKEN };

export interface PurgeResult {
  /** Expired invites whose room key was forgotten now. */
  readonly forgotten: number;
  readonly deleted: number;
}

export interface KeyRotation {
  readonly keyHash: Uint8Array;
  /** Stored in clear until the next rotation, for kept members to pick up. */
  readonly key: RoomKey;
  readonly keepMembers: readonly string[];
  readonly rotatedAt: number;
}

export interface RotatedKey {
  readonly key: RoomKey;
  readonly rotatedAt: number;
}
