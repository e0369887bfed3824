import { describe, expect, it } from 'vitest';
import { backoffDelay, RECONNECT_TIMING, Reconnector } from '../../../src/sync/reconnect';
import { manualClock } from './manualClock';

function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] as number;
}

describe('reconnect backoff', () => {
  const { floorMs, baseMs, capMs } = RECONNECT_TIMING;

  it('grows exponentially from the floor up to the cap, with the random draw spanning the whole window', () => {
    expect(backoffDelay(1, () => 0)).toBe(floorMs);
    expect(backoffDelay(1, () => 1)).toBe(baseMs);
    expect(backoffDelay(2, () => 1)).toBe(baseMs * 2);
    expect(backoffDelay(4, () => 1)).toBe(baseMs * 8);
    expect(backoffDelay(50, () => 1)).toBe(capMs);
    expect(backoffDelay(5000, () => 0.5)).toBe(floorMs + (capMs - floorMs) / 2);
  });

  it('spreads 25 phones: the same failure count gives delays across the window, not one instant', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const delays = Array.from({ length: 25 }, () => backoffDelay(4, random));
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(1_000);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(floorMs);
  });
});

describe('Reconnector', () => {
  it('retries after each failure with a growing delay, and starts over after a connection synced', () => {
    const clock = manualClock();
    const attempts: number[] = [];
    const reconnector = new Reconnector(() => attempts.push(clock.now), { schedule: clock.schedule, random: () => 1 });

    expect(reconnector.failed()).toBe(500);
    clock.advance(10_000);
    expect(reconnector.failed()).toBe(1_000);
    clock.advance(10_000);
    expect(reconnector.failed()).toBe(2_000);
    clock.advance(10_000);
    expect(attempts).toEqual([500, 11_000, 22_000]);

    reconnector.succeeded();
    expect(reconnector.failuresInARow).toBe(0);
    expect(reconnector.failed()).toBe(500);
  });

  it('a busy refusal waits the longest delay', () => {
    const clock = manualClock();
    const reconnector = new Reconnector(() => {}, { schedule: clock.schedule, random: () => 0 });
    expect(reconnector.failed({ busy: true })).toBe(RECONNECT_TIMING.capMs);
  });

  it('online + visible + online again make one attempt, in place of the pending backoff retry', () => {
    const clock = manualClock();
    let attempts = 0;
    const reconnector = new Reconnector(() => attempts++, { schedule: clock.schedule, random: sequence(1, 0.2) });
    for (let i = 0; i < 6; i++) reconnector.failed(); // a long outage: the next retry is seconds away
    expect(reconnector.nudge()).toBe(true);
    expect(reconnector.nudge()).toBe(false);
    expect(reconnector.nudge()).toBe(false);
    expect(clock.pending).toBe(1);
    clock.advance(RECONNECT_TIMING.nudgeJitterMs);
    expect(attempts).toBe(1);
    clock.advance(60_000);
    expect(attempts).toBe(1); // the backoff retry it replaced does not run too

    // After that attempt the next nudge counts again.
    expect(reconnector.nudge()).toBe(true);
  });

  it('cancel stops the pending attempt', () => {
    const clock = manualClock();
    let attempts = 0;
    const reconnector = new Reconnector(() => attempts++, { schedule: clock.schedule, random: () => 0.5 });
    reconnector.failed();
    reconnector.cancel();
    clock.advance(60_000);
    expect(attempts).toBe(0);
    expect(reconnector.pending).toBe(false);
  });
});
