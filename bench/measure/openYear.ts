/**
 * 2. Opening a year: how big a year of documents is, and how long a phone takes to open one.
 * Reference: JSON.parse of the same content (what a plain, history-free store would load),
 * measured in the same fresh processes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as Y from 'yjs';
import { sizesOf } from '../lib/compress.ts';
import type { BenchContext } from '../lib/context.ts';
import { removeAtCleanup } from '../lib/processes.ts';
import { figure, type Figure, type Section } from '../lib/result.ts';
import { median, round } from '../lib/stats.ts';
import { loadFixtures } from '../fixtures/cache.ts';

const CHILD = fileURLToPath(new URL('./openYearChild.ts', import.meta.url));
const execFileAsync = promisify(execFile);

interface ChildResult {
  applyMs: number;
  listMs: number | null;
  listed: number;
  heapDeltaMiB: number;
  jsonParseMs: number;
  jsonHeapMiB: number;
}

async function openOnce(format: 'v1' | 'v2', file: string, kind: 'personal' | 'community', jsonFile: string): Promise<ChildResult> {
  const { stdout } = await execFileAsync(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, format, file, kind, jsonFile], {
    timeout: 120_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ChildResult;
}

const kB = (bytes: number): number => bytes / 1000;

/**
 * The document's content as plain JSON. Top-level types read back from an update are untyped
 * until asked for: every top-level type of these fixtures is a Y.Map.
 */
export function contentJson(doc: Y.Doc): string {
  const out: Record<string, unknown> = {};
  for (const name of [...doc.share.keys()]) out[name] = doc.getMap(name).toJSON();
  return JSON.stringify(out);
}

function describe(doc: Y.Doc, v1: Uint8Array): Record<string, number> {
  const v2 = Y.encodeStateAsUpdateV2(doc);
  const json = contentJson(doc);
  const s1 = sizesOf(v1);
  const s2 = sizesOf(v2);
  const sj = sizesOf(Buffer.from(json));
  return {
    v1: s1.raw,
    v1Gzip: s1.gzip,
    v2: s2.raw,
    v2Gzip: s2.gzip,
    json: sj.raw,
    jsonGzip: sj.gzip,
    stateVector: Y.encodeStateVector(doc).byteLength,
    clients: Y.decodeStateVector(Y.encodeStateVector(doc)).size,
    deleteSetBytes: Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc)).byteLength,
  };
}

export async function measureOpenYear({ plan, log }: BenchContext): Promise<Omit<Section, 'seconds'>> {
  const fixtures = loadFixtures(plan.fixture, log);
  const dir = mkdtempSync(join(tmpdir(), 'sejawat-bench-year-'));
  removeAtCleanup(dir);

  const docs = {
    community: { bytes: fixtures.community, label: 'community-year' },
    personal: { bytes: fixtures.personal[0] as Uint8Array, label: 'personal year' },
  } as const;
  const figures: Figure[] = [];
  const details: Record<string, unknown> = { fixtureGeneratedSeconds: round(fixtures.generatedSeconds), fixture: plan.fixture };

  for (const kind of ['community', 'personal'] as const) {
    const { bytes, label } = docs[kind];
    const doc = new Y.Doc();
    Y.applyUpdate(doc, bytes);
    const size = describe(doc, bytes);
    const files = { v1: join(dir, `${kind}.v1`), v2: join(dir, `${kind}.v2`), json: join(dir, `${kind}.json`) };
    writeFileSync(files.v1, bytes);
    writeFileSync(files.v2, Y.encodeStateAsUpdateV2(doc));
    writeFileSync(files.json, contentJson(doc));

    const v1Runs: ChildResult[] = [];
    const v2Runs: ChildResult[] = [];
    for (let i = 0; i < plan.runs; i++) {
      // Interleaved, so a burst of load on this shared machine hits both formats alike.
      v1Runs.push(await openOnce('v1', files.v1, kind, files.json));
      v2Runs.push(await openOnce('v2', files.v2, kind, files.json));
    }
    const jsonParse = v1Runs.map((r) => r.jsonParseMs).concat(v2Runs.map((r) => r.jsonParseMs));
    const jsonRef = { label: 'JSON.parse of the content', value: median(jsonParse) };
    const opened = v1Runs.map((r) => r.applyMs + (r.listMs ?? 0));
    const targetMs = kind === 'community' ? 300 : 100;

    figures.push(
      figure(`year.${kind}.v1`, `${label}: encoded v1`, kB(size.v1 as number), 'kB', { reference: { label: 'JSON of the content', value: kB(size.json as number) } }),
      figure(`year.${kind}.v1Gzip`, `${label}: v1 gzip`, kB(size.v1Gzip as number), 'kB', { reference: { label: 'JSON gzip', value: kB(size.jsonGzip as number) } }),
      figure(`year.${kind}.v2`, `${label}: encoded v2`, kB(size.v2 as number), 'kB', { reference: { label: 'v1', value: kB(size.v1 as number) } }),
      figure(`year.${kind}.v2Gzip`, `${label}: v2 gzip`, kB(size.v2Gzip as number), 'kB', { reference: { label: 'v1 gzip', value: kB(size.v1Gzip as number) } }),
      figure(`year.${kind}.applyV1`, `${label}: cold applyUpdate (v1)`, median(v1Runs.map((r) => r.applyMs)), 'ms', {
        reference: jsonRef,
        runs: v1Runs.map((r) => round(r.applyMs)),
      }),
      figure(`year.${kind}.applyV2`, `${label}: cold applyUpdateV2`, median(v2Runs.map((r) => r.applyMs)), 'ms', {
        reference: { label: 'v1', value: median(v1Runs.map((r) => r.applyMs)) },
        runs: v2Runs.map((r) => round(r.applyMs)),
      }),
    );
    if (kind === 'personal') {
      figures.push(
        figure(`year.personal.open`, `${label}: open (apply v1 + journal list)`, median(opened), 'ms', {
          reference: jsonRef,
          target: { text: '< 100 ms', test: (v) => v < 100 },
          runs: opened.map((v) => round(v)),
        }),
      );
    } else {
      figures.push(
        figure(`year.community.open`, `${label}: open (apply v1)`, median(opened), 'ms', {
          reference: jsonRef,
          target: { text: '< 300 ms', test: (v) => v < 300 },
          runs: opened.map((v) => round(v)),
          note: 'no community screen exists yet (issue 5): the open is the applyUpdate alone',
        }),
      );
    }
    figures.push(
      figure(`year.${kind}.heap`, `${label}: heap held after open`, median(v1Runs.map((r) => r.heapDeltaMiB)), 'MiB', {
        reference: { label: 'heap of the parsed JSON', value: median(v1Runs.map((r) => r.jsonHeapMiB)) },
      }),
    );
    details[kind] = { sizes: size, v1Runs, v2Runs, entriesListed: v1Runs[0]?.listed };
  }
  return { id: 'openYear', title: '2. Opening a year (fresh process per run, this machine)', figures, details };
}
