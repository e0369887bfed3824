/**
 * The period a report covers: whole calendar days, `from` to `to` inclusive, as `YYYY-MM-DD` (the
 * teacher's local days, like every day in the documents). A month, a semester (Indonesian school
 * semesters: July–December and January–June) or any dates she picks.
 */
import { DomainError } from '../personal/DomainError';
import { isIsoDate, todayIso } from '../personal/isoDate';

export interface Period {
  /** First day, inclusive. */
  from: string;
  /** Last day, inclusive. */
  to: string;
}

/** A valid period, or 'invalid-date' (not days, or `to` before `from`). */
export function makePeriod(from: string, to: string): Period {
  if (!isIsoDate(from) || !isIsoDate(to)) throw new DomainError('invalid-date', `not YYYY-MM-DD days: ${String(from)} – ${String(to)}`);
  if (to < from) throw new DomainError('invalid-date', `the period ends (${to}) before it starts (${from})`);
  return { from, to };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The calendar month of a `YYYY-MM` string. */
export function monthPeriod(month: string): Period {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) throw new DomainError('invalid-date', `not a YYYY-MM month: ${month}`);
  const year = Number(match[1]);
  const m = Number(match[2]);
  return makePeriod(`${month}-01`, `${month}-${pad2(lastDayOfMonth(year, m))}`);
}

/** The school semester holding `day`: 1 July – 31 December, or 1 January – 30 June. */
export function semesterPeriod(day: string): Period {
  if (!isIsoDate(day)) throw new DomainError('invalid-date', `not a YYYY-MM-DD date: ${String(day)}`);
  const year = day.slice(0, 4);
  return Number(day.slice(5, 7)) >= 7 ? makePeriod(`${year}-07-01`, `${year}-12-31`) : makePeriod(`${year}-01-01`, `${year}-06-30`);
}

/** Whether a day lies in the period. */
export function inPeriod(period: Period, day: string): boolean {
  return day >= period.from && day <= period.to;
}

/** The months the period touches, `YYYY-MM`, in order. */
export function monthsOf(period: Period): string[] {
  const months: string[] = [];
  let year = Number(period.from.slice(0, 4));
  let month = Number(period.from.slice(5, 7));
  const last = period.to.slice(0, 7);
  for (;;) {
    const key = `${year}-${pad2(month)}`;
    months.push(key);
    if (key >= last) return months;
    month += 1;
    if (month > 12) (month = 1), (year += 1);
  }
}

const DAY_MS = 86_400_000;
/** UTC day number → the zone's offset in minutes, when it is the same all day (else absent: ask Date). */
const steadyOffsets = new Map<number, number | null>();
const dayNames = new Map<number, string>();

/**
 * The local day of a timestamp, `YYYY-MM-DD` (the phone's time zone, as the day she saw). A report reads
 * thousands of timestamps: the zone's offset is asked once per UTC day (twice, at both ends, so a day
 * with a daylight-saving change falls back to asking for each time) and each day's name made once.
 */
export function dayOfTime(ms: number): string {
  const utcDay = Math.floor(ms / DAY_MS);
  let offset = steadyOffsets.get(utcDay);
  if (offset === undefined) {
    const start = new Date(utcDay * DAY_MS).getTimezoneOffset();
    offset = start === new Date(utcDay * DAY_MS + DAY_MS - 1).getTimezoneOffset() ? start : null;
    steadyOffsets.set(utcDay, offset);
  }
  if (offset === null) return todayIso(new Date(ms));
  const localDay = Math.floor((ms - offset * 60_000) / DAY_MS);
  let name = dayNames.get(localDay);
  if (name === undefined) {
    name = new Date(localDay * DAY_MS).toISOString().slice(0, 10);
    dayNames.set(localDay, name);
  }
  return name;
}
