/**
 * A virtual clock for one process: timers (setTimeout, setInterval) and Date.now follow virtual
 * time, which moves only when `advance` is called; sockets and the relay stay in real time.
 * It lets a client type a journal entry at a phone's pace (a key every 250 ms, for minutes) in a
 * few real seconds, with the app's own timers (COMMIT_ACK batching, awareness renewal, the
 * y-websocket watchdog) firing as often as they would at that pace.
 *
 * Install before importing anything that captures Date.now (lib0's `time.getUnixTime` does).
 * Node's own modules (net, http) use their internal timers and are not affected.
 */

interface VirtualTimer {
  id: number;
  at: number;
  fn: (...args: unknown[]) => void;
  args: unknown[];
  every?: number;
}

export class VirtualClock {
  private now = 0;
  private nextId = 1;
  private readonly timers = new Map<number, VirtualTimer>();
  private readonly base = Date.now();
  readonly real = {
    setTimeout: globalThis.setTimeout.bind(globalThis),
    setImmediate: globalThis.setImmediate.bind(globalThis),
  };

  install(): void {
    const handle = (id: number) => ({
      id,
      ref() {
        return this;
      },
      unref() {
        return this;
      },
      hasRef: () => true,
      refresh() {
        return this;
      },
      [Symbol.toPrimitive]: () => id,
    });
    const idOf = (h: unknown): number => (typeof h === 'object' && h !== null ? (h as { id: number }).id : Number(h));
    const g = globalThis as unknown as Record<string, unknown>;
    g.setTimeout = (fn: (...a: unknown[]) => void, ms = 0, ...args: unknown[]) => handle(this.add(fn, ms, args));
    g.setInterval = (fn: (...a: unknown[]) => void, ms = 0, ...args: unknown[]) => handle(this.add(fn, ms, args, true));
    g.clearTimeout = (h: unknown) => this.timers.delete(idOf(h));
    g.clearInterval = (h: unknown) => this.timers.delete(idOf(h));
    Date.now = () => this.base + Math.floor(this.now);
  }

  /** Virtual milliseconds since install. */
  get elapsed(): number {
    return this.now;
  }

  private add(fn: (...args: unknown[]) => void, ms: number, args: unknown[], repeat = false): number {
    const id = this.nextId++;
    const delay = Math.max(0, Number(ms) || 0);
    this.timers.set(id, { id, at: this.now + delay, fn, args, every: repeat ? Math.max(1, delay) : undefined });
    return id;
  }

  /** Moves virtual time forward by `ms`, firing due timers in order; real I/O runs between them. */
  async advance(ms: number): Promise<void> {
    const target = this.now + ms;
    for (;;) {
      let next: VirtualTimer | undefined;
      for (const t of this.timers.values()) if (t.at <= target && (!next || t.at < next.at || (t.at === next.at && t.id < next.id))) next = t;
      if (!next) break;
      this.now = Math.max(this.now, next.at);
      if (next.every !== undefined) next.at += next.every;
      else this.timers.delete(next.id);
      next.fn(...next.args);
      await this.yieldReal();
    }
    this.now = target;
    await this.yieldReal();
  }

  yieldReal(): Promise<void> {
    return new Promise((resolve) => this.real.setImmediate(resolve));
  }

  sleepReal(ms: number): Promise<void> {
    return new Promise((resolve) => this.real.setTimeout(resolve, ms));
  }
}
