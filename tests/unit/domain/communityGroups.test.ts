import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addMember,
  archiveGroup,
  createCommunity,
  createGroup,
  CommunityKind,
  getMember,
  leaveCommunity,
  listGroups,
  listMembers,
  moveMember,
  renameGroup,
  Role,
  splitIntoGroups,
  validateCommunityDoc,
  type RecordId,
} from '../../../src/domain';
import { exchange, reencode } from './support';

const NOW = Date.UTC(2025, 1, 7, 6, 0);
const FOUNDER = 'member-founder-01' as RecordId;

/** A community with the founder plus `teachers` more members named Guru 01, Guru 02, … */
function communityOf(teachers: number): Y.Doc {
  const doc = new Y.Doc();
  createCommunity(doc, {
    name: 'KB TK Masamba',
    kind: CommunityKind.BETWEEN_SCHOOLS,
    focus: '',
    schools: [],
    founder: { id: FOUNDER, name: 'Bu Fasilitator' },
    now: NOW,
  });
  for (let i = 1; i <= teachers; i++) {
    const n = String(i).padStart(2, '0');
    addMember(doc, { id: `member-guru-${n}-x` as RecordId, name: `Guru ${n}`, now: NOW });
  }
  return doc;
}

const sizes = (doc: Y.Doc) => listGroups(doc).map((g) => g.memberIds.length);

describe('splitting members into small groups', () => {
  it('25 teachers become five groups of five named Kelompok 1 to 5 (seed 000)', () => {
    const doc = communityOf(24); // the founder is the 25th
    const ids = splitIntoGroups(doc, { count: 5, now: NOW });
    expect(ids).toHaveLength(5);
    expect(listGroups(doc).map((g) => g.name)).toEqual(['Kelompok 1', 'Kelompok 2', 'Kelompok 3', 'Kelompok 4', 'Kelompok 5']);
    expect(listGroups(doc).map((g) => g.id)).toEqual(ids);
    expect(sizes(doc)).toEqual([5, 5, 5, 5, 5]);
    const everyone = listGroups(doc).flatMap((g) => g.memberIds);
    expect(new Set(everyone).size).toBe(25);
    expect(validateCommunityDoc(doc)).toEqual([]);
  });

  it.each([
    [7, 4, [2, 2, 2, 1]],
    [7, 3, [3, 2, 2]],
    [26, 5, [6, 5, 5, 5, 5]],
    [3, 5, [1, 1, 1, 0, 0]],
    [1, 1, [1]],
  ])('%i members into %i groups are as even as possible: %j', (members, count, expected) => {
    const doc = communityOf(members - 1);
    splitIntoGroups(doc, { count, now: NOW });
    expect(sizes(doc)).toEqual(expected);
  });

  it('deals members round-robin in name order, the same on every phone', () => {
    const doc = communityOf(6); // Bu Fasilitator, Guru 01 … Guru 06
    splitIntoGroups(doc, { count: 3, now: NOW });
    const names = (g: { memberIds: RecordId[] }) => g.memberIds.map((id) => getMember(doc, id)!.name);
    expect(listGroups(doc).map(names)).toEqual([
      ['Bu Fasilitator', 'Guru 03', 'Guru 06'],
      ['Guru 01', 'Guru 04'],
      ['Guru 02', 'Guru 05'],
    ]);
  });

  it('leaves out members who left, and can be limited to some roles', () => {
    const doc = communityOf(6);
    leaveCommunity(doc, 'member-guru-06-x' as RecordId, NOW);
    addMember(doc, { id: 'member-pengawas-1' as RecordId, name: 'Pak Pengawas', role: Role.PENGAWAS, now: NOW });
    splitIntoGroups(doc, { count: 2, now: NOW, roles: [Role.GURU, Role.FASILITATOR] });
    expect(sizes(doc)).toEqual([3, 3]);
    expect(getMember(doc, 'member-pengawas-1' as RecordId)!.groupId).toBeNull();
  });

  it('splitting again archives the old groups (kept for what refers to them) and regroups everyone', () => {
    const doc = communityOf(9);
    const first = splitIntoGroups(doc, { count: 2, now: NOW });
    const second = splitIntoGroups(doc, { count: 5, now: NOW + 1 });
    expect(listGroups(doc).map((g) => g.id)).toEqual(second);
    expect(sizes(doc)).toEqual([2, 2, 2, 2, 2]);
    for (const id of first) expect(doc.getMap<Y.Map<unknown>>('groups').get(id)!.get('archivedAt')).toBe(NOW + 1);
  });

  it.each([0, -1, 2.5, 51, Number.NaN])('refuses a count of %s', (count) => {
    const doc = communityOf(3);
    expect(() => splitIntoGroups(doc, { count, now: NOW })).toThrow(expect.objectContaining({ reason: 'invalid-count' }));
    expect(listGroups(doc)).toEqual([]);
  });
});

describe('moving members between groups', () => {
  it('a member moves to another group, or to none', () => {
    const doc = communityOf(9);
    const [g1, g2] = splitIntoGroups(doc, { count: 2, now: NOW }) as [RecordId, RecordId];
    const guru = 'member-guru-01-x' as RecordId;
    expect(getMember(doc, guru)!.groupId).toBe(g2);
    moveMember(doc, guru, g1);
    expect(listGroups(doc)[0]!.memberIds).toContain(guru);
    expect(listGroups(doc)[1]!.memberIds).not.toContain(guru);
    moveMember(doc, guru, null);
    expect(getMember(doc, guru)!.groupId).toBeNull();
    expect(sizes(doc)).toEqual([5, 4]);
  });

  it('refuses an unknown member, an unknown group and an archived group', () => {
    const doc = communityOf(2);
    const group = createGroup(doc, { name: 'Kelompok Bunga', now: NOW });
    expect(() => moveMember(doc, 'nobody-0000000001' as RecordId, group)).toThrow(expect.objectContaining({ reason: 'not-found' }));
    expect(() => moveMember(doc, FOUNDER, 'no-such-group-01' as RecordId)).toThrow(expect.objectContaining({ reason: 'not-found' }));
    archiveGroup(doc, group, NOW);
    expect(() => moveMember(doc, FOUNDER, group)).toThrow(expect.objectContaining({ reason: 'not-found' }));
  });

  it('archiving a group empties it, and a member moved into it on another phone meanwhile reads as in no group', () => {
    const a = communityOf(3);
    const group = createGroup(a, { name: 'Kelompok Melati', now: NOW });
    const b = reencode(a);
    archiveGroup(a, group, NOW + 1);
    moveMember(b, FOUNDER, group); // offline, before b hears of the archive
    exchange(a, b);
    expect(listGroups(a)).toEqual([]);
    expect(getMember(a, FOUNDER)!.groupId).toBeNull();
    expect(listMembers(b).every((m) => m.groupId === null)).toBe(true);
  });

  it('two phones moving different members offline both keep their move', () => {
    const a = communityOf(4);
    const [g1, g2] = splitIntoGroups(a, { count: 2, now: NOW }) as [RecordId, RecordId];
    const b = reencode(a);
    moveMember(a, 'member-guru-01-x' as RecordId, g1);
    moveMember(b, 'member-guru-02-x' as RecordId, g2);
    exchange(a, b);
    expect(getMember(a, 'member-guru-01-x' as RecordId)!.groupId).toBe(g1);
    expect(getMember(a, 'member-guru-02-x' as RecordId)!.groupId).toBe(g2);
  });
});

describe('groups', () => {
  it('are listed by name as people read numbers, and can be renamed', () => {
    const doc = communityOf(0);
    const ten = createGroup(doc, { name: 'Kelompok 10', now: NOW });
    createGroup(doc, { name: 'Kelompok 2', now: NOW });
    renameGroup(doc, ten, 'Kelompok 1');
    expect(listGroups(doc).map((g) => g.name)).toEqual(['Kelompok 1', 'Kelompok 2']);
    expect(() => renameGroup(doc, ten, ' ')).toThrow(expect.objectContaining({ reason: 'invalid-name' }));
  });

  it('creating a group again with the same id keeps the first', () => {
    const doc = communityOf(0);
    const id = 'group-fixed-id-01' as RecordId;
    createGroup(doc, { name: 'Kelompok A', now: NOW, id });
    expect(createGroup(doc, { name: 'Kelompok B', now: NOW, id })).toBe(id);
    expect(listGroups(doc).map((g) => g.name)).toEqual(['Kelompok A']);
  });

  it('a damaged group record is skipped', () => {
    const doc = communityOf(0);
    doc.getMap('groups').set('broken-group-001', new Y.Map());
    doc.getMap('groups').set('junk', 42);
    expect(listGroups(doc)).toEqual([]);
    expect(validateCommunityDoc(doc).map((p) => p.path)).toEqual(
      expect.arrayContaining(['groups.junk', 'groups.broken-group-001.name']),
    );
  });
});
