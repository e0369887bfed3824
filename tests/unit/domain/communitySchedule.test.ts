import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  archiveGroup,
  CommunityKind,
  createCommunity,
  createGroup,
  firstMeetingDate,
  getSchedule,
  isMeetingDate,
  nextMeetingDates,
  setSchedule,
  validateCommunityDoc,
  type RecordId,
  type Schedule,
} from '../../../src/domain';
import { exchange, reencode, rng } from './support';

const NOW = Date.UTC(2025, 1, 7, 6, 0);
const FRIDAY = 5;

/** Every Friday 13:00 at TK Pertiwi (issue 4's example), from Wednesday 1 January 2025. */
const WEEKLY: Schedule = { weekday: FRIDAY, time: '13:00', place: 'TK Pertiwi', everyWeeks: 1, startDate: '2025-01-01', groupId: null };

function founded(): Y.Doc {
  const doc = new Y.Doc();
  createCommunity(doc, {
    name: 'KB TK Pertiwi',
    kind: CommunityKind.IN_SCHOOL,
    focus: '',
    schools: [],
    founder: { id: 'member-rina-00001' as RecordId, name: 'Bu Rina' },
    now: NOW,
  });
  return doc;
}

describe('the next meeting dates of a schedule', () => {
  it('the first meeting is the first Friday on or after the start date', () => {
    expect(firstMeetingDate(WEEKLY)).toBe('2025-01-03');
    expect(firstMeetingDate({ ...WEEKLY, startDate: '2025-01-03' })).toBe('2025-01-03');
  });

  it('across a month end', () => {
    expect(nextMeetingDates(WEEKLY, '2025-01-25', 3)).toEqual(['2025-01-31', '2025-02-07', '2025-02-14']);
  });

  it('across a year end', () => {
    const monday: Schedule = { ...WEEKLY, weekday: 1, startDate: '2024-12-01' };
    expect(nextMeetingDates(monday, '2024-12-24', 3)).toEqual(['2024-12-30', '2025-01-06', '2025-01-13']);
  });

  it('on a leap day, and past the end of a February without one', () => {
    const thursday: Schedule = { ...WEEKLY, weekday: 4, startDate: '2024-01-01' };
    expect(nextMeetingDates(thursday, '2024-02-27', 2)).toEqual(['2024-02-29', '2024-03-07']);
    expect(nextMeetingDates(WEEKLY, '2025-02-27', 2)).toEqual(['2025-02-28', '2025-03-07']);
  });

  it('every two weeks counted from the start date, not from the day asked', () => {
    const fortnightly: Schedule = { ...WEEKLY, everyWeeks: 2, startDate: '2025-01-03' };
    expect(nextMeetingDates(fortnightly, '2025-01-10', 3)).toEqual(['2025-01-17', '2025-01-31', '2025-02-14']);
    expect(nextMeetingDates(fortnightly, '2025-01-17', 2)).toEqual(['2025-01-17', '2025-01-31']);
    expect(isMeetingDate(fortnightly, '2025-01-24')).toBe(false);
    expect(isMeetingDate(fortnightly, '2025-01-31')).toBe(true);
  });

  it('every four weeks, across a year end', () => {
    const monthly: Schedule = { ...WEEKLY, weekday: 3, everyWeeks: 4, startDate: '2024-12-18' };
    expect(nextMeetingDates(monthly, '2024-12-19', 4)).toEqual(['2025-01-15', '2025-02-12', '2025-03-12', '2025-04-09']);
  });

  it('Sunday is weekday 0; a day before the start gives the first meetings; today counts when it is a meeting day', () => {
    expect(nextMeetingDates({ ...WEEKLY, weekday: 0, startDate: '2025-03-01' }, '2025-03-01', 2)).toEqual(['2025-03-02', '2025-03-09']);
    expect(nextMeetingDates({ ...WEEKLY, everyWeeks: 2 }, '2024-06-01', 2)).toEqual(['2025-01-03', '2025-01-17']);
    expect(nextMeetingDates(WEEKLY, '2025-02-07', 1)).toEqual(['2025-02-07']);
  });

  it('works before 1970 and stops at the last representable day', () => {
    expect(nextMeetingDates({ ...WEEKLY, startDate: '1969-12-29' }, '1969-12-29', 2)).toEqual(['1970-01-02', '1970-01-09']);
    expect(nextMeetingDates({ ...WEEKLY, weekday: 6, startDate: '2999-12-20' }, '2999-12-20', 5)).toEqual(['2999-12-21', '2999-12-28']);
  });

  it('count 0 gives nothing; bad input is refused with a reason', () => {
    expect(nextMeetingDates(WEEKLY, '2025-01-01', 0)).toEqual([]);
    expect(() => nextMeetingDates(WEEKLY, '2025-13-01', 1)).toThrow(expect.objectContaining({ reason: 'invalid-date' }));
    expect(() => nextMeetingDates(WEEKLY, '2025-01-01', -1)).toThrow(expect.objectContaining({ reason: 'invalid-count' }));
    expect(() => nextMeetingDates(WEEKLY, '2025-01-01', 1.5)).toThrow(expect.objectContaining({ reason: 'invalid-count' }));
    expect(() => nextMeetingDates({ ...WEEKLY, everyWeeks: 3 as 1 }, '2025-01-01', 1)).toThrow(
      expect.objectContaining({ reason: 'invalid-schedule' }),
    );
  });

  it('agrees with walking the calendar day by day (300 seeded schedules)', () => {
    const random = rng(20250207);
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    for (let run = 0; run < 300; run++) {
      const startMs = Date.UTC(2023, 0, 1) + Math.floor(random() * 1500) * 86_400_000;
      const schedule: Schedule = {
        ...WEEKLY,
        weekday: Math.floor(random() * 7),
        everyWeeks: ([1, 2, 4] as const)[Math.floor(random() * 3)]!,
        startDate: iso(startMs),
      };
      const fromMs = startMs + Math.floor((random() - 0.3) * 400) * 86_400_000;
      const count = 1 + Math.floor(random() * 12);
      // Oracle: walk day by day from the start, counting this weekday, keeping every n-th from the first.
      const expected: string[] = [];
      let seen = 0;
      for (let day = startMs; expected.length < count; day += 86_400_000) {
        if (new Date(day).getUTCDay() !== schedule.weekday) continue;
        if (seen++ % schedule.everyWeeks === 0 && day >= fromMs) expected.push(iso(day));
      }
      expect(nextMeetingDates(schedule, iso(fromMs), count), JSON.stringify({ schedule, from: iso(fromMs) })).toEqual(expected);
    }
  });
});

describe('setting the schedule', () => {
  it('is stored and read back, the place trimmed, and the document stays valid', () => {
    const doc = founded();
    expect(getSchedule(doc)).toBeUndefined();
    setSchedule(doc, { ...WEEKLY, place: '  TK Pertiwi ' });
    expect(getSchedule(doc)).toEqual(WEEKLY);
    expect(validateCommunityDoc(doc)).toEqual([]);
  });

  it.each<[string, Partial<Schedule>]>([
    ['a weekday of 7', { weekday: 7 }],
    ['a fractional weekday', { weekday: 1.5 }],
    ['a time of 24:00', { time: '24:00' }],
    ['a time without a leading zero', { time: '9:00' }],
    ['every three weeks', { everyWeeks: 3 as 1 }],
    ['a start that is no day', { startDate: '2025-02-29' }],
    ['a place of two lines', { place: 'TK\nPertiwi' }],
  ])('refuses %s', (_label, change) => {
    const doc = founded();
    expect(() => setSchedule(doc, { ...WEEKLY, ...change })).toThrow(expect.objectContaining({ reason: 'invalid-schedule' }));
    expect(getSchedule(doc)).toBeUndefined();
  });

  it('belongs to a live group, or to the whole community', () => {
    const doc = founded();
    const group = createGroup(doc, { name: 'Kelompok 1', now: NOW });
    setSchedule(doc, { ...WEEKLY, groupId: group });
    expect(getSchedule(doc)!.groupId).toBe(group);
    archiveGroup(doc, group, NOW);
    expect(() => setSchedule(doc, { ...WEEKLY, groupId: group })).toThrow(expect.objectContaining({ reason: 'not-found' }));
  });

  it('two phones changing different fields of the schedule offline end with one whole schedule, never a mix', () => {
    // A writer of changed fields only would merge into Monday at 14:00, which neither phone chose.
    const later: Schedule = { ...WEEKLY, time: '14:00' };
    const monday: Schedule = { ...WEEKLY, weekday: 1, place: 'TK Melati' };
    for (let i = 0; i < 20; i++) {
      const a = founded();
      setSchedule(a, WEEKLY);
      const b = reencode(a);
      setSchedule(a, later);
      setSchedule(b, monday);
      exchange(a, b);
      expect(getSchedule(a)).toEqual(getSchedule(b));
      expect([later, monday]).toContainEqual(getSchedule(a));
    }
  });

  it('a damaged schedule reads as none and is reported', () => {
    const doc = founded();
    setSchedule(doc, WEEKLY);
    doc.getMap('schedule').set('time', '1pm');
    expect(getSchedule(doc)).toBeUndefined();
    expect(validateCommunityDoc(doc).map((p) => p.path)).toEqual(['schedule.time']);
  });
});
