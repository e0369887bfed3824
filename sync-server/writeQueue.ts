/**
 * The single path by which updates reach storage, and the source of truth for COMMIT_ACK.
 *
 * - Group commit: updates from every room collect in one pending batch; a flush is scheduled with
 *   setImmediate, so everything that arrived in one event-loop turn shares one transaction (and
 *   one fsync).
 * - Serialized: flushes and other storage jobs (compaction) run one at a time, in order, so a
 *   compaction never races an append of the same document.
 * - Tickets: each appended update gets the next ticket. `whenCommitted(t)` resolves once every
 *   update up to ticket t is durably stored. Batches commit in ticket order, so "committed up to"
 *   is a single number.
 * - Failure keeps data: a failed batch goes back to the front of the queue (nothing is acknowledged),
 *   is logged, and is retried with exponential backoff until the disk takes it.
 */
import type { DocName } from '../src/domain/ids.ts';
import { errorFields, type Logger } from './log.ts';
import type { Storage } from './storage/Storage.ts';

interface PendingUpdate {
  readonly doc: DocName;
  readonly update: Uint8Array;
  readonly ticket: number;
  readonly onCommitted: (seq: number) => void;
}

export interface WriteQueueOptions {
  readonly storage: Storage;
  readonly log: Logger;
  /** First retry delay after a failed write; doubles on each failure up to `retryMaxMs`. */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /**
   * Checked before each commit: returns why nothing may be committed now (the fan-out to other
   * relays is unreachable), or undefined. A refusal is handled like a failed write: the batch stays
   * in memory, unacknowledged, and is retried.
   */
  readonly holdBack?: () => string | undefined;
}

export class WriteQueue {
  private readonly storage: Storage;
  private readonly log: Logger;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;

  private pending: PendingUpdate[] = [];
  private readonly pendingPerDoc = new Map<DocName, number>();
  private lastTicket = 0;
  private committedTicket = 0;
  private waiters: { ticket: number; resolve: () => void }[] = [];
  /** Chain of storage jobs; each starts when the previous one settled. */
  private tail: Promise<void> = Promise.resolve();
  private flushQueued = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private storageFailing = false;
  private readonly holdBack: () => string | undefined;

  constructor(options: WriteQueueOptions) {
    this.storage = options.storage;
    this.holdBack = options.holdBack ?? (() => undefined);
    this.log = options.log;
    this.retryBaseMs = options.retryBaseMs ?? 100;
    this.retryMaxMs = options.retryMaxMs ?? 5_000;
  }

  /**
   * Queue `update` of `doc` for the next commit. `onCommitted` receives the stored row's seq once it
   * is durable. Returns the update's ticket.
   */
  append(doc: DocName, update: Uint8Array, onCommitted: (seq: number) => void): number {
    const ticket = ++this.lastTicket;
    this.pending.push({ doc, update, ticket, onCommitted });
    this.pendingPerDoc.set(doc, (this.pendingPerDoc.get(doc) ?? 0) + 1);
    this.scheduleFlush();
    return ticket;
  }

  /** Ticket of the newest update appended so far (0 if none). */
  get latestTicket(): number {
    return this.lastTicket;
  }

  /** Updates appended but not yet committed, over all documents. */
  get pendingCount(): number {
    return this.lastTicket - this.committedTicket;
  }

  /** Updates of `doc` appended but not yet committed. A room with any is never unloaded. */
  pendingFor(doc: DocName): number {
    return this.pendingPerDoc.get(doc) ?? 0;
  }

  /** Resolves once every update up to `ticket` (default: all appended so far) is committed. */
  whenCommitted(ticket: number = this.lastTicket): Promise<void> {
    if (ticket <= this.committedTicket) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ ticket, resolve }));
  }

  /** Run `job` against storage after every job queued before it, and before any queued after. */
  exclusive<T>(job: () => Promise<T>): Promise<T> {
    const run = this.tail.then(job);
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Resolves when everything appended so far is committed and no storage job is running. */
  async drain(): Promise<void> {
    for (;;) {
      await this.whenCommitted(this.lastTicket);
      await this.tail;
      if (this.pending.length === 0) return;
    }
  }

  /** Whatever held the writes back is gone: retry now instead of after the backoff. */
  retryNow(): void {
    if (this.retryTimer === undefined) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.scheduleFlush();
  }

  /** True while the latest commit attempt failed in storage itself (readiness), not held back. */
  get failing(): boolean {
    return this.storageFailing;
  }

  /** Stop retrying (shutdown after a failed drain). Pending updates stay unacknowledged. */
  stop(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private scheduleFlush(): void {
    // While a retry is waiting, new updates ride along with it instead of hammering a failing disk.
    if (this.flushQueued || this.retryTimer !== undefined) return;
    this.flushQueued = true;
    setImmediate(() => {
      void this.exclusive(async () => {
        // Cleared when the flush starts, not when it is queued: updates arriving while this one
        // is on disk schedule the next flush (the next group).
        this.flushQueued = false;
        await this.flush();
      });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    let seqs: number[];
    try {
      const heldBack = this.holdBack();
      if (heldBack !== undefined) throw new HeldBack(heldBack);
      seqs = await this.storage.appendBatch(batch.map(({ doc, update }) => ({ doc, update })));
      if (seqs.length !== batch.length) throw new Error(`storage returned ${seqs.length} seqs for ${batch.length} updates`);
    } catch (err) {
      this.storageFailing = !(err instanceof HeldBack);
      this.pending = batch.concat(this.pending);
      this.failures++;
      const retryInMs = Math.min(this.retryBaseMs * 2 ** (this.failures - 1), this.retryMaxMs);
      this.log.error('storage write failed; keeping the batch in memory and retrying', {
        ...errorFields(err),
        updates: this.pending.length,
        attempt: this.failures,
        retryInMs,
      });
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.scheduleFlush();
      }, retryInMs);
      return;
    }
    if (this.failures > 0) this.log.info('storage write recovered', { failedAttempts: this.failures });
    this.failures = 0;
    this.storageFailing = false;

    batch.forEach((entry, i) => {
      const left = (this.pendingPerDoc.get(entry.doc) ?? 1) - 1;
      if (left > 0) this.pendingPerDoc.set(entry.doc, left);
      else this.pendingPerDoc.delete(entry.doc);
      try {
        entry.onCommitted(seqs[i] as number);
      } catch (err) {
        this.log.error('commit callback failed', { ...errorFields(err), doc: entry.doc });
      }
    });
    this.committedTicket = (batch[batch.length - 1] as PendingUpdate).ticket;
    const ready = this.waiters.filter((w) => w.ticket <= this.committedTicket);
    this.waiters = this.waiters.filter((w) => w.ticket > this.committedTicket);
    // In arrival order, so acknowledgements leave in the order they were requested.
    for (const waiter of ready) waiter.resolve();
  }
}

class HeldBack extends Error {
  override readonly name = 'HeldBack';
  constructor(why: string) {
    super(`writes held back: ${why}`);
  }
}
