import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addMember,
  COMMUNITY_MIGRATIONS,
  COMMUNITY_SCHEMA_VERSION,
  CommunityKind,
  createCommunity,
  createMeeting,
  getCommunityInfo,
  getMeeting,
  initCommunityDoc,
  initPersonalDoc,
  listMeetings,
  markAttendance,
  migrateCommunityDoc,
  MIGRATION_ORIGIN,
  validateCommunityDoc,
  type CommunityMigrations,
  type RecordId,
} from '../../../src/domain';
import { exchange, reencode } from './support';

const NOW = Date.UTC(2025, 1, 7, 6, 0);
const RINA = 'member-rina-00001' as RecordId;

function founded(): Y.Doc {
  const doc = new Y.Doc();
  createCommunity(doc, {
    name: 'KB TK Pertiwi',
    kind: CommunityKind.IN_SCHOOL,
    focus: 'Bermain',
    schools: [],
    founder: { id: RINA, name: 'Bu Rina' },
    now: NOW,
  });
  return doc;
}

function updatesOf(doc: Y.Doc): { count: () => number; origins: unknown[] } {
  const origins: unknown[] = [];
  doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
  return { count: () => origins.length, origins };
}

function meetingRecord(doc: Y.Doc, id: RecordId): Y.Map<unknown> {
  return doc.getMap('meetings').get(id) as Y.Map<unknown>;
}

describe('opening a community document', () => {
  it('an empty document (a joiner before the first sync) is left empty', () => {
    const doc = new Y.Doc();
    const updates = updatesOf(doc);
    expect(migrateCommunityDoc(doc, NOW)).toEqual({ from: 0, to: 0, changed: false, stepsRun: [], repaired: 0 });
    initCommunityDoc(doc, NOW);
    expect(updates.count()).toBe(0);
  });

  it('a joiner who added herself before the first sync writes no meta that could race the founder’s', () => {
    const founder = founded();
    const joiner = new Y.Doc();
    initCommunityDoc(joiner, NOW + 5);
    addMember(joiner, { id: 'member-joiner-001' as RecordId, name: 'Bu Sari', now: NOW + 5 });
    const updates = updatesOf(joiner);
    initCommunityDoc(joiner, NOW + 6); // e.g. the app restarted, still offline
    expect(updates.count()).toBe(0);
    exchange(founder, joiner);
    expect(joiner.getMap('meta').toJSON()).toEqual({ schema: COMMUNITY_SCHEMA_VERSION, kind: 'community', createdAt: NOW });
    expect(validateCommunityDoc(joiner)).toEqual([]);
  });

  it('a current, sound document is not written to, however often it is opened', () => {
    const doc = founded();
    const updates = updatesOf(doc);
    for (let i = 0; i < 3; i++) initCommunityDoc(doc, NOW + i);
    expect(migrateCommunityDoc(doc, NOW)).toEqual({ from: 2, to: 2, changed: false, stepsRun: [], repaired: 0 });
    expect(updates.count()).toBe(0);
  });

  it('a document of a newer app is refused and left untouched', () => {
    const doc = founded();
    doc.getMap('meta').set('schema', COMMUNITY_SCHEMA_VERSION + 1);
    const updates = updatesOf(doc);
    expect(() => initCommunityDoc(doc, NOW)).toThrow(expect.objectContaining({ name: 'DomainError', reason: 'newer-schema' }));
    expect(updates.count()).toBe(0);
  });

  it('a personal document opened as a community is refused, and a community opened as personal too', () => {
    const personal = new Y.Doc();
    initPersonalDoc(personal, NOW);
    expect(() => initCommunityDoc(personal, NOW)).toThrow(expect.objectContaining({ reason: 'invalid-schema' }));
    expect(() => initPersonalDoc(founded(), NOW)).toThrow(expect.objectContaining({ reason: 'invalid-schema' }));
  });

  it('a schema that is not a version number is refused', () => {
    const doc = founded();
    doc.getMap('meta').set('schema', '1');
    expect(() => initCommunityDoc(doc, NOW)).toThrow(expect.objectContaining({ reason: 'invalid-schema' }));
  });

  it('content without meta gets meta from the content, not from the clock', () => {
    const doc = founded();
    const bare = new Y.Doc();
    Y.applyUpdate(bare, Y.encodeStateAsUpdate(doc));
    for (const key of ['schema', 'kind', 'createdAt']) bare.getMap('meta').delete(key);
    expect(migrateCommunityDoc(bare, NOW + 999)).toMatchObject({ from: 0, to: 2, changed: true });
    expect(bare.getMap('meta').toJSON()).toEqual({ schema: 2, kind: 'community', createdAt: NOW });
    expect(validateCommunityDoc(bare)).toEqual([]);
  });
});

describe('repairing damaged records', () => {
  function damaged(): { doc: Y.Doc; meeting: RecordId } {
    const doc = founded();
    const meeting = createMeeting(doc, { date: '2025-02-07', now: NOW, by: RINA, id: 'meeting-damaged-1' as RecordId });
    markAttendance(doc, meeting, RINA, true, RINA, NOW);
    getMeeting(doc, meeting)!.agenda.insert(0, 'tetap ada');
    const record = meetingRecord(doc, meeting);
    record.delete('minutes');
    record.set('decisions', 'keputusan sebagai string');
    doc.getMap('info').set('focus', 'fokus sebagai string');
    return { doc, meeting };
  }

  it('recreates missing texts, keeps the words of plain strings, and touches nothing else', () => {
    const { doc, meeting } = damaged();
    expect(getMeeting(doc, meeting)).toBeUndefined();
    const updates = updatesOf(doc);
    expect(migrateCommunityDoc(doc, NOW)).toMatchObject({ from: 2, to: 2, changed: true, repaired: 3 });
    expect(updates.origins).toEqual([MIGRATION_ORIGIN]);
    const repaired = getMeeting(doc, meeting)!;
    expect(repaired.minutes.toString()).toBe('');
    expect(repaired.decisions.toString()).toBe('keputusan sebagai string');
    expect(repaired.agenda.toString()).toBe('tetap ada');
    expect(repaired.attendance.get(RINA)).toMatchObject({ present: true });
    expect(getCommunityInfo(doc)!.focus).toBe('fokus sebagai string');
    expect(validateCommunityDoc(doc)).toEqual([]);
  });

  it('is idempotent: a second run writes nothing', () => {
    const { doc } = damaged();
    migrateCommunityDoc(doc, NOW);
    const updates = updatesOf(doc);
    expect(migrateCommunityDoc(doc, NOW + 1).changed).toBe(false);
    expect(updates.count()).toBe(0);
  });

  it('a missing attendance map and goal history come back empty; junk records are left for validation', () => {
    const doc = founded();
    const meeting = createMeeting(doc, { date: '2025-02-07', now: NOW, by: RINA });
    meetingRecord(doc, meeting).set('attendance', 'hadir semua');
    doc.getMap('meetings').set('junk-meeting-0001', 'not a map');
    migrateCommunityDoc(doc, NOW);
    expect(getMeeting(doc, meeting)!.attendance.size).toBe(0);
    expect(doc.getMap('meetings').get('junk-meeting-0001')).toBe('not a map');
    expect(validateCommunityDoc(doc).map((p) => p.path)).toEqual(['meetings.junk-meeting-0001']);
  });

  it('two phones repairing the same state offline make the same items, so later typing on both merges', () => {
    const { doc: a, meeting } = damaged();
    const b = reencode(a);
    migrateCommunityDoc(a, NOW);
    migrateCommunityDoc(b, NOW + 3_600_000);
    expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(b));
    getMeeting(a, meeting)!.minutes.insert(0, 'A');
    getMeeting(b, meeting)!.minutes.insert(0, 'B');
    exchange(a, b);
    expect(['AB', 'BA']).toContain(getMeeting(a, meeting)!.minutes.toString());
    expect(getMeeting(a, meeting)!.minutes.toString()).toBe(getMeeting(b, meeting)!.minutes.toString());
  });
});

/**
 * The hook the next version will use, exercised before it exists: a step from 2 (after this app's
 * real steps) that gives every meeting a `photos` Y.Array (an imagined v3 field), under its own tag.
 */
const V2: CommunityMigrations = {
  version: 3,
  repairTag: 'test/community/repair@3',
  steps: [
    ...COMMUNITY_MIGRATIONS.steps,
    {
      from: 2,
      tag: 'test/community/v3-photos@1',
      write(copy) {
        const meetings = copy.getMap<unknown>('meetings');
        for (const key of [...meetings.keys()].sort()) {
          const record = meetings.get(key);
          if (record instanceof Y.Map && !record.has('photos')) record.set('photos', new Y.Array<string>());
        }
      },
    },
  ],
};

describe('the migration hook, with an imagined version 3', () => {
  function v1WithMeeting(): { doc: Y.Doc; meeting: RecordId } {
    const doc = founded();
    const meeting = createMeeting(doc, { date: '2025-02-07', now: NOW, by: RINA, id: 'meeting-v1-00001' as RecordId });
    return { doc, meeting };
  }

  it('runs the step, writes the new version, in one transaction', () => {
    const { doc, meeting } = v1WithMeeting();
    const updates = updatesOf(doc);
    expect(migrateCommunityDoc(doc, NOW, V2)).toEqual({
      from: 2,
      to: 3,
      changed: true,
      stepsRun: ['test/community/v3-photos@1'],
      repaired: 0,
    });
    expect(updates.origins).toEqual([MIGRATION_ORIGIN]);
    expect(meetingRecord(doc, meeting).get('photos')).toBeInstanceOf(Y.Array);
    expect(doc.getMap('meta').get('schema')).toBe(3);
    expect(listMeetings(doc)).toHaveLength(1); // v2 readers still read the meeting
  });

  it('is idempotent, and this (v2) app then refuses the document as newer', () => {
    const { doc } = v1WithMeeting();
    migrateCommunityDoc(doc, NOW, V2);
    const updates = updatesOf(doc);
    expect(migrateCommunityDoc(doc, NOW, V2)).toMatchObject({ from: 3, to: 3, changed: false });
    expect(updates.count()).toBe(0);
    expect(() => migrateCommunityDoc(doc, NOW, COMMUNITY_MIGRATIONS)).toThrow(expect.objectContaining({ reason: 'newer-schema' }));
  });

  it('two phones migrating the same document offline make the same items, and keep what each adds after', () => {
    const { doc: a, meeting } = v1WithMeeting();
    const b = reencode(a);
    migrateCommunityDoc(a, NOW, V2);
    migrateCommunityDoc(b, NOW + 86_400_000, V2);
    expect(Y.encodeStateAsUpdate(a)).toEqual(Y.encodeStateAsUpdate(b));
    (meetingRecord(a, meeting).get('photos') as Y.Array<string>).push(['sha-a']);
    (meetingRecord(b, meeting).get('photos') as Y.Array<string>).push(['sha-b']);
    exchange(a, b);
    expect((meetingRecord(a, meeting).get('photos') as Y.Array<string>).toArray().sort()).toEqual(['sha-a', 'sha-b']);
  });

  it('a version without its step is a programming error, caught before anything is written', () => {
    const { doc } = v1WithMeeting();
    const updates = updatesOf(doc);
    expect(() => migrateCommunityDoc(doc, NOW, { ...V2, version: 4 })).toThrow(/no community migration step from version 3/);
    expect(updates.count()).toBe(0);
  });

  it('this app has a step for every version below its own', () => {
    for (let v = 1; v < COMMUNITY_MIGRATIONS.version; v++) {
      expect(COMMUNITY_MIGRATIONS.steps.filter((s) => s.from === v)).toHaveLength(1);
    }
    expect(new Set(COMMUNITY_MIGRATIONS.steps.map((s) => s.tag)).size).toBe(COMMUNITY_MIGRATIONS.steps.length);
  });
});
