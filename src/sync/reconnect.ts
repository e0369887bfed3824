/**
 * When to try the relay again. Without jitter every phone in a classroom reconnects in the same
 * instant when the relay comes back (y-websocket's own delay is a plain `100 ms · 2^n`), and its
 * first seconds go to 25 handshakes and 25 full syncs at once. With jitter the attempts spread out.
 *
 * Delay after the n-th failed attempt in a row (n ≥ 1): uniformly random between `floorMs` and
 * `min(capMs, baseMs · 2^(n-1))` ("full jitter", but never closer than `floorMs`, so a phone
 * never hammers). A connection that synced resets n. A refusal that says "busy" (the relay is at a
 * limit) jumps straight to the cap. Network and visibility events ask for one attempt soon
 * (`nudge`), coalesced: several events, or an event while a retry is pending, make one attempt.
 *
 * Time and randomness are injected so the policy is tested without waiting.
 */

export interface ReconnectTiming {
  /** Ceiling of the first retry; doubles with every failure in a row. */
  readonly baseMs: number;
  /** Largest ceiling. */
  readonly capMs: number;
  /** Smallest delay of any backoff retry. */
  readonly floorMs: number;
  /** A nudge (online, back to foreground) attempts within this much random delay. */
  readonly nudgeJitterMs: number;
}

export const RECONNECT_TIMING: ReconnectTiming = {
  baseMs: 500,
  capMs: 10_000,
  floorMs: 250,
  nudgeJitterMs: 500,
};

/** Schedules `run` after `ms`; returns a function that cancels it. */
export type Schedule = (run: () => void, ms: number) => () => void;

const realSchedule: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

/** The delay before retry number `failures` (≥ 1 failures in a row so far). */
export function backoffDelay(failures: number, random: () => number, timing: ReconnectTiming = RECONNECT_TIMING): number {
  const exponent = Math.max(0, failures - 1);
  // 2^exponent overflows long before it matters; the cap is reached by n = 6 with the defaults.
  const ceiling = Math.max(timing.floorMs, Math.min(timing.capMs, timing.baseMs * 2 ** Math.min(exponent, 30)));
  return timing.floorMs + random() * (ceiling - timing.floorMs);
}

export interface ReconnectorOptions {
  random?: () => number;
  schedule?: Schedule;
  timing?: ReconnectTiming;
}

export class Reconnector {
  private failures = 0;
  private cancelPending: (() => void) | undefined;
  /** The pending attempt was asked for by a nudge (a later nudge adds nothing). */
  private pendingIsNudge = false;
  private readonly random: () => number;
  private readonly schedule: Schedule;
  private readonly timing: ReconnectTiming;

  /** `attempt` opens one connection; it is called at most once per scheduled retry or nudge. */
  constructor(
    private readonly attempt: () => void,
    options: ReconnectorOptions = {},
  ) {
    this.random = options.random ?? Math.random;
    this.schedule = options.schedule ?? realSchedule;
    this.timing = options.timing ?? RECONNECT_TIMING;
  }

  /** Failures in a row since the last useful connection. */
  get failuresInARow(): number {
    return this.failures;
  }

  get pending(): boolean {
    return this.cancelPending !== undefined;
  }

  /**
   * A connection closed (or never opened) before it did useful work, or a working one dropped.
   * `busy`: the relay refused for now (a limit); wait the longest delay.
   * Returns the chosen delay.
   */
  failed(options: { busy?: boolean } = {}): number {
    this.failures++;
    const delay = options.busy === true ? this.timing.capMs : backoffDelay(this.failures, this.random, this.timing);
    this.arm(delay, false);
    return delay;
  }

  /** A connection synced: the next drop starts the backoff from the beginning. */
  succeeded(): void {
    this.failures = 0;
    this.cancel();
  }

  /**
   * The network came back or the app returned to the foreground: one attempt soon, in place of a
   * pending backoff retry; nothing more if a nudged attempt is already pending. Returns whether
   * this nudge scheduled an attempt.
   */
  nudge(): boolean {
    if (this.pendingIsNudge) return false;
    this.arm(this.random() * this.timing.nudgeJitterMs, true);
    return true;
  }

  /** No attempt until asked again (disconnected on purpose, offline, destroyed). */
  cancel(): void {
    this.cancelPending?.();
    this.cancelPending = undefined;
    this.pendingIsNudge = false;
  }

  private arm(delay: number, isNudge: boolean): void {
    this.cancel();
    this.pendingIsNudge = isNudge;
    const cancel = this.schedule(() => {
      if (this.cancelPending !== cancel) return;
      this.cancelPending = undefined;
      this.pendingIsNudge = false;
      this.attempt();
    }, delay);
    this.cancelPending = cancel;
  }
}
