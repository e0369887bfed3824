/**
 * Which sources the bytes of a built chunk come from, read from its source map (like
 * source-map-explorer): every generated segment is attributed to its original source, and sources
 * are grouped by npm package, or by folder for our own code.
 */

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

interface RawSourceMap {
  sources: string[];
  mappings: string;
}

function decodeVlq(segment: string): number[] {
  const fields: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = DIGIT.get(char) ?? 0;
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return fields;
}

/** Every mapping segment: generated line and column, and its source index (-1: unmapped). */
function* segments(mappings: string): Generator<{ line: number; column: number; source: number }> {
  let source = 0; // relative to the previous segment across the whole map
  const lines = mappings.split(';');
  for (let line = 0; line < lines.length; line++) {
    let column = 0; // restarts on each generated line
    for (const segment of (lines[line] as string).split(',')) {
      if (segment === '') continue;
      const fields = decodeVlq(segment);
      column += fields[0] ?? 0;
      if (fields.length >= 4) {
        source += fields[1] as number;
        yield { line, column, source };
      } else yield { line, column, source: -1 };
    }
  }
}

/** Bytes of `code` per original source (unmapped bytes under "(unmapped)"). */
export function bytesPerSource(code: string, map: RawSourceMap): Map<string, number> {
  const lines = code.split('\n');
  const totals = new Map<string, number>();
  const add = (name: string, n: number): void => {
    if (n > 0) totals.set(name, (totals.get(name) ?? 0) + n);
  };
  const byLine = new Map<number, Array<{ column: number; source: number }>>();
  for (const seg of segments(map.mappings)) {
    let list = byLine.get(seg.line);
    if (!list) byLine.set(seg.line, (list = []));
    list.push({ column: seg.column, source: seg.source });
  }
  lines.forEach((text, line) => {
    const length = Buffer.byteLength(text) + 1;
    const segs = (byLine.get(line) ?? []).sort((a, b) => a.column - b.column);
    if (segs.length === 0) return add('(unmapped)', length);
    add('(unmapped)', (segs[0] as { column: number }).column);
    segs.forEach((seg, k) => {
      const end = k + 1 < segs.length ? (segs[k + 1] as { column: number }).column : length;
      const name = seg.source >= 0 ? (map.sources[seg.source] ?? '(unknown)') : '(unmapped)';
      add(name, end - seg.column);
    });
  });
  return totals;
}

/** `node_modules/@scope/pkg/...` → `@scope/pkg`; our sources → `src/<folder>`; the rest as is. */
export function groupOf(source: string): string {
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = source.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? source);
  }
  if (source.includes('bench/floor/')) return 'bench/floor';
  const src = source.indexOf('src/');
  if (src >= 0) {
    const parts = source.slice(src).split('/');
    return parts.length > 2 ? `${parts[0]}/${parts[1]}` : (parts[0] ?? source);
  }
  if (source.includes('vite') || source.startsWith('\0') || source.includes('virtual:')) return '(vite runtime)';
  return source;
}

export function bytesPerGroup(perSource: Map<string, number>): Map<string, number> {
  const groups = new Map<string, number>();
  for (const [source, n] of perSource) groups.set(groupOf(source), (groups.get(groupOf(source)) ?? 0) + n);
  return groups;
}
