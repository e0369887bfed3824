import type { SejawatDb, UsageRecord } from './db';

/** How long counted bytes wait in memory before one write (not one write per websocket frame). */
const FLUSH_DELAY_MS = 5_000;
/** Operators sell GB of 1024 MB. */
const BYTES_PER_GB = 1024 ** 3;

/** `YYYY-MM` of `at` in the phone's time zone: her data package renews by her calendar. */
export function monthOf(at: Date): string {
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}`;
}

/** What `bytes` cost at `pricePerGb` Rupiah per GB, rounded to the Rupiah. */
export function rupiahFor(bytes: number, pricePerGb: number): number {
  return Math.round((bytes / BYTES_PER_GB) * pricePerGb);
}

/** Adds counts to a month's record (absent = a month with nothing yet). */
export function addUsage(record: UsageRecord | undefined, month: string, sent: number, received: number): UsageRecord {
  return {
    month,
    sentBytes: (record?.sentBytes ?? 0) + sent,
    receivedBytes: (record?.receivedBytes ?? 0) + received,
  };
}

/**
 * Counts bytes that went over the network (websocket frames of every document, attachment uploads
 * and downloads) into the `usage` table, by month, in batches.
 */
export class UsageMeter {
  private sent = 0;
  private received = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: SejawatDb,
    private readonly now: () => Date = () => new Date(),
    private readonly flushDelayMs = FLUSH_DELAY_MS,
  ) {}

  record(sentBytes: number, receivedBytes: number): void {
    this.sent += sentBytes;
    this.received += receivedBytes;
    this.timer ??= setTimeout(() => void this.flush(), this.flushDelayMs);
  }

  /** The same count as `(direction, bytes)`, the shape the attachment calls report in. */
  readonly forDirection = (direction: 'sent' | 'received', bytes: number): void =>
    direction === 'sent' ? this.record(bytes, 0) : this.record(0, bytes);

  /** Writes what is counted so far (also when the page hides). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const sent = this.sent;
    const received = this.received;
    this.sent = 0;
    this.received = 0;
    if (sent === 0 && received === 0) return this.writing;
    const month = monthOf(this.now());
    this.writing = this.writing.then(() =>
      this.db
        .transaction('rw', this.db.usage, async () => {
          await this.db.usage.put(addUsage(await this.db.usage.get(month), month, sent, received));
        })
        .catch((error: unknown) => console.warn('[sejawat:store] could not record network usage', error)),
    );
    return this.writing;
  }

  /** This month's record, including what is still in memory. */
  async thisMonth(): Promise<UsageRecord> {
    await this.writing;
    const month = monthOf(this.now());
    return addUsage(await this.db.usage.get(month), month, this.sent, this.received);
  }
}

const meters = new WeakMap<SejawatDb, UsageMeter>();

/** The one meter of a device database; flushed when the page hides. */
export function usageMeterFor(db: SejawatDb): UsageMeter {
  let meter = meters.get(db);
  if (!meter) {
    const created = new UsageMeter(db);
    meter = created;
    meters.set(db, created);
    if (typeof window !== 'undefined') window.addEventListener('pagehide', () => void created.flush());
  }
  return meter;
}
