/**
 * Where the relay keeps documents: an append-only log of Yjs updates per document, plus the hash
 * of each room's key. Small and async on purpose (like automerge-repo's StorageAdapterInterface):
 * SQLite implements it today, PostgreSQL later, and one conformance suite
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
import type { DocName } from '../../src/domain/ids.ts';

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

  /** Release files and connections. Call after the last write has settled. */
  close(): Promise<void>;
}
