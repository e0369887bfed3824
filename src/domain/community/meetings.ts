/**
 * Meetings (pertemuan): when and where, agenda, minutes (notulen) and decisions co-edited live as
 * `Y.Text`, and attendance (kehadiran): one entry per member, so a member marking herself present
 * offline and another editing the minutes merge without touching each other.
 */
import * as Y from 'yjs';
import { newRecordId, type RecordId } from '../ids';
import { DomainError } from '../personal/DomainError';
import { isIsoDate } from '../personal/isoDate';
import type { SchemaProblem } from '../personal/schema';
import {
  compareCodeUnits,
  isGroupRef,
  isRecordIdLike,
  isLine,
  isTimestamp,
  normalizeLine,
  PLACE_MAX,
  Problems,
  requireRecordId,
  requireTimestamp,
} from './fields';
import { isLiveGroup } from './groupRecord';
import { inspectMember, membersOf } from './members';
import { isTimeOfDay } from './schedule';
import { CommunityRoot, MEETING_TEXT_FIELDS, MeetingKey } from './schema';

export interface Attendance {
  present: boolean;
  at: number;
  /** Who marked it: herself, or the member taking the register. */
  by: RecordId;
}

export interface MeetingView {
  id: RecordId;
  date: string;
  /** `HH:MM`, or `''` when not set. */
  time: string;
  place: string;
  groupId: RecordId | null;
  agenda: Y.Text;
  minutes: Y.Text;
  decisions: Y.Text;
  /** Member id → her attendance. Damaged entries are left out. */
  attendance: Map<RecordId, Attendance>;
  createdAt: number;
  /** Who created it; null for the meeting of a scheduled day (scheduledMeeting.ts), made by no one phone. */
  createdBy: RecordId | null;
}

export interface MeetingSummary {
  id: RecordId;
  date: string;
  time: string;
  place: string;
  groupId: RecordId | null;
  presentCount: number;
}

/** `attendance.<memberId>` fields. */
export const AttendanceKey = { PRESENT: 'present', AT: 'at', BY: 'by' } as const;

export function meetingsOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(CommunityRoot.MEETINGS);
}

/** A meeting time: `HH:MM`, or `''` for "not set". */
export function isMeetingTime(value: unknown): value is string {
  return value === '' || isTimeOfDay(value);
}

function readAttendance(value: unknown): Attendance | undefined {
  if (typeof value !== 'object' || value === null || value instanceof Y.AbstractType) return undefined;
  const entry = value as Record<string, unknown>;
  const { present, at, by } = { present: entry[AttendanceKey.PRESENT], at: entry[AttendanceKey.AT], by: entry[AttendanceKey.BY] };
  if (typeof present !== 'boolean' || !isTimestamp(at) || !isRecordIdLike(by)) return undefined;
  return { present, at, by };
}

/**
 * The meeting if the record under `key` is valid, and every problem found. A damaged attendance entry
 * is reported but does not hide the meeting (the view leaves it out).
 */
export function inspectMeeting(key: string, value: unknown): { meeting?: MeetingView; problems: SchemaProblem[] } {
  const problems = new Problems(`${CommunityRoot.MEETINGS}.${key}`);
  const record = problems.record(key, value);
  if (!record) return { problems: problems.list };
  const date = record.get(MeetingKey.DATE);
  if (!isIsoDate(date)) problems.add(MeetingKey.DATE, 'not a YYYY-MM-DD date');
  const time = record.get(MeetingKey.TIME);
  if (!isMeetingTime(time)) problems.add(MeetingKey.TIME, "not HH:MM or ''");
  const place = record.get(MeetingKey.PLACE);
  if (!isLine(place, 0, PLACE_MAX)) problems.add(MeetingKey.PLACE, `not a trimmed line of at most ${PLACE_MAX} characters`);
  const groupId = record.get(MeetingKey.GROUP_ID);
  if (!isGroupRef(groupId)) problems.add(MeetingKey.GROUP_ID, 'not a group id or null');
  const texts = MEETING_TEXT_FIELDS.map((field) => problems.text(record, field));
  const attendanceMap = record.get(MeetingKey.ATTENDANCE);
  if (!(attendanceMap instanceof Y.Map)) {
    problems.add(MeetingKey.ATTENDANCE, attendanceMap === undefined ? 'missing Y.Map' : 'not a Y.Map');
  }
  const createdAt = problems.timestamp(record, MeetingKey.CREATED_AT);
  const createdBy = record.get(MeetingKey.CREATED_BY);
  if (createdBy !== null && !isRecordIdLike(createdBy)) problems.add(MeetingKey.CREATED_BY, 'not a member id or null');
  if (problems.list.length > 0) return { problems: problems.list };
  const attendance = new Map<RecordId, Attendance>();
  const entryProblems: SchemaProblem[] = [];
  (attendanceMap as Y.Map<unknown>).forEach((entry, memberId) => {
    const read = readAttendance(entry);
    if (read && isRecordIdLike(memberId)) attendance.set(memberId, read);
    else entryProblems.push({ path: `${problems.at}.${MeetingKey.ATTENDANCE}.${memberId}`, problem: 'not { present, at, by }' });
  });
  const [agenda, minutes, decisions] = texts as [Y.Text, Y.Text, Y.Text];
  return {
    meeting: {
      id: key as RecordId,
      date: date as string,
      time: time as string,
      place: place as string,
      groupId: groupId as RecordId | null,
      agenda,
      minutes,
      decisions,
      attendance,
      createdAt: createdAt!,
      createdBy: createdBy as RecordId | null,
    },
    problems: entryProblems.sort((a, b) => compareCodeUnits(a.path, b.path)),
  };
}

/** A complete meeting record, not yet in a document. */
export function newMeetingRecord(input: {
  id: RecordId;
  date: string;
  time: string;
  place: string;
  groupId: RecordId | null;
  createdAt: number;
  createdBy: RecordId | null;
}): Y.Map<unknown> {
  const record = new Y.Map<unknown>();
  // This order is part of what scheduledMeeting.ts's deterministic write produces: do not reorder.
  record.set(MeetingKey.ID, input.id);
  record.set(MeetingKey.DATE, input.date);
  record.set(MeetingKey.TIME, input.time);
  record.set(MeetingKey.PLACE, input.place);
  record.set(MeetingKey.GROUP_ID, input.groupId);
  for (const field of MEETING_TEXT_FIELDS) record.set(field, new Y.Text());
  record.set(MeetingKey.ATTENDANCE, new Y.Map<unknown>());
  record.set(MeetingKey.CREATED_AT, input.createdAt);
  record.set(MeetingKey.CREATED_BY, input.createdBy);
  return record;
}

function requireTime(time: unknown): string {
  if (!isMeetingTime(time)) throw new DomainError('invalid-time', `not a time HH:MM: ${String(time)}`);
  return time;
}

function requirePlace(place: unknown): string {
  const normalized = normalizeLine(place, 0, PLACE_MAX);
  if (normalized === undefined) throw new DomainError('invalid-text', `a place has at most ${PLACE_MAX} characters on one line`);
  return normalized;
}

/**
 * Creates a meeting with empty agenda, minutes, decisions and attendance, and returns its id.
 * Idempotent on an explicit `id`. `time` and `place` default to `''`. For the meeting of a scheduled
 * day, prefer openScheduledMeeting: phones that open it offline make the same record.
 * Throws 'invalid-date', 'invalid-time', 'invalid-text' (place), 'not-found' (group), 'invalid-id'.
 */
export function createMeeting(
  doc: Y.Doc,
  input: { date: string; time?: string; place?: string; groupId?: RecordId | null; now: number; by: RecordId; id?: RecordId },
): RecordId {
  if (!isIsoDate(input.date)) throw new DomainError('invalid-date', `not a YYYY-MM-DD date: ${String(input.date)}`);
  const time = requireTime(input.time ?? '');
  const place = requirePlace(input.place ?? '');
  const groupId = input.groupId ?? null;
  if (groupId !== null && !isLiveGroup(doc, groupId)) throw new DomainError('not-found', `no group ${groupId}`);
  const now = requireTimestamp(input.now);
  const by = requireRecordId(input.by, 'by');
  const id = requireRecordId(input.id ?? newRecordId(), 'meeting id');
  const meetings = meetingsOf(doc);
  if (meetings.has(id)) return id;
  const record = newMeetingRecord({ id, date: input.date, time, place, groupId, createdAt: now, createdBy: by });
  doc.transact(() => meetings.set(id, record));
  return id;
}

/** A valid meeting with its live texts and attendance, or undefined. */
export function getMeeting(doc: Y.Doc, id: RecordId): MeetingView | undefined {
  return inspectMeeting(id, meetingsOf(doc).get(id)).meeting;
}

/** Valid meetings, newest first: later date, later time, later createdAt, then id. */
export function listMeetings(doc: Y.Doc): MeetingSummary[] {
  const meetings: Array<MeetingSummary & { createdAt: number }> = [];
  meetingsOf(doc).forEach((value, key) => {
    const { meeting } = inspectMeeting(key, value);
    if (!meeting) return;
    let presentCount = 0;
    for (const entry of meeting.attendance.values()) if (entry.present) presentCount += 1;
    const { id, date, time, place, groupId, createdAt } = meeting;
    meetings.push({ id, date, time, place, groupId, presentCount, createdAt });
  });
  return meetings
    .sort(
      (a, b) =>
        compareCodeUnits(b.date, a.date) ||
        compareCodeUnits(b.time, a.time) ||
        b.createdAt - a.createdAt ||
        compareCodeUnits(a.id, b.id),
    )
    .map(({ createdAt: _createdAt, ...summary }) => summary);
}

/**
 * Marks a member present or absent: `attendance.<memberId> = { present, at: now, by }`. Former members
 * can be marked too (a register filled in late). Two phones marking the same member offline: one
 * mark wins, as a `Y.Map` key does. Throws 'not-found' (meeting or member), 'invalid-id', 'invalid-date'.
 */
export function markAttendance(doc: Y.Doc, meetingId: RecordId, memberId: RecordId, present: boolean, by: RecordId, now: number): void {
  requireRecordId(by, 'by');
  requireTimestamp(now);
  const meeting = getMeeting(doc, meetingId);
  if (!meeting) throw new DomainError('not-found', `no meeting ${meetingId}`);
  if (!inspectMember(memberId, membersOf(doc).get(memberId)).member) throw new DomainError('not-found', `no member ${memberId}`);
  const attendance = (meetingsOf(doc).get(meetingId) as Y.Map<unknown>).get(MeetingKey.ATTENDANCE) as Y.Map<unknown>;
  doc.transact(() =>
    attendance.set(memberId, { [AttendanceKey.PRESENT]: present === true, [AttendanceKey.AT]: now, [AttendanceKey.BY]: by }),
  );
}

/** Changes when or where a meeting is. Throws 'invalid-date', 'invalid-time', 'invalid-text', 'not-found'. */
export function setMeetingDetails(doc: Y.Doc, id: RecordId, details: { date?: string; time?: string; place?: string }): void {
  if (details.date !== undefined && !isIsoDate(details.date)) throw new DomainError('invalid-date', `not a YYYY-MM-DD date: ${details.date}`);
  const time = details.time === undefined ? undefined : requireTime(details.time);
  const place = details.place === undefined ? undefined : requirePlace(details.place);
  if (!getMeeting(doc, id)) throw new DomainError('not-found', `no meeting ${id}`);
  const record = meetingsOf(doc).get(id) as Y.Map<unknown>;
  doc.transact(() => {
    if (details.date !== undefined) record.set(MeetingKey.DATE, details.date);
    if (time !== undefined) record.set(MeetingKey.TIME, time);
    if (place !== undefined) record.set(MeetingKey.PLACE, place);
  });
}
