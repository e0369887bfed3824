/**
 * 8. Thirty days apart (issue 6): two phones edit the same community document and the same journal
 * offline for a simulated month (tests/fixtures/makeMonthApart.ts: thousands of edits through the
 * domain API), then meet. Measured: the meeting itself — each side's state vector, the diff each
 * lacks, both applied — per document, median of `runs` on fresh copies. Reference, same run: opening
 * the merged document from scratch (one `applyUpdate` of its whole state into an empty Y.Doc), the
 * cost a phone pays anyway every time it opens the document.
 */
import * as Y from 'yjs';
import { makeMonthApart, meet } from '../../tests/fixtures/makeMonthApart.ts';
import type { BenchContext } from '../lib/context.ts';
import { figure, type Section } from '../lib/result.ts';
import { median } from '../lib/stats.ts';

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

export async function measureMonthApart(ctx: BenchContext): Promise<Omit<Section, 'seconds'>> {
  const days = ctx.plan.mode === 'smoke' ? 3 : 30;
  const t0 = performance.now();
  const { phones } = makeMonthApart({ days });
  const [a, b] = phones;
  const edits = a.edits + b.edits;
  ctx.log(`month apart: ${days} days, ${edits} edits generated in ${Math.round(performance.now() - t0)} ms`);

  const figures = [figure('monthApart.edits', `edits made offline on the two phones over ${days} days`, edits, 'count')];
  const details: Record<string, unknown> = { days, edits };
  for (const kind of ['community', 'journal'] as const) {
    const mergeRuns: number[] = [];
    const openRuns: number[] = [];
    let bytes = 0;
    for (let run = 0; run < ctx.plan.runs; run++) {
      const left = copyOf(a[kind]);
      const right = copyOf(b[kind]);
      const started = performance.now();
      bytes = meet(left, right).bytes;
      mergeRuns.push(performance.now() - started);
      if (JSON.stringify(left.toJSON()) !== JSON.stringify(right.toJSON())) throw new Error(`${kind}: the phones did not converge`);

      const merged = Y.encodeStateAsUpdate(left);
      const fresh = new Y.Doc();
      const opened = performance.now();
      Y.applyUpdate(fresh, merged);
      openRuns.push(performance.now() - opened);
      for (const doc of [left, right, fresh]) doc.destroy();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const label = kind === 'community' ? 'community document' : 'her journal (two phones of one teacher)';
    figures.push(
      figure(`monthApart.${kind}.merge`, `${label}: the phones meet after ${days} days (both directions)`, median(mergeRuns), 'ms', {
        reference: { label: 'opening the merged document from scratch', value: median(openRuns) },
        runs: mergeRuns,
      }),
      figure(`monthApart.${kind}.bytes`, '  bytes exchanged (what each lacked)', bytes, 'B'),
    );
    details[kind] = { mergeRuns, openRuns, bytes };
  }
  return { id: 'monthApart', title: '8. Thirty days apart', figures, details };
}
