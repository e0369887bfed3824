/**
 * Prints a results file as Markdown, for docs/BENCHMARKS.md:
 *
 *   node --import tsx bench/report.ts [bench-results.json]
 */
import { readFileSync } from 'node:fs';
import type { MachineInfo } from './lib/machine.ts';
import type { Section } from './lib/result.ts';
import { renderMarkdown } from './lib/table.ts';

const file = process.argv[2] ?? 'bench-results.json';
const results = JSON.parse(readFileSync(file, 'utf8')) as {
  mode: string;
  source?: { commit: string; dirty: boolean };
  machine: MachineInfo;
  totalSeconds: number;
  sections: Section[];
};
const m = results.machine;
process.stdout.write(
  `Run of ${m.date.slice(0, 16).replace('T', ' ')} UTC, mode \`${results.mode}\`, commit ${results.source?.commit ?? '?'}` +
    `${results.source?.dirty ? ' (with uncommitted changes)' : ''}, ${Math.round(results.totalSeconds)} s. ` +
    `Machine: ${m.nproc} cores (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.chromium}; load average ${m.loadAverage1m} at the start.\n\n`,
);
process.stdout.write(renderMarkdown(results.sections));
