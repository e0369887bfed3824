/**
 * The next meeting days of a schedule. Pure calendar arithmetic on `YYYY-MM-DD` days: no clock, no
 * time zone (a day number is midnight UTC divided by a day, so month ends, year ends and leap days
 * fall out of the calendar itself).
 */
import { DomainError } from '../personal/DomainError';
import { isoDateToUtcMs } from '../personal/isoDate';
import { isValidSchedule, type Schedule } from './schedule';

const DAY_MS = 86_400_000;
/** Most dates one call returns (ten years of weekly meetings). */
export const MAX_MEETING_DATES = 520;
/** Last day a date can be (isoDate.ts accepts up to 2999-12-31). */
const LAST_DAY = Date.UTC(2999, 11, 31) / DAY_MS;

function dayNumber(iso: string): number | undefined {
  const ms = isoDateToUtcMs(iso);
  return ms === undefined ? undefined : ms / DAY_MS;
}

function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The first meeting day: the first `weekday` on or after `startDate`. */
export function firstMeetingDate(schedule: Schedule): string {
  if (!isValidSchedule(schedule)) throw new DomainError('invalid-schedule', 'not a valid schedule');
  const start = dayNumber(schedule.startDate)!;
  // 1970-01-01 (day 0) was a Thursday (4); days before 1970 are negative, hence the double modulo.
  const weekday = (((start + 4) % 7) + 7) % 7;
  return isoOfDay(start + ((schedule.weekday - weekday + 7) % 7));
}

/**
 * The next `count` meeting days on or after `fromIsoDate`: the first `weekday` on or after
 * `startDate`, then every `everyWeeks` weeks from it (a from-date before the start gives the first
 * meetings). Stops early at 2999-12-31. Throws 'invalid-schedule', 'invalid-date' (from) and
 * 'invalid-count' (count not an integer from 0 to MAX_MEETING_DATES).
 */
export function nextMeetingDates(schedule: Schedule, fromIsoDate: string, count: number): string[] {
  const first = dayNumber(firstMeetingDate(schedule))!;
  const from = dayNumber(fromIsoDate);
  if (from === undefined) throw new DomainError('invalid-date', `not a YYYY-MM-DD date: ${String(fromIsoDate)}`);
  if (!Number.isInteger(count) || count < 0 || count > MAX_MEETING_DATES) {
    throw new DomainError('invalid-count', `count is an integer from 0 to ${MAX_MEETING_DATES}`);
  }
  const period = 7 * schedule.everyWeeks;
  const steps = from <= first ? 0 : Math.ceil((from - first) / period);
  const dates: string[] = [];
  for (let day = first + steps * period; dates.length < count && day <= LAST_DAY; day += period) {
    dates.push(isoOfDay(day));
  }
  return dates;
}

/** Whether `isoDate` is one of the schedule's meeting days. */
export function isMeetingDate(schedule: Schedule, isoDate: string): boolean {
  return nextMeetingDates(schedule, isoDate, 1)[0] === isoDate;
}
