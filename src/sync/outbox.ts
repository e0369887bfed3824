/**
 * The attachment outbox: uploads every queued (hash, room) pair (src/store/blobs.ts) to the relay
 * when the network and the teacher's data-saver choice allow, and retries with growing delays.
 *
 * One upload: ask `policy.mayUpload(size)`; `HEAD` the blob for the room (held already: done, no
 * bytes sent, e.g. after an answer lost on a weak link); else `PUT` the bytes. The relay answers
 * `blob-not-referenced` while the room's document on the relay does not yet mention the hash (the
 * document update is still on its way): the outbox retries soon, and at once when `kick(doc)` says
 * the document was confirmed synced.
 */
import type { DocName } from '../domain/ids';
import { RelayApiReason } from '../domain/protocol';
import { markUploaded, markUploadFailed, pendingUploads } from '../store/blobs';
import type { OutboxRecord, SejawatDb } from '../store/db';
import { headBlob, putBlob, type ByteMeter } from './blobApi';
import { appNetworkPolicy, type NetworkPolicy } from './networkPolicy';
import { usageMeterFor } from '../store/usage';

export interface OutboxOptions {
  db: SejawatDb;
  relayUrl: string;
  /** Default: the app's policy at each pass (her data-saver settings). */
  policy?: NetworkPolicy;
  now?: () => number;
  meter?: ByteMeter;
}

export interface OutboxPass {
  /** Confirmed by the relay in this pass (uploaded, or found already held). */
  sent: number;
  /** Failed now; will be retried later. */
  failed: number;
  /** Not tried: the network policy said not now (data saver). */
  deferred: number;
  /** The network is down: the pass stopped early. */
  offline: boolean;
}

/** Delay before retrying after `attempts` failures. The document racing the photo resolves quickly. */
export function retryDelayMs(attempts: number, reason: string): number {
  const n = Math.max(0, Math.min(attempts, 20));
  if (reason === RelayApiReason.BLOB_NOT_REFERENCED) return Math.min(2_000 * 2 ** n, 60_000);
  return Math.min(5_000 * 2 ** n, 10 * 60_000);
}

/**
 * One pass over the uploads that are due (`nextAttemptAt` passed; for `urgentDoc`, also those that
 * only waited for that room's document).
 */
export async function runOutboxOnce(options: OutboxOptions, urgentDoc?: DocName): Promise<OutboxPass> {
  const { db, relayUrl } = options;
  // Her Hemat kuota / wait-for-Wi-Fi settings, and her monthly usage count, unless a caller (a test) gives its own.
  const policy = options.policy ?? appNetworkPolicy();
  const meter = options.meter ?? usageMeterFor(db).forDirection;
  const now = options.now ?? Date.now;
  const pass: OutboxPass = { sent: 0, failed: 0, deferred: 0, offline: false };
  for (const record of await pendingUploads(db)) {
    if (!isDue(record, now(), urgentDoc)) continue;
    const id = record.id as number;
    const room = await db.rooms.get(record.doc);
    const blob = await db.blobs.get(record.hash);
    if (!room || !blob) {
      // A room she left, or bytes gone from the phone: nothing to send; say so and look again later.
      await markUploadFailed(db, id, room ? 'missing-on-phone' : 'no-key', now() + retryDelayMs(record.attempts, ''));
      pass.failed++;
      continue;
    }
    if (!policy.mayUpload(blob.size)) {
      pass.deferred++;
      continue;
    }
    const head = await headBlob(relayUrl, record.hash, record.doc, room.key);
    let outcome = head.ok && head.value === 'held' ? ({ ok: true } as const) : head;
    if (head.ok && head.value === 'missing') outcome = await putBlob(relayUrl, record.hash, record.doc, room.key, blob.bytes, meter);
    if (outcome.ok) {
      await markUploaded(db, id, now());
      pass.sent++;
    } else if (outcome.reason === 'offline') {
      pass.offline = true;
      break;
    } else {
      await markUploadFailed(db, id, outcome.reason, now() + retryDelayMs(record.attempts, outcome.reason));
      pass.failed++;
    }
  }
  return pass;
}

function isDue(record: OutboxRecord, now: number, urgentDoc: DocName | undefined): boolean {
  if (record.nextAttemptAt === undefined || record.nextAttemptAt <= now) return true;
  return record.doc === urgentDoc && record.lastError === RelayApiReason.BLOB_NOT_REFERENCED;
}

/** While uploads wait for the network policy or the network, look again this often. */
const IDLE_CHECK_MS = 30_000;

/**
 * Runs passes: at start, when the browser comes online, when `kick` is called (a new attachment, a
 * document confirmed synced, a data-saver change), and when the earliest retry is due.
 * One pass at a time; a kick during a pass runs another right after.
 */
export class Outbox {
  private running: Promise<void> | undefined;
  private again = false;
  private urgent: DocName | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = true;
  private readonly listeners = new Set<(pass: OutboxPass) => void>();
  private readonly onOnline = (): void => this.kick();

  constructor(private readonly options: OutboxOptions) {}

  /** The byte meter uploads report to; downloads use it too. */
  get meter(): ByteMeter {
    return this.options.meter ?? usageMeterFor(this.options.db).forDirection;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    globalThis.addEventListener?.('online', this.onOnline);
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    globalThis.removeEventListener?.('online', this.onOnline);
    clearTimeout(this.timer);
  }

  /** Called after each pass (e.g. to refresh a screen). */
  onPass(listener: (pass: OutboxPass) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Run a pass soon; with `doc`, also retry uploads that waited for that room's document. */
  kick(doc?: DocName): void {
    if (this.stopped) return;
    if (doc !== undefined) this.urgent = doc;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves when no pass is running (tests). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      const urgent = this.urgent;
      this.urgent = undefined;
      let pass: OutboxPass;
      try {
        pass = await runOutboxOnce(this.options, urgent);
      } catch {
        // IndexedDB closed under us (tab closing) or a bug: try again later rather than never.
        pass = { sent: 0, failed: 0, deferred: 0, offline: true };
      }
      for (const listener of this.listeners) listener(pass);
      if (!this.again && !this.stopped) await this.schedule(pass);
    } while (this.again && !this.stopped);
  }

  private async schedule(pass: OutboxPass): Promise<void> {
    const pending = await pendingUploads(this.options.db).catch(() => [] as OutboxRecord[]);
    if (pending.length === 0) return;
    const now = (this.options.now ?? Date.now)();
    const retries = pending.map((record) => record.nextAttemptAt ?? now);
    let wait = Math.max(0, Math.min(...retries) - now);
    if (pass.offline || pass.deferred > 0) wait = Math.max(wait, IDLE_CHECK_MS);
    wait = Math.max(wait, 250);
    this.timer = setTimeout(() => this.kick(), wait);
  }
}
