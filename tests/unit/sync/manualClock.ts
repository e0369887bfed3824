import type { Schedule } from '../../../src/sync/reconnect';

/** A clock the test advances by hand. */
export function manualClock() {
  let now = 0;
  const timers = new Set<{ at: number; run: () => void }>();
  const schedule: Schedule = (run, ms) => {
    const timer = { at: now + ms, run };
    timers.add(timer);
    return () => timers.delete(timer);
  };
  return {
    schedule,
    get pending() {
      return timers.size;
    },
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...timers].filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        timers.delete(due);
        now = due.at;
        due.run();
      }
      now = until;
    },
    get now() {
      return now;
    },
  };
}
