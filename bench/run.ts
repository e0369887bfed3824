/**
 * `npm run bench`: measures what teachers feel, each figure next to a reference measured in the
 * same run on the same machine (these machines are shared and noisy), medians of several runs.
 * Prints a table and writes bench-results.json. Benchmarks are not tests: nothing here fails on a
 * number. See docs/BENCHMARKS.md.
 *
 *   npm run bench                      full run (a few minutes)
 *   npm run bench -- --quick           fewer clients, seconds and runs
 *   npm run bench -- --smoke           proves the harness works (seconds); numbers mean nothing
 *   npm run bench -- --only=wire,wave  some measurements only
 *   npm run bench -- --head            measure the last commit, in a snapshot (others may be
 *                                      editing this work tree while the bench builds and runs it)
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from './lib/context.ts';
import { machineInfo } from './lib/machine.ts';
import { parseArgs, type SectionId } from './lib/plan.ts';
import { cleanupAll, cleanupSection, installSignalHandlers } from './lib/processes.ts';
import { pressurePercent, pressureTotals } from './lib/procfs.ts';
import type { Section } from './lib/result.ts';
import { renderTable } from './lib/table.ts';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

type Measure = (ctx: BenchContext) => Promise<Omit<Section, 'seconds'>>;

/** Loaded on demand, so `--only=openYear` does not load Playwright or Lighthouse. */
const MEASUREMENTS: Record<SectionId, { title: string; load: () => Promise<Measure> }> = {
  jsWeight: { title: '1. JavaScript weight', load: async () => (await import('./measure/jsWeight.ts')).measureJsWeight },
  openYear: { title: '2. Opening a year', load: async () => (await import('./measure/openYear.ts')).measureOpenYear },
  coldStart: { title: '3. Cold start in Chromium', load: async () => (await import('./measure/coldStart.ts')).measureColdStart },
  wire: { title: '4. Bytes on the wire', load: async () => (await import('./measure/wire.ts')).measureWire },
  relayLoad: { title: '5. Relay under load', load: async () => (await import('./measure/relayLoad.ts')).measureRelayLoad },
  idleRooms: { title: '5b. Memory per idle room', load: async () => (await import('./measure/idleRooms.ts')).measureIdleRooms },
  wave: { title: '6. School Wi-Fi wave', load: async () => (await import('./measure/wave.ts')).measureWave },
  lighthouse: { title: '7. Lighthouse', load: async () => (await import('./measure/lighthouse.ts')).measureLighthouse },
  monthApart: { title: '8. Thirty days apart', load: async () => (await import('./measure/monthApart.ts')).measureMonthApart },
  scaleRamp: { title: '9. Scale-out ramp', load: async () => (await import('./measure/scaleRamp.ts')).measureScaleRamp },
};

/** The commit measured, and whether the work tree had changes (the figures are of the work tree). */
function source(): { commit: string; dirty: boolean } {
  // A --head run has no .git in its snapshot: the parent says what it measured.
  if (process.env.SEJAWAT_BENCH_SOURCE) return JSON.parse(process.env.SEJAWAT_BENCH_SOURCE) as { commit: string; dirty: boolean };
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return { commit: 'unknown', dirty: true };
  }
}

/**
 * `--head`: runs this same bench inside a snapshot of HEAD (git archive, node_modules linked), so
 * half-saved files of whoever else works in this tree are neither built nor started.
 */
function runFromHead(argv: string[]): void {
  const snapshot = mkdtempSync(join(tmpdir(), 'sejawat-bench-head-'));
  execFileSync('sh', ['-c', `git archive HEAD | tar -x -C '${snapshot}'`], { cwd: REPO_ROOT });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(snapshot, 'node_modules'));
  const args = argv.filter((a) => a !== '--head');
  if (!args.some((a) => a.startsWith('--out='))) args.push(`--out=${join(REPO_ROOT, 'bench-results.json')}`);
  const measured = JSON.stringify({ ...source(), dirty: false });
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], {
    cwd: snapshot,
    stdio: 'inherit',
    env: { ...process.env, SEJAWAT_BENCH_SOURCE: measured },
  });
  const remove = (): void => rmSync(snapshot, { recursive: true, force: true });
  // The child gets Ctrl-C from the terminal too; it stops its own processes, then we clean up.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    remove();
    process.exit(code ?? (signal ? 1 : 0));
  });
}

async function main(): Promise<void> {
  if (process.argv.includes('--head')) return runFromHead(process.argv.slice(2));
  installSignalHandlers();
  let args;
  try {
    args = parseArgs(process.argv.slice(2), REPO_ROOT);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  const started = performance.now();
  const log = (line: string): void => {
    process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  };
  const machine = machineInfo();
  log(`mode ${args.plan.mode}; ${machine.nproc} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.chromium}; load ${machine.loadAverage1m}`);
  const ctx: BenchContext = { plan: args.plan, repoRoot: REPO_ROOT, log };

  const sections: Section[] = [];
  for (const id of args.sections) {
    const { title, load } = MEASUREMENTS[id];
    log(`── ${title}`);
    const t0 = performance.now();
    const p0 = pressureTotals();
    const took = (): { seconds: number; pressure?: ReturnType<typeof pressurePercent> } => {
      const seconds = (performance.now() - t0) / 1000;
      return { seconds, pressure: pressurePercent(p0, pressureTotals(), seconds) };
    };
    try {
      const measure = await load();
      const section = await measure(ctx);
      sections.push({ ...section, ...took() });
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      log(`${title} failed: ${message}`);
      sections.push({ id, title, figures: [], details: {}, ...took(), error: message });
    } finally {
      await cleanupSection();
    }
    const last = sections[sections.length - 1];
    if (last?.pressure) log(`machine meanwhile: CPU pressure ${last.pressure.cpuSome} %, disk pressure ${last.pressure.ioSome} % (PSI "some")`);
  }
  await cleanupAll();

  const results = {
    mode: args.plan.mode,
    source: source(),
    machine,
    plan: args.plan,
    totalSeconds: (performance.now() - started) / 1000,
    sections,
  };
  writeFileSync(args.out, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`\n${renderTable(sections)}\n\n`);
  process.stdout.write(
    `machine: ${machine.nproc} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.chromium}, ` +
      `load ${machine.loadAverage1m} at start; mode ${args.plan.mode}; ${results.totalSeconds.toFixed(0)} s\n`,
  );
  process.stdout.write(`results: ${args.out}\n`);
  if (args.printJson) process.stdout.write(`${JSON.stringify({ mode: results.mode, machine, sections: sections.map(({ details: _d, ...s }) => s) })}\n`);
  process.exit(0);
}

void main().catch(async (err: unknown) => {
  process.stderr.write(`[bench] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  await cleanupAll();
  process.exit(1);
});
