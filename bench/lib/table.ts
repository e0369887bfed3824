/** Prints the results as a readable table (one block per measurement). */
import type { Figure, Section } from './result.ts';

export function formatValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  const text = value.toFixed(unit === 'count' || unit === 'score' ? 0 : digits);
  if (unit === 'count') return text;
  if (unit === 'x') return `${text}×`;
  return `${text} ${unit}`;
}

function ratioText(figure: Figure): string {
  if (figure.ratio === undefined) return '';
  if (figure.ratio === null || !Number.isFinite(figure.ratio)) return '—';
  return `${figure.ratio.toFixed(2)}×`;
}

function verdict(figure: Figure): string {
  if (!figure.target) return '';
  if (figure.target.met === null) return '?';
  return figure.target.met ? 'ok' : 'MISSED';
}

function pad(text: string, width: number, right = false): string {
  const len = [...text].length;
  if (len >= width) return text;
  return right ? ' '.repeat(width - len) + text : text + ' '.repeat(width - len);
}

/** How busy the shared machine was during a section (PSI), so a reader can discount a figure. */
function busy(section: Section): string {
  const p = section.pressure;
  return p ? `  [${section.seconds.toFixed(0)} s; machine stalled on CPU ${p.cpuSome} %, on disk ${p.ioSome} % of the time]` : '';
}

export function renderTable(sections: readonly Section[]): string {
  const header = ['figure', 'Sejawat', 'reference (same run)', 'ref value', 'ratio', 'target', ''];
  const rows: string[][] = [];
  const sectionStarts = new Set<number>();
  for (const section of sections) {
    sectionStarts.add(rows.length);
    rows.push([`${section.title}${section.error ? `  (FAILED: ${section.error.split('\n')[0] ?? ''})` : ''}${busy(section)}`]);
    for (const f of section.figures) {
      rows.push([
        `  ${f.label}`,
        f.value === null ? (f.note ? 'n/a' : '—') : formatValue(f.value, f.unit),
        f.reference?.label ?? '',
        f.reference ? formatValue(f.reference.value, f.unit) : '',
        ratioText(f),
        f.target?.text ?? '',
        verdict(f),
      ]);
      if (f.value === null && f.note) rows.push([`      ${f.note}`]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.filter((r) => r.length > 1).map((r) => [...(r[i] ?? '')].length)));
  const rightAligned = new Set([1, 3, 4]);
  const line = (cells: string[]): string => cells.map((c, i) => pad(c, widths[i] ?? 0, rightAligned.has(i))).join('  ').trimEnd();
  const out = [line(header), widths.map((w) => '─'.repeat(w)).join('  ')];
  rows.forEach((row, i) => {
    if (row.length === 1) {
      if (sectionStarts.has(i) && i > 0) out.push('');
      out.push(row[0] ?? '');
    } else out.push(line(row));
  });
  return out.join('\n');
}

/** The same table as Markdown, for docs/BENCHMARKS.md. */
export function renderMarkdown(sections: readonly Section[]): string {
  const out: string[] = [];
  for (const section of sections) {
    out.push(`**${section.title}**${section.error ? ` — failed: ${section.error.split('\n')[0] ?? ''}` : ''}${busy(section)}`, '');
    out.push('| figure | Sejawat | reference (same run) | ref value | ratio | target | |', '|---|---:|---|---:|---:|---|---|');
    for (const f of section.figures) {
      const value = f.value === null ? `n/a${f.note ? ` (${f.note})` : ''}` : formatValue(f.value, f.unit);
      out.push(
        `| ${f.label} | ${value} | ${f.reference?.label ?? ''} | ${f.reference ? formatValue(f.reference.value, f.unit) : ''} | ${ratioText(f)} | ${f.target?.text ?? ''} | ${verdict(f)} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}
