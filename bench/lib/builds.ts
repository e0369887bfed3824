/**
 * Production builds made once per run and shared by the measurements that need them (JS weight,
 * cold start, Lighthouse): the app (`vite.config.ts`) and the dependency floor
 * (`bench/floor/vite.config.ts`). Built with source maps so the bytes can be attributed to
 * packages; the maps and their comments are then removed, which leaves the production build.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { removeAtCleanup, run } from './processes.ts';
import { bytesPerGroup, bytesPerSource } from './sourcemap.ts';

export type AppKind = 'app' | 'floor';

export interface Build {
  kind: AppKind;
  dir: string;
  seconds: number;
  /** Raw bytes per package/folder, per JS file (relative path). */
  attribution: Record<string, Record<string, number>>;
}

const VITE = join('node_modules', 'vite', 'bin', 'vite.js');
const builds = new Map<AppKind, Promise<Build>>();

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out;
}

async function buildOnce(kind: AppKind, repoRoot: string, log: (line: string) => void): Promise<Build> {
  const dir = mkdtempSync(join(tmpdir(), `sejawat-bench-${kind}-`));
  removeAtCleanup(dir, { global: true });
  const args = [VITE, 'build', '--outDir', dir, '--emptyOutDir', '--sourcemap', '--logLevel', 'warn'];
  if (kind === 'floor') args.push('--config', join('bench', 'floor', 'vite.config.ts'));
  log(`building the ${kind === 'app' ? 'app' : 'dependency floor'} (vite build)…`);
  const t0 = performance.now();
  await run(`vite build (${kind})`, process.execPath, args, { cwd: repoRoot });
  const seconds = (performance.now() - t0) / 1000;

  const attribution: Record<string, Record<string, number>> = {};
  for (const file of listFiles(dir)) {
    if (!file.endsWith('.js')) continue;
    const mapFile = `${file}.map`;
    let code = readFileSync(file, 'utf8');
    try {
      const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[]; mappings: string };
      attribution[relative(dir, file)] = Object.fromEntries(bytesPerGroup(bytesPerSource(code, map)));
    } catch {
      // No map for this file (e.g. a copied public script): nothing to attribute.
    }
    const stripped = code.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n').replace(/\n+$/, '\n');
    if (stripped !== code) {
      code = stripped;
      writeFileSync(file, code);
    }
  }
  for (const file of listFiles(dir)) if (file.endsWith('.map')) rmSync(file);
  return { kind, dir, seconds, attribution };
}

/** The build of `kind` for this run (made on first use). */
export function getBuild(kind: AppKind, repoRoot: string, log: (line: string) => void): Promise<Build> {
  let build = builds.get(kind);
  if (!build) {
    build = buildOnce(kind, repoRoot, log);
    builds.set(kind, build);
    build.catch(() => builds.delete(kind));
  }
  return build;
}
