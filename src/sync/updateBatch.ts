import * as Y from 'yjs';
import type { Schedule } from './reconnect';

/**
 * When local changes go to the relay. y-websocket sends every Yjs update as its own frame, which
 * for typing is one frame per key (the bench counted 37× the typed bytes on the wire). Here the
 * updates of a burst are merged (`Y.mergeUpdates`) and sent as one: when she pauses for `idleMs`,
 * or at the latest `maxWaitMs` after the first unsent change while she keeps typing. The owner
 * flushes at once whenever waiting would be wrong (before a COMMIT_ACK request, when the page is
 * hidden or goes away).
 *
 * Only the wire waits: IndexedDB (y-indexeddb and the unload journal) stores every key at once,
 * so nothing she types is ever only in this buffer.
 *
 * Time is injected so the policy is tested without waiting.
 */

export interface BatchTiming {
  /** Send when no change came for this long. */
  readonly idleMs: number;
  /** Send at the latest this long after the first unsent change. */
  readonly maxWaitMs: number;
}

/** A phone typist leaves 125–375 ms between keys: a shorter idle would send most keys alone. */
export const BATCH_TIMING: BatchTiming = { idleMs: 400, maxWaitMs: 1_000 };

export interface UpdateBatcherOptions {
  schedule?: Schedule;
  timing?: BatchTiming;
}

const realSchedule: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

export class UpdateBatcher {
  private pending: Uint8Array[] = [];
  private cancelIdle: (() => void) | undefined;
  private cancelMax: (() => void) | undefined;
  private readonly schedule: Schedule;
  private readonly timing: BatchTiming;

  /** `send` gets one (merged) update; it decides what to do when there is no connection. */
  constructor(
    private readonly send: (update: Uint8Array) => void,
    options: UpdateBatcherOptions = {},
  ) {
    this.schedule = options.schedule ?? realSchedule;
    this.timing = options.timing ?? BATCH_TIMING;
  }

  /** Unsent updates are waiting. */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  add(update: Uint8Array): void {
    this.pending.push(update);
    this.cancelIdle?.();
    this.cancelIdle = this.schedule(() => this.flush(), this.timing.idleMs);
    this.cancelMax ??= this.schedule(() => this.flush(), this.timing.maxWaitMs);
  }

  /** Sends what is waiting now, as one update (nothing if nothing waits). */
  flush(): void {
    const updates = this.pending;
    this.discard();
    if (updates.length === 0) return;
    this.send(updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
  }

  /** Forgets what is waiting (something else carries it, e.g. the reply to the relay's sync step 1). */
  discard(): void {
    this.pending = [];
    this.cancelIdle?.();
    this.cancelMax?.();
    this.cancelIdle = undefined;
    this.cancelMax = undefined;
  }
}
