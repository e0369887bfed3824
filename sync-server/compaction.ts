/**
 * Compaction: replace a document's stored rows by one merged update, so loading stays one
 * `applyUpdate` instead of hundreds, and the file stops growing with every keystroke.
 */
import * as Y from 'yjs';
import { errorFields, type Logger } from './log.ts';
import type { Room } from './Room.ts';
import type { Storage } from './storage/Storage.ts';
import type { WriteQueue } from './writeQueue.ts';

export interface CompactionDeps {
  readonly storage: Storage;
  readonly queue: WriteQueue;
  readonly log: Logger;
}

/**
 * Compact `room` inside the write queue (so no append of this document runs meanwhile). Never
 * rejects: a failed compaction leaves the rows as they were, which is correct, only bigger.
 */
export function compactRoom(room: Room, { storage, queue, log }: CompactionDeps): Promise<void> {
  if (room.compacting || room.tainted || room.destroyed || room.storedSeqs.size < 2) return Promise.resolve();
  room.compacting = true;
  return queue
    .exclusive(async () => {
      if (room.tainted || room.destroyed || room.storedSeqs.size < 2) return;
      // Taken together, synchronously: the doc holds every covered row (rows are added to
      // storedSeqs only after they were applied). It may also hold updates not yet committed,
      // which is harmless: they will be appended as rows of their own, and Yjs dedupes.
      const covered = [...room.storedSeqs];
      // encodeStateAsUpdate includes pending structs and deletes (updates still missing a
      // dependency), so nothing a covered row held is dropped.
      const merged = Y.encodeStateAsUpdate(room.doc);
      const mergedSeq = await storage.compact(room.name, merged, covered);
      room.replaceStored(covered, mergedSeq);
      log.info('compacted', { doc: room.name, rows: covered.length, bytes: merged.byteLength });
    })
    .catch((err: unknown) => {
      log.error('compaction failed; stored rows kept as they were', { doc: room.name, ...errorFields(err) });
    })
    .finally(() => {
      room.compacting = false;
    });
}
