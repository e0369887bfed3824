/** Calendar dates as `YYYY-MM-DD` strings: the day of a lesson, independent of time zones. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day `YYYY-MM-DD` between 1900-01-01 and 2999-12-31 (no 2024-02-30). */
export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && isoDateToUtcMs(value) !== undefined;
}

/** Midnight UTC of an ISO date, or undefined when the string is not a real calendar day. */
export function isoDateToUtcMs(value: string): number | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return undefined;
  const ms = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 2024-02-30 over into March; a real day survives the round trip.
  return new Date(ms).getUTCDate() === day ? ms : undefined;
}

/** The local calendar day of `now` as `YYYY-MM-DD` (the teacher's day, not UTC's). */
export function todayIso(now: Date): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1, 2)}-${pad(now.getDate(), 2)}`;
}
