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

/**
 * Samples a process while `during` runs: CPU % over the whole period (100 % = one core) and RSS
 * every `everyMs` (peak and last).
 */
export async function sampleProcess<T>(
  pid: number,
  during: () => Promise<T>,
  everyMs = 1_000,
): Promise<{ result: T; cpuPercent: number; rssPeakMiB: number; rssEndMiB: number; seconds: number }> {
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  let rssPeak = memoryMiB(pid).rss;
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
    return {
      result,
      cpuPercent: ((cpuSeconds(pid) - cpu0) / seconds) * 100,
      rssPeakMiB: Math.max(rssPeak, rssEnd),
      rssEndMiB: rssEnd,
      seconds,
    };
  } finally {
    clearInterval(timer);
  }
}
