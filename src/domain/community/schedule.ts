/**
 * The meeting schedule (jadwal pertemuan): one recurring slot, e.g. every Friday 13:00 at TK Pertiwi,
 * every one, two or four weeks counted from a start date, for the whole community or one group.
 */
import type * as Y from 'yjs';
import type { RecordId } from '../ids';
import { DomainError } from '../personal/DomainError';
import { isIsoDate } from '../personal/isoDate';
import type { SchemaProblem } from '../personal/schema';
import { isGroupRef, isLine, PLACE_MAX } from './fields';
import { isLiveGroup } from './groupRecord';
import { CommunityRoot, EVERY_WEEKS, ScheduleKey, type EveryWeeks } from './schema';

export interface Schedule {
  /** Day of the week, 0 = Minggu (Sunday) … 6 = Sabtu (Saturday), as `Date.getUTCDay()`. */
  weekday: number;
  /** Local time of day, `HH:MM` (24 hours). */
  time: string;
  /** Where (may be empty, e.g. for an online community). */
  place: string;
  everyWeeks: EveryWeeks;
  /** `YYYY-MM-DD`: the first meeting is the first `weekday` on or after this day. */
  startDate: string;
  /** The group that meets, or null for the whole community. */
  groupId: RecordId | null;
}

export type ScheduleField = keyof Schedule;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** True for a time of day `HH:MM`, 00:00 to 23:59. */
export function isTimeOfDay(value: unknown): value is string {
  return typeof value === 'string' && TIME.test(value);
}

/** What is wrong with a schedule's fields (shape only; whether the group exists is checked on write). */
export function scheduleProblems(schedule: Record<string, unknown>): ScheduleField[] {
  const problems: ScheduleField[] = [];
  const weekday = schedule.weekday;
  if (typeof weekday !== 'number' || !Number.isInteger(weekday) || weekday < 0 || weekday > 6) problems.push('weekday');
  if (!isTimeOfDay(schedule.time)) problems.push('time');
  if (!isLine(schedule.place, 0, PLACE_MAX)) problems.push('place');
  if (!(EVERY_WEEKS as readonly unknown[]).includes(schedule.everyWeeks)) problems.push('everyWeeks');
  if (!isIsoDate(schedule.startDate)) problems.push('startDate');
  if (!isGroupRef(schedule.groupId)) problems.push('groupId');
  return problems;
}

export function isValidSchedule(schedule: unknown): schedule is Schedule {
  return typeof schedule === 'object' && schedule !== null && scheduleProblems(schedule as Record<string, unknown>).length === 0;
}

function scheduleOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(CommunityRoot.SCHEDULE);
}

/**
 * Sets the schedule. The place is trimmed first. Throws DomainError('invalid-schedule') naming the
 * fields that are wrong, 'not-found' for a group that is not live.
 */
export function setSchedule(doc: Y.Doc, schedule: Schedule): void {
  const candidate = { ...schedule, place: typeof schedule.place === 'string' ? schedule.place.trim() : schedule.place };
  const problems = scheduleProblems(candidate);
  if (problems.length > 0) throw new DomainError('invalid-schedule', `the schedule has a bad ${problems.join(', ')}`);
  if (candidate.groupId !== null && !isLiveGroup(doc, candidate.groupId)) {
    throw new DomainError('not-found', `no group ${candidate.groupId}`);
  }
  const map = scheduleOf(doc);
  doc.transact(() => {
    // Every key is written, changed or not: when two phones set a schedule offline, Yjs resolves each
    // key the same way (by client id), so one phone's whole schedule wins and no mix of the two
    // (Monday from one, 13:00 from the other) can appear.
    map.set(ScheduleKey.WEEKDAY, candidate.weekday);
    map.set(ScheduleKey.TIME, candidate.time);
    map.set(ScheduleKey.PLACE, candidate.place);
    map.set(ScheduleKey.EVERY_WEEKS, candidate.everyWeeks);
    map.set(ScheduleKey.START_DATE, candidate.startDate);
    map.set(ScheduleKey.GROUP_ID, candidate.groupId);
  });
}

/** The schedule, or undefined when none is set or it is damaged. */
export function getSchedule(doc: Y.Doc): Schedule | undefined {
  const map = scheduleOf(doc);
  if (map.size === 0) return undefined;
  const schedule = {
    weekday: map.get(ScheduleKey.WEEKDAY),
    time: map.get(ScheduleKey.TIME),
    place: map.get(ScheduleKey.PLACE),
    everyWeeks: map.get(ScheduleKey.EVERY_WEEKS),
    startDate: map.get(ScheduleKey.START_DATE),
    groupId: map.get(ScheduleKey.GROUP_ID),
  };
  return isValidSchedule(schedule) ? schedule : undefined;
}

/** Problems of the `schedule` map (validation): `[]` when it is empty or valid. */
export function inspectSchedule(doc: Y.Doc): SchemaProblem[] {
  const map = scheduleOf(doc);
  if (map.size === 0) return [];
  const values = Object.fromEntries(Object.values(ScheduleKey).map((key) => [key, map.get(key)]));
  return scheduleProblems(values).map((field) => ({ path: `${CommunityRoot.SCHEDULE}.${field}`, problem: 'missing or invalid' }));
}
