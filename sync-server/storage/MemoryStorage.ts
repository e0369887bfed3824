/**
 * Storage in process memory: for tests and for trying the relay without a disk. Loses everything
 * when the process ends, so it must never be the default.
 */
import type { DocName } from '../../src/domain/ids.ts';
import type { AppendEntry, Storage, StoredUpdate } from './Storage.ts';

export class MemoryStorage implements Storage {
  private readonly updates = new Map<DocName, StoredUpdate[]>();
  private readonly keyHashes = new Map<DocName, Uint8Array>();
  private nextSeq = 1;
  private closed = false;

  async loadUpdates(doc: DocName): Promise<StoredUpdate[]> {
    this.assertOpen();
    return (this.updates.get(doc) ?? []).map((row) => ({ seq: row.seq, update: copy(row.update) }));
  }

  async appendBatch(entries: readonly AppendEntry[]): Promise<number[]> {
    this.assertOpen();
    return entries.map(({ doc, update }) => {
      const seq = this.nextSeq++;
      this.rows(doc).push({ seq, update: copy(update) });
      return seq;
    });
  }

  async compact(doc: DocName, merged: Uint8Array, covered: readonly number[]): Promise<number> {
    this.assertOpen();
    const drop = new Set(covered);
    const seq = this.nextSeq++;
    const kept = this.rows(doc).filter((row) => !drop.has(row.seq));
    kept.push({ seq, update: copy(merged) });
    this.updates.set(doc, kept);
    return seq;
  }

  async getKeyHash(doc: DocName): Promise<Uint8Array | undefined> {
    this.assertOpen();
    const hash = this.keyHashes.get(doc);
    return hash === undefined ? undefined : copy(hash);
  }

  async registerKeyHash(doc: DocName, hash: Uint8Array): Promise<Uint8Array> {
    this.assertOpen();
    if (!this.keyHashes.has(doc)) this.keyHashes.set(doc, copy(hash));
    return copy(this.keyHashes.get(doc) as Uint8Array);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private rows(doc: DocName): StoredUpdate[] {
    let rows = this.updates.get(doc);
    if (rows === undefined) {
      rows = [];
      this.updates.set(doc, rows);
    }
    return rows;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('storage is closed');
  }
}

/**
 * A real copy. The caller's bytes may be a view into a larger websocket frame, or a Node Buffer,
 * whose `slice()` shares memory instead of copying.
 */
function copy(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}
