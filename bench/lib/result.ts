/** What every measurement returns: figures side by side with a reference measured in the same run. */

export type Unit = 'kB' | 'B' | 'ms' | 's' | 'MiB' | 'KiB' | '%' | 'score' | '/s' | 'x' | 'count';

export interface Target {
  /** Human wording, e.g. "≤ 1.3× floor". */
  text: string;
  /** null when the figure or its reference could not be measured. */
  met: boolean | null;
}

export interface Figure {
  /** Stable key in bench-results.json, e.g. `js.firstScreen.gzip`. */
  id: string;
  label: string;
  /** null: not measurable (yet); `note` says why. */
  value: number | null;
  unit: Unit;
  reference?: { label: string; value: number | null };
  /** value / reference.value, when both are numbers. */
  ratio?: number | null;
  target?: Target;
  /** Every run behind a median. */
  runs?: number[];
  note?: string;
}

export interface Section {
  id: string;
  title: string;
  figures: Figure[];
  /** Anything else worth keeping in the JSON (per-run data, breakdowns, profiles). */
  details: Record<string, unknown>;
  seconds: number;
  /** How busy the shared machine was meanwhile: % of time some task stalled on CPU / disk (PSI). */
  pressure?: { cpuSome: number; ioSome: number; ioFull: number };
  /** Set when the measurement itself failed; the other sections still run. */
  error?: string;
}

export interface FigureOptions {
  reference?: { label: string; value: number | null };
  target?: { text: string; test: (value: number, ratio: number | null) => boolean };
  runs?: number[];
  note?: string;
}

export function figure(id: string, label: string, value: number | null, unit: Unit, options: FigureOptions = {}): Figure {
  const ref = options.reference?.value;
  const ratio = value !== null && Number.isFinite(value) && typeof ref === 'number' && ref !== 0 ? value / ref : options.reference ? null : undefined;
  const out: Figure = { id, label, value: value !== null && Number.isFinite(value) ? value : null, unit };
  if (options.reference) out.reference = options.reference;
  if (ratio !== undefined) out.ratio = ratio;
  if (options.target) {
    out.target = {
      text: options.target.text,
      met: out.value === null ? null : options.target.test(out.value, ratio ?? null),
    };
  }
  if (options.runs) out.runs = options.runs;
  if (options.note) out.note = options.note;
  return out;
}

/** A figure that cannot be measured yet (a screen or feature that does not exist). */
export function notYet(id: string, label: string, unit: Unit, why: string, target?: string): Figure {
  const out: Figure = { id, label, value: null, unit, note: why };
  if (target) out.target = { text: target, met: null };
  return out;
}
