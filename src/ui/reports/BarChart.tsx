/**
 * A small accessible bar chart: SVG with role="img" and an aria-label that says every number, the
 * numbers written beside the bars, and bars told apart by pattern (solid, hatched, dotted), never by
 * colour alone, so it reads in black and white on paper and by a screen reader.
 */
export interface Bar {
  label: string;
  value: number;
}

const PATTERNS = ['solid', 'hatch', 'dots'] as const;
export type BarPattern = (typeof PATTERNS)[number];

const ROW = 26;
const LABEL_W = 120;
const BAR_W = 170;
const NUMBER_W = 50;

/** Definitions shared by every chart on the page (one <svg> holds them). */
export function ChartPatterns() {
  return (
    <svg width="0" height="0" aria-hidden="true" focusable="false" style="position:absolute">
      <defs>
        <pattern id="bar-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#ffffff" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#0f766e" stroke-width="3" />
        </pattern>
        <pattern id="bar-dots" width="6" height="6" patternUnits="userSpaceOnUse">
          <rect width="6" height="6" fill="#ffffff" />
          <circle cx="3" cy="3" r="1.6" fill="#1d2b2a" />
        </pattern>
      </defs>
    </svg>
  );
}

const fillOf = (pattern: BarPattern) => (pattern === 'solid' ? '#0f766e' : `url(#bar-${pattern})`);

/** Horizontal bars, one row per item, each with its number beside it. */
export function BarChart({ title, bars, pattern = 'solid', unit = '' }: { title: string; bars: readonly Bar[]; pattern?: BarPattern; unit?: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * ROW + 4;
  const summary = `${title}: ${bars.map((b) => `${b.label} ${b.value}${unit}`).join(', ')}`;
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg role="img" aria-label={summary} viewBox={`0 0 ${LABEL_W + BAR_W + NUMBER_W} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
        {bars.map((b, i) => {
          const y = i * ROW + 2;
          const w = Math.round((BAR_W * b.value) / max);
          return (
            <g key={b.label}>
              <text x={LABEL_W - 6} y={y + 16} text-anchor="end" class="chart-label">{b.label}</text>
              <rect x={LABEL_W} y={y + 3} width={BAR_W} height={ROW - 8} fill="none" stroke="#cfd9d6" />
              {w > 0 && <rect x={LABEL_W} y={y + 3} width={w} height={ROW - 8} fill={fillOf(pattern)} stroke="#1d2b2a" stroke-width="0.5" />}
              <text x={LABEL_W + BAR_W + 6} y={y + 16} class="chart-number">{`${b.value}${unit}`}</text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
