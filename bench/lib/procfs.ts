/** CPU time and memory of another process, read from /proc (Linux). */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat on Linux (sysconf(_SC_CLK_TCK), 100 everywhere we run). */
const CLK_TCK = 100;

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces and parentheses: fields after it start at the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / CLK_TCK;
}

/** Resident set size and its peak so far, in MiB. */
export function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** State of a process's main thread: R running, S sleeping, D waiting on disk, … */
export function mainThreadState(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

/**
 * Pressure stall information (Linux PSI): microseconds some task waited for CPU or disk since
 * boot. Its growth over a measurement says how busy the shared machine was meanwhile.
 */
export function pressureTotals(): { cpuSome: number; ioSome: number; ioFull: number } | undefined {
  try {
    const total = (file: string, kind: 'some' | 'full'): number =>
      Number(new RegExp(`^${kind} .*total=(\\d+)`, 'm').exec(readFileSync(`/proc/pressure/${file}`, 'utf8'))?.[1] ?? NaN);
    return { cpuSome: total('cpu', 'some'), ioSome: total('io', 'some'), ioFull: total('io', 'full') };
  } catch {
    return undefined;
  }
}

/** Share of wall time (%) during which some task stalled on CPU / on disk, between two readings. */
export function pressurePercent(
  before: ReturnType<typeof pressureTotals>,
  after: ReturnType<typeof pressureTotals>,
  seconds: number,
): { cpuSome: number; ioSome: number; ioFull: number } | undefined {
  if (!before || !after || seconds <= 0) return undefined;
  const pct = (a: number, b: number): number => Math.round(((b - a) / 1e6 / seconds) * 1000) / 10;
  return { cpuSome: pct(before.cpuSome, after.cpuSome), ioSome: pct(before.ioSome, after.ioSome), ioFull: pct(before.ioFull, after.ioFull) };
}

/**
 * Samples a process while `during` runs: CPU % over the whole period (100 % = one core), RSS
 * every `everyMs` (peak and last), and its main thread's state every 10 ms (how much of the time
 * it was blocked waiting on the disk, e.g. in a synchronous fsync).
 */
export async function sampleProcess<T>(
  pid: number,
  during: () => Promise<T>,
  everyMs = 1_000,
): Promise<{ result: T; cpuPercent: number; rssPeakMiB: number; rssEndMiB: number; seconds: number; diskWaitPercent: number }> {
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  let rssPeak = memoryMiB(pid).rss;
  const states: Record<string, number> = {};
  const stateTimer = setInterval(() => {
    try {
      const state = mainThreadState(pid);
      states[state] = (states[state] ?? 0) + 1;
    } catch {
      // The process ended.
    }
  }, 10);
  const timer = setInterval(() => {
    try {
      rssPeak = Math.max(rssPeak, memoryMiB(pid).rss);
    } catch {
      // The process ended: the caller will notice.
    }
  }, everyMs);
  try {
    const result = await during();
    const seconds = (performance.now() - t0) / 1000;
    const rssEnd = memoryMiB(pid).rss;
    const samples = Object.values(states).reduce((a, b) => a + b, 0);
    return {
      result,
      cpuPercent: ((cpuSeconds(pid) - cpu0) / seconds) * 100,
      rssPeakMiB: Math.max(rssPeak, rssEnd),
      rssEndMiB: rssEnd,
      seconds,
      diskWaitPercent: samples > 0 ? ((states.D ?? 0) / samples) * 100 : Number.NaN,
    };
  } finally {
    clearInterval(timer);
    clearInterval(stateTimer);
  }
}
