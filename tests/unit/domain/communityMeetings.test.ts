import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addMember,
  CommunityKind,
  createCommunity,
  createGroup,
  createMeeting,
  getMeeting,
  listMeetings,
  markAttendance,
  openScheduledMeeting,
  removeMember,
  SCHEDULED_MEETING_ORIGIN,
  scheduledMeetingId,
  setMeetingDetails,
  setSchedule,
  validateCommunityDoc,
  type RecordId,
} from '../../../src/domain';
import { exchange, reencode } from './support';

const NOW = Date.UTC(2025, 1, 7, 6, 0);
const RINA = 'member-rina-00001' as RecordId;
const SARI = 'member-sari-00001' as RecordId;
const DEWI = 'member-dewi-00001' as RecordId;

function founded(): Y.Doc {
  const doc = new Y.Doc();
  createCommunity(doc, {
    name: 'KB TK Pertiwi',
    kind: CommunityKind.IN_SCHOOL,
    focus: '',
    schools: ['TK Pertiwi'],
    founder: { id: RINA, name: 'Bu Rina' },
    now: NOW,
  });
  addMember(doc, { id: SARI, name: 'Bu Sari', now: NOW });
  addMember(doc, { id: DEWI, name: 'Bu Dewi', now: NOW });
  return doc;
}

describe('meetings', () => {
  it('a new meeting has its day, time and place, empty texts and no attendance', () => {
    const doc = founded();
    const id = createMeeting(doc, { date: '2025-02-07', time: '13:00', place: ' TK Pertiwi ', now: NOW, by: RINA });
    const meeting = getMeeting(doc, id)!;
    expect(meeting).toMatchObject({ id, date: '2025-02-07', time: '13:00', place: 'TK Pertiwi', groupId: null, createdAt: NOW, createdBy: RINA });
    for (const text of [meeting.agenda, meeting.minutes, meeting.decisions]) {
      expect(text).toBeInstanceOf(Y.Text);
      expect(text.toString()).toBe('');
    }
    expect(meeting.attendance.size).toBe(0);
    expect(validateCommunityDoc(doc)).toEqual([]);
  });

  it('time and place may be left empty; a bad day, time or group is refused', () => {
    const doc = founded();
    expect(getMeeting(doc, createMeeting(doc, { date: '2025-02-07', now: NOW, by: RINA }))).toMatchObject({ time: '', place: '' });
    expect(() => createMeeting(doc, { date: '7/2/2025', now: NOW, by: RINA })).toThrow(expect.objectContaining({ reason: 'invalid-date' }));
    expect(() => createMeeting(doc, { date: '2025-02-07', time: '1 siang', now: NOW, by: RINA })).toThrow(
      expect.objectContaining({ reason: 'invalid-time' }),
    );
    expect(() => createMeeting(doc, { date: '2025-02-07', groupId: 'no-group-000001' as RecordId, now: NOW, by: RINA })).toThrow(
      expect.objectContaining({ reason: 'not-found' }),
    );
  });

  it('creating a meeting again with the same id keeps the first and what was written in it', () => {
    const doc = founded();
    const id = 'meeting-fixed-001' as RecordId;
    createMeeting(doc, { date: '2025-02-07', now: NOW, by: RINA, id });
    getMeeting(doc, id)!.minutes.insert(0, 'Notulen');
    expect(createMeeting(doc, { date: '2025-02-14', now: NOW, by: SARI, id })).toBe(id);
    expect(getMeeting(doc, id)).toMatchObject({ date: '2025-02-07', createdBy: RINA });
    expect(getMeeting(doc, id)!.minutes.toString()).toBe('Notulen');
  });

  it('are listed newest first, with how many were present', () => {
    const doc = founded();
    const group = createGroup(doc, { name: 'Kelompok 1', now: NOW });
    const older = createMeeting(doc, { date: '2025-01-31', time: '13:00', now: NOW, by: RINA });
    const morning = createMeeting(doc, { date: '2025-02-07', time: '09:00', groupId: group, now: NOW, by: RINA });
    const afternoon = createMeeting(doc, { date: '2025-02-07', time: '13:00', now: NOW, by: RINA });
    markAttendance(doc, afternoon, SARI, true, SARI, NOW);
    markAttendance(doc, afternoon, DEWI, false, RINA, NOW);
    markAttendance(doc, afternoon, RINA, true, RINA, NOW);
    expect(listMeetings(doc)).toEqual([
      { id: afternoon, date: '2025-02-07', time: '13:00', place: '', groupId: null, presentCount: 2 },
      { id: morning, date: '2025-02-07', time: '09:00', place: '', groupId: group, presentCount: 0 },
      { id: older, date: '2025-01-31', time: '13:00', place: '', groupId: null, presentCount: 0 },
    ]);
  });

  it('its day, time and place can be changed', () => {
    const doc = founded();
    const id = createMeeting(doc, { date: '2025-02-07', now: NOW, by: RINA });
    setMeetingDetails(doc, id, { date: '2025-02-06', time: '14:30', place: 'Aula gugus' });
    expect(getMeeting(doc, id)).toMatchObject({ date: '2025-02-06', time: '14:30', place: 'Aula gugus' });
    expect(() => setMeetingDetails(doc, id, { time: '25:00' })).toThrow(expect.objectContaining({ reason: 'invalid-time' }));
  });

  it('a damaged meeting is skipped, and a damaged attendance entry is left out without hiding the meeting', () => {
    const doc = founded();
    // Fixed ids: validation reports records in key order.
    const id = createMeeting(doc, { date: '2025-02-07', now: NOW, by: RINA, id: 'meeting-b-000001' as RecordId });
    const broken = createMeeting(doc, { date: '2025-02-08', now: NOW, by: RINA, id: 'meeting-a-000001' as RecordId });
    (doc.getMap('meetings').get(broken) as Y.Map<unknown>).delete('minutes');
    const attendance = (doc.getMap('meetings').get(id) as Y.Map<unknown>).get('attendance') as Y.Map<unknown>;
    attendance.set(SARI, { present: 'ya', at: NOW, by: SARI });
    markAttendance(doc, id, DEWI, true, DEWI, NOW);
    expect(listMeetings(doc).map((m) => m.id)).toEqual([id]);
    expect([...getMeeting(doc, id)!.attendance.keys()]).toEqual([DEWI]);
    expect(validateCommunityDoc(doc).map((p) => p.path)).toEqual([`meetings.${broken}.minutes`, `meetings.${id}.attendance.${SARI}`]);
  });
});

describe('attendance', () => {
  it('a member marks herself present; the register records who marked it and when', () => {
    const doc = founded();
    const id = createMeeting(doc, { date: '2025-02-07', now: NOW, by: RINA });
    markAttendance(doc, id, SARI, true, SARI, NOW + 60_000);
    markAttendance(doc, id, DEWI, false, RINA, NOW + 120_000);
    expect(getMeeting(doc, id)!.attendance).toEqual(
      new Map([
        [SARI, { present: true, at: NOW + 60_000, by: SARI }],
        [DEWI, { present: false, at: NOW + 120_000, by: RINA }],
      ]),
    );
  });

  it('refuses an unknown meeting or member', () => {
    const doc = founded();
    const id = createMeeting(doc, { date: '2025-02-07', now: NOW, by: RINA });
    expect(() => markAttendance(doc, 'no-meeting-00001' as RecordId, SARI, true, SARI, NOW)).toThrow(
      expect.objectContaining({ reason: 'not-found' }),
    );
    expect(() => markAttendance(doc, id, 'nobody-0000000001' as RecordId, true, RINA, NOW)).toThrow(
      expect.objectContaining({ reason: 'not-found' }),
    );
  });

  it('a member offline marks herself present while another phone edits the minutes: the merge keeps both', () => {
    const facilitator = founded();
    const id = createMeeting(facilitator, { date: '2025-02-07', time: '13:00', now: NOW, by: RINA });
    const sari = reencode(facilitator); // Bu Sari's phone received the meeting, then lost the Wi-Fi
    markAttendance(sari, id, SARI, true, SARI, NOW + 5 * 60_000);
    getMeeting(facilitator, id)!.minutes.insert(0, 'Bu Dewi berbagi masalah: anak belum mau bergantian.');
    getMeeting(facilitator, id)!.decisions.insert(0, 'Ujicoba papan giliran minggu depan.');
    markAttendance(facilitator, id, DEWI, true, RINA, NOW + 6 * 60_000);
    exchange(facilitator, sari); // the Wi-Fi is back
    for (const doc of [facilitator, sari]) {
      const meeting = getMeeting(doc, id)!;
      expect(meeting.minutes.toString()).toBe('Bu Dewi berbagi masalah: anak belum mau bergantian.');
      expect(meeting.decisions.toString()).toBe('Ujicoba papan giliran minggu depan.');
      expect(meeting.attendance.get(SARI)).toEqual({ present: true, at: NOW + 5 * 60_000, by: SARI });
      expect(meeting.attendance.get(DEWI)).toEqual({ present: true, at: NOW + 6 * 60_000, by: RINA });
    }
  });

  it('two phones typing minutes at the same time merge character by character', () => {
    const a = founded();
    const id = createMeeting(a, { date: '2025-02-07', now: NOW, by: RINA });
    getMeeting(a, id)!.minutes.insert(0, 'Notulen: ');
    const b = reencode(a);
    const minutesA = getMeeting(a, id)!.minutes;
    minutesA.insert(minutesA.length, 'A');
    const minutesB = getMeeting(b, id)!.minutes;
    minutesB.insert(minutesB.length, 'B');
    exchange(a, b);
    expect(['Notulen: AB', 'Notulen: BA']).toContain(getMeeting(a, id)!.minutes.toString());
    expect(getMeeting(a, id)!.minutes.toString()).toBe(getMeeting(b, id)!.minutes.toString());
  });

  it('a removed member stays in past registers under her name', () => {
    const doc = founded();
    const id = createMeeting(doc, { date: '2025-02-07', now: NOW, by: RINA });
    markAttendance(doc, id, SARI, true, SARI, NOW);
    removeMember(doc, SARI, RINA, NOW + 86_400_000);
    expect(getMeeting(doc, id)!.attendance.get(SARI)).toMatchObject({ present: true });
  });
});

describe('the meeting of a scheduled day, opened on several phones offline', () => {
  const FRIDAY = { weekday: 5, time: '13:00', place: 'TK Pertiwi', everyWeeks: 1 as const, startDate: '2025-01-01', groupId: null };

  it('has an id of its day and the schedule’s time and place, made by no one phone', () => {
    const doc = founded();
    setSchedule(doc, FRIDAY);
    const origins: unknown[] = [];
    doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
    const id = openScheduledMeeting(doc, '2025-02-07');
    expect(id).toBe(scheduledMeetingId('2025-02-07', null));
    expect(id).toBe('s-2025-02-07');
    expect(origins).toEqual([SCHEDULED_MEETING_ORIGIN]);
    expect(getMeeting(doc, id)).toMatchObject({ date: '2025-02-07', time: '13:00', place: 'TK Pertiwi', createdAt: Date.UTC(2025, 1, 7), createdBy: null });
    expect(openScheduledMeeting(doc, '2025-02-07')).toBe(id);
    expect(origins).toHaveLength(1);
    expect(validateCommunityDoc(doc)).toEqual([]);
  });

  it('three phones opening it offline make one meeting that keeps every mark and all the minutes', () => {
    const rina = founded();
    setSchedule(rina, FRIDAY);
    const sari = reencode(rina);
    const dewi = reencode(rina);
    // Friday, no Wi-Fi at school: each phone opens today's meeting and writes into it.
    const ids = [rina, sari, dewi].map((doc) => openScheduledMeeting(doc, '2025-02-07'));
    expect(new Set(ids).size).toBe(1);
    const id = ids[0]!;
    markAttendance(sari, id, SARI, true, SARI, NOW + 1);
    markAttendance(dewi, id, DEWI, true, DEWI, NOW + 2);
    markAttendance(rina, id, RINA, true, RINA, NOW + 3);
    getMeeting(rina, id)!.minutes.insert(0, 'Notulen Bu Rina. ');
    getMeeting(dewi, id)!.agenda.insert(0, 'Agenda Bu Dewi.');
    exchange(rina, sari, dewi);
    for (const doc of [rina, sari, dewi]) {
      expect(listMeetings(doc)).toEqual([{ id, date: '2025-02-07', time: '13:00', place: 'TK Pertiwi', groupId: null, presentCount: 3 }]);
      expect(getMeeting(doc, id)!.minutes.toString()).toBe('Notulen Bu Rina. ');
      expect(getMeeting(doc, id)!.agenda.toString()).toBe('Agenda Bu Dewi.');
    }
  });

  it('why: the same id built by each phone’s own client keeps only one phone’s marks', () => {
    const rina = founded();
    const sari = reencode(rina);
    const id = 'same-meeting-id-1' as RecordId;
    for (const [doc, member] of [[rina, RINA], [sari, SARI]] as const) {
      createMeeting(doc, { date: '2025-02-07', now: NOW, by: member, id });
      markAttendance(doc, id, member, true, member, NOW);
    }
    exchange(rina, sari);
    expect(listMeetings(rina)[0]!.presentCount).toBe(1);
  });

  it('a group’s schedule gives the group’s meeting; without a schedule it is the whole community’s, time and place empty', () => {
    const doc = founded();
    expect(getMeeting(doc, openScheduledMeeting(doc, '2025-02-07'))).toMatchObject({ time: '', place: '', groupId: null });
    const group = createGroup(doc, { name: 'Kelompok 1', now: NOW });
    setSchedule(doc, { ...FRIDAY, groupId: group });
    const id = openScheduledMeeting(doc, '2025-02-14');
    expect(id).toBe(`s-2025-02-14-${group}`);
    expect(getMeeting(doc, id)!.groupId).toBe(group);
    expect(() => openScheduledMeeting(doc, '14-02-2025')).toThrow(expect.objectContaining({ reason: 'invalid-date' }));
  });
});
