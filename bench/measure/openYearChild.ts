/**
 * One cold opening, in a fresh process (`node --expose-gc`), as a phone opens the app: the code is
 * not yet optimised and the heap holds nothing else.
 *
 *   node --expose-gc --import tsx bench/measure/openYearChild.ts <v1|v2> <update file> <personal|community> <json file>
 *
 * Prints one JSON line: time to apply the update into a fresh Y.Doc, the heap it holds, the first
 * query a screen runs (the journal list), and the reference: JSON.parse of the same content.
 */
import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { listJournalEntries } from '../../src/domain/index.ts';

const [format, updateFile, kind, jsonFile] = process.argv.slice(2) as [string, string, string, string];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const heapAfterGc = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const bytes = new Uint8Array(readFileSync(updateFile));
const jsonText = readFileSync(jsonFile, 'utf8');

const heap0 = heapAfterGc();
const t0 = performance.now();
const doc = new Y.Doc();
if (format === 'v2') Y.applyUpdateV2(doc, bytes);
else Y.applyUpdate(doc, bytes);
const applyMs = performance.now() - t0;
let listMs: number | null = null;
let listed = 0;
if (kind === 'personal') {
  const t1 = performance.now();
  listed = listJournalEntries(doc).length;
  listMs = performance.now() - t1;
}
const heap1 = heapAfterGc();

const t2 = performance.now();
const parsed = JSON.parse(jsonText) as unknown;
const jsonParseMs = performance.now() - t2;
const heap2 = heapAfterGc();

process.stdout.write(
  JSON.stringify({
    applyMs,
    listMs,
    listed,
    heapDeltaMiB: (heap1 - heap0) / 1024 / 1024,
    jsonParseMs,
    jsonHeapMiB: (heap2 - heap1) / 1024 / 1024,
    keep: doc.share.size + (parsed === null ? 0 : 1),
  }) + '\n',
);
