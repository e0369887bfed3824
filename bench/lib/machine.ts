/** The machine a run came from, recorded next to its figures (these machines are shared and noisy). */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { findChromiumPath } from './browser.ts';

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  chromium: string;
  loadAverage1m: number;
  date: string;
}

export function machineInfo(): MachineInfo {
  let chromium = 'not found';
  try {
    const path = findChromiumPath();
    // Debian's wrapper script prints a harmless shell warning on stderr: keep stdout only.
    chromium = execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // Left as 'not found'.
  }
  return {
    nproc: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    chromium,
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    date: new Date().toISOString(),
  };
}
