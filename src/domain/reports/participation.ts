/**
 * Participation (partisipasi, seed 000's first evaluation): who took part, on which days, in what.
 * Counted per teacher (guru and fasilitator: the kepala sekolah and pengawas follow, they are not
 * counted), per month and per small group. Definitions: docs/REPORTS.md, "Participation".
 */
import type { RecordId } from '../ids';
import type { MemberView } from '../community/members';
import { Role } from '../community/schema';
import type { CommunityFacts } from './facts';
import { dayOfTime, inPeriod, monthsOf, type Period } from './period';

export interface ActivityCounts {
  /** Problems shared from a journal into the community. */
  problems: number;
  /** Whys written (not retracted). */
  whys: number;
  comments: number;
  /** Solutions proposed on a board (not retracted). */
  solutions: number;
  /** problems + whys + comments + solutions. */
  contributions: number;
  /** Times a teacher was marked present at a meeting. */
  presences: number;
}

export interface ParticipationRow extends ActivityCounts {
  memberId: RecordId;
  name: string;
  school: string;
  role: Role;
  groupId: RecordId | null;
  /** Distinct days of her journal the community can see: days of entries she shared a problem from, or linked to a trial. */
  sharedJournalDays: number;
  /** Meetings held in the period that were open to her (community-wide, or her group's), while she was a member. */
  meetingsOpen: number;
  /** Of those, the ones she was marked present at. */
  meetingsAttended: number;
}

export interface ParticipationFigures {
  rows: ParticipationRow[];
  /** Teachers who were members during the period. */
  teachers: number;
  /** Of them, those with at least one contribution or presence. */
  takingPart: number;
  meetingsHeld: number;
  /** Sum of meetingsAttended over sum of meetingsOpen, in whole percent (0 when no meeting was open). */
  attendancePercent: number;
  byMonth: Array<{ month: string; meetingsHeld: number } & ActivityCounts>;
  byGroup: Array<{ groupId: RecordId | null; name: string; teachers: number } & ActivityCounts>;
}

const TEACHER_ROLES: readonly Role[] = [Role.GURU, Role.FASILITATOR];

const zero = (): ActivityCounts => ({ problems: 0, whys: 0, comments: 0, solutions: 0, contributions: 0, presences: 0 });

/** Whether she was a member on `day`: joined on or before it, not gone before it. */
export function memberOnDay(member: MemberView, day: string): boolean {
  if (dayOfTime(member.joinedAt) > day) return false;
  const gone = member.leftAt ?? member.removedAt;
  return gone === undefined || dayOfTime(gone) >= day;
}

/** Teachers (guru, fasilitator) who were members at some day of the period, by name. */
export function teachersIn(facts: CommunityFacts, period: Period): MemberView[] {
  return facts.members.filter((m) => {
    if (!TEACHER_ROLES.includes(m.role)) return false;
    if (dayOfTime(m.joinedAt) > period.to) return false;
    const gone = m.leftAt ?? m.removedAt;
    return gone === undefined || dayOfTime(gone) >= period.from;
  });
}

export function participation(facts: CommunityFacts, period: Period, ungroupedName: string): ParticipationFigures {
  const teachers = teachersIn(facts, period);
  const rowOf = new Map<RecordId, ParticipationRow>();
  const journalDays = new Map<RecordId, Set<string>>();
  for (const m of teachers) {
    rowOf.set(m.id, { memberId: m.id, name: m.name, school: m.school, role: m.role, groupId: m.groupId, sharedJournalDays: 0, meetingsOpen: 0, meetingsAttended: 0, ...zero() });
    journalDays.set(m.id, new Set());
  }
  const months = monthsOf(period);
  const byMonth = new Map(months.map((month) => [month, { month, meetingsHeld: 0, ...zero() }]));
  const groupKey = (g: RecordId | null) => g ?? '';
  const byGroup = new Map<string, { groupId: RecordId | null; name: string; teachers: number } & ActivityCounts>();
  for (const m of teachers) {
    const key = groupKey(m.groupId);
    const group = byGroup.get(key) ?? { groupId: m.groupId, name: m.groupId === null ? ungroupedName : (facts.groupNames.get(m.groupId) ?? ungroupedName), teachers: 0, ...zero() };
    group.teachers += 1;
    byGroup.set(key, group);
  }

  const count = (memberId: RecordId, day: string, field: 'problems' | 'whys' | 'comments' | 'solutions') => {
    if (!inPeriod(period, day)) return;
    const row = rowOf.get(memberId);
    if (!row) return;
    row[field] += 1;
    row.contributions += 1;
    const month = byMonth.get(day.slice(0, 7))!;
    month[field] += 1;
    month.contributions += 1;
    const group = byGroup.get(groupKey(row.groupId))!;
    group[field] += 1;
    group.contributions += 1;
  };

  for (const p of facts.problems) {
    count(p.authorId, p.day, 'problems');
    if (inPeriod(period, p.sourceDate)) journalDays.get(p.authorId)?.add(p.sourceDate);
  }
  for (const w of facts.whys) count(w.authorId, w.day, 'whys');
  for (const c of facts.comments) count(c.authorId, c.day, 'comments');
  for (const s of facts.solutions) count(s.proposedBy, s.day, 'solutions');
  for (const t of facts.trials) {
    const days = journalDays.get(t.memberId);
    if (days) for (const d of t.entryDays) if (inPeriod(period, d)) days.add(d);
  }

  let meetingsHeld = 0;
  let seats = 0;
  let attended = 0;
  for (const meeting of facts.meetings) {
    if (!inPeriod(period, meeting.date)) continue;
    meetingsHeld += 1;
    const month = byMonth.get(meeting.date.slice(0, 7))!;
    month.meetingsHeld += 1;
    const present = new Set(meeting.present);
    for (const m of teachers) {
      if (meeting.groupId !== null && m.groupId !== meeting.groupId) continue;
      if (!memberOnDay(m, meeting.date)) continue;
      const row = rowOf.get(m.id)!;
      row.meetingsOpen += 1;
      seats += 1;
      if (!present.has(m.id)) continue;
      row.meetingsAttended += 1;
      row.presences += 1;
      attended += 1;
      month.presences += 1;
      byGroup.get(groupKey(m.groupId))!.presences += 1;
    }
  }
  for (const row of rowOf.values()) row.sharedJournalDays = journalDays.get(row.memberId)!.size;

  const rows = [...rowOf.values()];
  return {
    rows,
    teachers: rows.length,
    takingPart: rows.filter((r) => r.contributions > 0 || r.presences > 0).length,
    meetingsHeld,
    attendancePercent: seats === 0 ? 0 : Math.round((100 * attended) / seats),
    byMonth: months.map((m) => byMonth.get(m)!),
    byGroup: [...byGroup.values()].sort((a, b) => (a.groupId === null ? 1 : b.groupId === null ? -1 : a.name.localeCompare(b.name, 'id', { numeric: true }))),
  };
}
