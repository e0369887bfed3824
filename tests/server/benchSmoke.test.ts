/**
 * `npm run bench -- --smoke` proves the benchmark harness works: it starts real relays (ours and
 * the stock reference), workers and clients, measures, stops everything, and writes its JSON.
 * Only the structure is checked; benchmarks never fail on a number (docs/BENCHMARKS.md). The
 * browser measurements (cold start, Lighthouse) and the builds are left to `npm run bench`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECTIONS = ['openYear', 'wire', 'relayLoad', 'idleRooms', 'wave', 'monthApart'];

interface Figure {
  id: string;
  label: string;
  value: number | null;
  unit: string;
  note?: string;
  reference?: { label: string; value: number | null };
}
interface Results {
  mode: string;
  machine: { nproc: number; node: string };
  sections: Array<{ id: string; figures: Figure[]; error?: string }>;
}

const dir = mkdtempSync(join(tmpdir(), 'sejawat-bench-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run bench -- --smoke', () => {
  it('measures every Node-side figure next to its reference and writes them all as JSON', async () => {
    const out = join(dir, 'bench-results.json');
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'bench/run.ts', '--smoke', `--only=${SECTIONS.join(',')}`, `--out=${out}`, '--no-json'],
        { cwd: REPO_ROOT, timeout: 150_000, maxBuffer: 16 * 1024 * 1024 },
        (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out)),
      );
    });
    expect(stdout).toContain('Relay under load');

    const results = JSON.parse(readFileSync(out, 'utf8')) as Results;
    expect(results.mode).toBe('smoke');
    expect(results.machine.nproc).toBeGreaterThan(0);
    expect(results.sections.map((s) => s.id)).toEqual(SECTIONS);
    for (const section of results.sections) {
      expect(section.error, `${section.id} failed`).toBeUndefined();
      expect(section.figures.length).toBeGreaterThan(0);
      for (const f of section.figures) {
        // A figure is a finite number, or explicitly not measurable with a reason.
        if (f.value === null) expect(f.note, `${f.id} has no value and no reason`).toBeTruthy();
        else expect(Number.isFinite(f.value), `${f.id} = ${String(f.value)}`).toBe(true);
        if (f.reference && f.reference.value !== null) expect(Number.isFinite(f.reference.value)).toBe(true);
      }
    }
    const ids = results.sections.flatMap((s) => s.figures.map((f) => f.id));
    for (const id of ['year.community.open', 'year.personal.open', 'wire.day', 'wire.week', 'wire.photo', 'wire.typical', 'relay.p99', 'idle.heapPerRoom', 'wave.holding.allDone', 'monthApart.community.merge']) {
      expect(ids).toContain(id);
    }
    // The load reached the clients (how fast is the bench's business, not the test's).
    const delivered = results.sections.find((s) => s.id === 'relayLoad')?.figures.find((f) => f.id === 'relay.delivered');
    expect(delivered?.value).toBeGreaterThan(0);
  }, 180_000);
});
