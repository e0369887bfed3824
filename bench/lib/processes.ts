/**
 * Every process, browser and temporary directory the bench starts is registered here, so it is
 * stopped at the end of the run, on an exception, and on Ctrl-C / SIGTERM. A benchmark that
 * leaves a relay listening would skew the next run on a shared machine.
 */
import { fork, spawn, type ChildProcess, type ForkOptions, type SpawnOptions } from 'node:child_process';
import { rmSync } from 'node:fs';

type Cleanup = () => unknown;

const cleanups = new Map<number, { label: string; fn: Cleanup; global: boolean }>();
const children = new Set<ChildProcess>();
let nextId = 1;
let installed = false;
let stopping = false;

/**
 * Registers `fn` to run at cleanup (latest first); returns a function that unregisters it.
 * `global` ones (builds shared by several measurements) survive the end of a measurement and run
 * only when the bench ends.
 */
export function onCleanup(label: string, fn: Cleanup, options: { global?: boolean } = {}): () => void {
  const id = nextId++;
  cleanups.set(id, { label, fn, global: options.global ?? false });
  return () => cleanups.delete(id);
}

/** Stops what one measurement left behind (everything but the global entries). */
export function cleanupSection(): Promise<void> {
  return runCleanups(false);
}

/** Runs every registered cleanup, latest first, each bounded in time. */
export async function cleanupAll(timeoutMs = 10_000): Promise<void> {
  await runCleanups(true, timeoutMs);
  for (const child of children) killHard(child);
}

async function runCleanups(includeGlobal: boolean, timeoutMs = 10_000): Promise<void> {
  const entries = [...cleanups.entries()].filter(([, c]) => includeGlobal || !c.global).reverse();
  for (const [id] of entries) cleanups.delete(id);
  for (const [, { label, fn }] of entries) {
    try {
      await Promise.race([
        Promise.resolve().then(fn),
        new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
      ]);
    } catch (err) {
      process.stderr.write(`[bench] cleanup "${label}" failed: ${String(err)}\n`);
    }
  }
}

function killHard(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/**
 * Ctrl-C and SIGTERM stop every child and browser before the bench exits; a plain `exit`
 * (even after an uncaught error) still SIGKILLs whatever child is left.
 */
export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      // Measurements still waiting on the workers being stopped now fail: that is expected.
      process.on('unhandledRejection', () => {});
      process.stderr.write(`\n[bench] ${signal}: stopping every process the bench started…\n`);
      void cleanupAll(5_000).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
  process.on('exit', () => {
    for (const child of children) killHard(child);
  });
}

function track(child: ChildProcess, label: string): ChildProcess {
  children.add(child);
  const unregister = onCleanup(label, () => stopChild(child));
  child.once('exit', () => {
    children.delete(child);
    unregister();
  });
  return child;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => killHard(child), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export function spawnTracked(label: string, command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  return track(spawn(command, args, options), label);
}

/** A TypeScript module of the bench run as a child with an IPC channel (`node --import tsx`). */
export function forkTs(label: string, modulePath: string, args: string[] = [], options: ForkOptions = {}): ChildProcess {
  const execArgv = ['--import', 'tsx', ...(options.execArgv ?? [])];
  return track(fork(modulePath, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], ...options, execArgv }), label);
}

/** Runs a command to completion; rejects with its output when it fails. */
export function run(label: string, command: string, args: string[], options: SpawnOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawnTracked(label, command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${label} failed (${signal ?? `exit ${String(code)}`}):\n${output.slice(-4000)}`));
    });
  });
}

/** A temporary directory removed at cleanup (at the end of the bench when `global`). */
export function removeAtCleanup(dir: string, options: { global?: boolean } = {}): void {
  onCleanup(`rm ${dir}`, () => rmSync(dir, { recursive: true, force: true }), options);
}

/** A child started with forkTs ends itself when the bench goes away (its IPC channel closes). */
export function exitWithParent(): void {
  process.on('disconnect', () => process.exit(0));
}
