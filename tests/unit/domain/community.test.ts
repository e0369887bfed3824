import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addMember,
  capabilitiesOf,
  COMMUNITY_SCHEMA_VERSION,
  CommunityKind,
  createCommunity,
  DEFAULT_NORMS,
  getCommunityFocus,
  getCommunityInfo,
  getMember,
  initCommunityDoc,
  leaveCommunity,
  listMembers,
  listNorms,
  memberCapabilities,
  NO_CAPABILITIES,
  removeMember,
  Role,
  setCommunityKind,
  setCommunityName,
  setCommunitySchools,
  setMemberName,
  setMemberRole,
  validateCommunityDoc,
  type Capabilities,
  type RecordId,
} from '../../../src/domain';
import { exchange, reencode } from './support';

const NOW = Date.UTC(2025, 1, 7, 6, 0);
const BU_RINA = 'member-rina-00001' as RecordId;
const BU_SARI = 'member-sari-00001' as RecordId;
const PAK_ADI = 'member-adi-000001' as RecordId;

function founded(): Y.Doc {
  const doc = new Y.Doc();
  initCommunityDoc(doc, NOW);
  createCommunity(doc, {
    name: 'KB Gugus PAUD Masamba',
    kind: CommunityKind.BETWEEN_SCHOOLS,
    focus: 'Pembelajaran berbasis bermain',
    schools: ['TK Pertiwi', ' TK Aisyiyah ', 'TK Pertiwi'],
    founder: { id: BU_RINA, name: 'Bu Rina' },
    now: NOW,
  });
  return doc;
}

function updatesOf(doc: Y.Doc): () => number {
  let count = 0;
  doc.on('update', () => count++);
  return () => count;
}

describe('creating a community offline', () => {
  it('writes meta, info, the founder as fasilitator and the default norms, and is valid', () => {
    const doc = founded();
    expect(doc.getMap('meta').toJSON()).toEqual({ schema: COMMUNITY_SCHEMA_VERSION, kind: 'community', createdAt: NOW });
    expect(getCommunityInfo(doc)).toEqual({
      name: 'KB Gugus PAUD Masamba',
      kind: 'antar-sekolah',
      focus: 'Pembelajaran berbasis bermain',
      schools: ['TK Pertiwi', 'TK Aisyiyah'],
      createdAt: NOW,
      createdBy: BU_RINA,
    });
    expect(getMember(doc, BU_RINA)).toMatchObject({ name: 'Bu Rina', role: 'fasilitator', school: 'TK Pertiwi', active: true });
    expect(listNorms(doc).map((n) => n.title.toString())).toEqual(DEFAULT_NORMS.map((n) => n.title));
    expect(validateCommunityDoc(doc)).toEqual([]);
    expect(validateCommunityDoc(reencode(doc))).toEqual([]);
  });

  it('is one transaction on a new document', () => {
    const doc = new Y.Doc();
    const updates = updatesOf(doc);
    createCommunity(doc, {
      name: 'KB TK Pertiwi',
      kind: CommunityKind.IN_SCHOOL,
      focus: '',
      schools: [],
      founder: { id: BU_RINA, name: 'Bu Rina', school: 'TK Pertiwi' },
      now: NOW,
    });
    expect(updates()).toBe(1);
    expect(getMember(doc, BU_RINA)!.school).toBe('TK Pertiwi');
  });

  it('refuses a second community in the same document', () => {
    const doc = founded();
    expect(() =>
      createCommunity(doc, {
        name: 'Lain',
        kind: CommunityKind.ONLINE,
        focus: '',
        schools: [],
        founder: { id: BU_SARI, name: 'Bu Sari' },
        now: NOW,
      }),
    ).toThrow(expect.objectContaining({ reason: 'already-exists' }));
    expect(getCommunityInfo(doc)!.name).toBe('KB Gugus PAUD Masamba');
  });

  it.each([
    ['an empty name', { name: '  ' }, 'invalid-name'],
    ['a name of two lines', { name: 'KB\nPAUD' }, 'invalid-name'],
    ['an unknown kind', { kind: 'sekolah' }, 'invalid-kind'],
    ['a school name of 121 characters', { schools: ['x'.repeat(121)] }, 'invalid-text'],
    ['a founder without an id', { founder: { id: '', name: 'Bu Rina' } }, 'invalid-id'],
    ['a time that is not a timestamp', { now: Number.NaN }, 'invalid-date'],
  ])('refuses %s and writes nothing', (_label, change, reason) => {
    const doc = new Y.Doc();
    const updates = updatesOf(doc);
    const input = {
      name: 'KB TK Pertiwi',
      kind: CommunityKind.IN_SCHOOL,
      focus: '',
      schools: [] as string[],
      founder: { id: BU_RINA, name: 'Bu Rina' },
      now: NOW,
      ...change,
    } as Parameters<typeof createCommunity>[1];
    expect(() => createCommunity(doc, input)).toThrow(expect.objectContaining({ name: 'DomainError', reason }));
    expect(updates()).toBe(0);
  });

  it('the name, kind and schools can be changed; the focus is a live text', () => {
    const doc = founded();
    setCommunityName(doc, '  KB Gugus Melati ', NOW);
    setCommunityKind(doc, CommunityKind.ONLINE);
    setCommunitySchools(doc, ['TK Aisyiyah', 'TK Melati']);
    getCommunityFocus(doc)!.insert(0, 'Literasi dini: ');
    expect(getCommunityInfo(doc)).toMatchObject({
      name: 'KB Gugus Melati',
      kind: 'daring',
      focus: 'Literasi dini: Pembelajaran berbasis bermain',
      schools: ['TK Aisyiyah', 'TK Melati'],
    });
    expect(() => setCommunityName(doc, '', NOW)).toThrow(expect.objectContaining({ reason: 'invalid-name' }));
  });

  it('a school added on one phone survives another phone setting the list', () => {
    const a = founded();
    const b = reencode(a);
    setCommunitySchools(a, ['TK Pertiwi', 'TK Aisyiyah', 'TK Melati']);
    setCommunitySchools(b, ['TK Pertiwi', 'TK Aisyiyah', 'TK Kenanga']);
    exchange(a, b);
    expect(getCommunityInfo(a)!.schools).toEqual(getCommunityInfo(b)!.schools);
    expect(getCommunityInfo(a)!.schools).toEqual(expect.arrayContaining(['TK Melati', 'TK Kenanga']));
  });

  it('reads nothing from an empty document or a damaged info', () => {
    expect(getCommunityInfo(new Y.Doc())).toBeUndefined();
    const doc = founded();
    doc.getMap('info').set('kind', 'sekolah');
    expect(getCommunityInfo(doc)).toBeUndefined();
  });
});

describe('default norms', () => {
  it('are the six from the seeds, each one sentence in Indonesian', () => {
    expect(DEFAULT_NORMS.map((n) => n.title)).toEqual([
      'Saling percaya',
      'Empati',
      'Kesetaraan',
      'Keterbukaan',
      'Kemauan belajar',
      'Kerahasiaan',
    ]);
    for (const norm of DEFAULT_NORMS) expect(norm.text).toMatch(/^[A-Z][^.]*\.$/);
    expect(Object.isFrozen(DEFAULT_NORMS)).toBe(true);
  });

  it('are seeded once: opening again, syncing and re-opening a copy never add them twice', () => {
    const doc = founded();
    initCommunityDoc(doc, NOW + 1);
    const copy = reencode(doc);
    initCommunityDoc(copy, NOW + 2);
    exchange(doc, copy);
    expect(listNorms(doc)).toHaveLength(DEFAULT_NORMS.length);
    expect(doc.getMap('norms').size).toBe(DEFAULT_NORMS.length);
  });
});

describe('what each role may do', () => {
  const T = true;
  const F = false;
  // prettier-ignore
  const table: Array<[Role, Partial<Capabilities>]> = [
    //                 edit  comment manageM manageG norms schedule invite rotate progress ownAtt othersAtt
    [Role.PENGAWAS,       { editContent: F, comment: T, manageMembers: F, manageGroups: F, editNorms: F, schedule: F, invite: F, rotateKey: F, seeProgress: T, markOwnAttendance: F, markAttendance: F }],
    [Role.KEPALA_SEKOLAH, { editContent: F, comment: T, manageMembers: F, manageGroups: F, editNorms: F, schedule: F, invite: F, rotateKey: F, seeProgress: T, markOwnAttendance: T, markAttendance: F }],
    [Role.GURU,           { editContent: T, comment: T, manageMembers: F, manageGroups: F, editNorms: T, schedule: F, invite: F, rotateKey: F, seeProgress: F, markOwnAttendance: T, markAttendance: F }],
    [Role.FASILITATOR,    { editContent: T, comment: T, manageMembers: T, manageGroups: T, editNorms: T, schedule: T, invite: T, rotateKey: T, seeProgress: T, markOwnAttendance: T, markAttendance: T }],
  ];

  it.each(table)('a %s', (role, expected) => {
    expect(capabilitiesOf(role)).toEqual(expected);
  });

  it('an unknown role from a damaged record may do nothing, and the table cannot be changed', () => {
    expect(capabilitiesOf('kepala' as Role)).toEqual(NO_CAPABILITIES);
    expect(capabilitiesOf('toString' as Role)).toEqual(NO_CAPABILITIES);
    expect(Object.values(NO_CAPABILITIES).every((v) => v === false)).toBe(true);
    expect(() => {
      (capabilitiesOf(Role.GURU) as { invite: boolean }).invite = true;
    }).toThrow(TypeError);
  });

  it('a member who left, or someone unknown, may do nothing', () => {
    const doc = founded();
    addMember(doc, { id: BU_SARI, name: 'Bu Sari', now: NOW });
    expect(memberCapabilities(doc, BU_SARI).editContent).toBe(true);
    leaveCommunity(doc, BU_SARI, NOW + 1);
    expect(memberCapabilities(doc, BU_SARI)).toEqual(NO_CAPABILITIES);
    expect(memberCapabilities(doc, 'nobody-0000000001' as RecordId)).toEqual(NO_CAPABILITIES);
  });
});

describe('members', () => {
  it('a member joins as guru unless a role is given, and the list is by name', () => {
    const doc = founded();
    addMember(doc, { id: PAK_ADI, name: 'Pak Adi', role: Role.PENGAWAS, now: NOW });
    addMember(doc, { id: BU_SARI, name: 'bu Sari', school: 'TK Melati', now: NOW });
    expect(listMembers(doc).map((m) => [m.name, m.role])).toEqual([
      ['Bu Rina', 'fasilitator'],
      ['bu Sari', 'guru'],
      ['Pak Adi', 'pengawas'],
    ]);
    expect(getMember(doc, BU_SARI)).toEqual({
      id: BU_SARI,
      name: 'bu Sari',
      role: 'guru',
      school: 'TK Melati',
      groupId: null,
      joinedAt: NOW,
      active: true,
    });
  });

  it('adding the same member twice keeps the first record', () => {
    const doc = founded();
    addMember(doc, { id: BU_SARI, name: 'Bu Sari', now: NOW });
    setMemberRole(doc, BU_SARI, Role.FASILITATOR, NOW + 1);
    addMember(doc, { id: BU_SARI, name: 'Sari', now: NOW + 2 });
    expect(getMember(doc, BU_SARI)).toMatchObject({ name: 'Bu Sari', role: 'fasilitator', joinedAt: NOW });
  });

  it('a member may join before she has typed a name, and give it later', () => {
    const doc = founded();
    addMember(doc, { id: BU_SARI, name: '', now: NOW });
    expect(getMember(doc, BU_SARI)!.name).toBe('');
    setMemberName(doc, BU_SARI, 'Bu Sari');
    expect(getMember(doc, BU_SARI)!.name).toBe('Bu Sari');
  });

  it('a removed member keeps her record and who removed her, and leaves the active list', () => {
    const doc = founded();
    addMember(doc, { id: BU_SARI, name: 'Bu Sari', now: NOW });
    removeMember(doc, BU_SARI, BU_RINA, NOW + 5);
    expect(listMembers(doc).map((m) => m.id)).toEqual([BU_RINA]);
    expect(listMembers(doc, { includeFormer: true }).map((m) => m.id)).toEqual([BU_RINA, BU_SARI]);
    expect(getMember(doc, BU_SARI)).toMatchObject({ name: 'Bu Sari', active: false, removedAt: NOW + 5, removedBy: BU_RINA });
    expect(doc.getMap('members').has(BU_SARI)).toBe(true);
    expect(validateCommunityDoc(doc)).toEqual([]);
  });

  it('a member who left keeps her record; re-joining reactivates her with her old name if she gives none', () => {
    const doc = founded();
    addMember(doc, { id: BU_SARI, name: 'Bu Sari', school: 'TK Melati', now: NOW });
    leaveCommunity(doc, BU_SARI, NOW + 5);
    expect(getMember(doc, BU_SARI)).toMatchObject({ active: false, leftAt: NOW + 5 });
    addMember(doc, { id: BU_SARI, name: '', now: NOW + 9 });
    const back = getMember(doc, BU_SARI)!;
    expect(back).toMatchObject({ name: 'Bu Sari', school: 'TK Melati', role: 'guru', active: true, joinedAt: NOW + 9 });
    expect(back.leftAt).toBeUndefined();
  });

  it('a removed member re-joins', () => {
    const doc = founded();
    addMember(doc, { id: BU_SARI, name: 'Bu Sari', now: NOW });
    removeMember(doc, BU_SARI, BU_RINA, NOW + 1);
    addMember(doc, { id: BU_SARI, name: 'Bu Sari W.', now: NOW + 2 });
    expect(getMember(doc, BU_SARI)).toEqual(expect.objectContaining({ name: 'Bu Sari W.', active: true }));
    expect(getMember(doc, BU_SARI)!.removedAt).toBeUndefined();
    expect(getMember(doc, BU_SARI)!.removedBy).toBeUndefined();
  });

  it('the last fasilitator cannot step down, leave or be removed while others remain', () => {
    const doc = founded();
    addMember(doc, { id: BU_SARI, name: 'Bu Sari', now: NOW });
    for (const act of [
      () => setMemberRole(doc, BU_RINA, Role.GURU, NOW),
      () => leaveCommunity(doc, BU_RINA, NOW),
      () => removeMember(doc, BU_RINA, BU_SARI, NOW),
    ]) {
      expect(act).toThrow(expect.objectContaining({ reason: 'last-facilitator' }));
    }
    setMemberRole(doc, BU_SARI, Role.FASILITATOR, NOW + 1);
    setMemberRole(doc, BU_RINA, Role.GURU, NOW + 2);
    expect(getMember(doc, BU_RINA)!.role).toBe('guru');
    expect(doc.getMap<Y.Map<unknown>>('members').get(BU_RINA)!.get('roleChangedAt')).toBe(NOW + 2);
  });

  it('a fasilitator alone in her community may leave it', () => {
    const doc = founded();
    leaveCommunity(doc, BU_RINA, NOW + 1);
    expect(listMembers(doc)).toEqual([]);
  });

  it('refuses an unknown role and an unknown member', () => {
    const doc = founded();
    expect(() => setMemberRole(doc, BU_RINA, 'ketua' as Role, NOW)).toThrow(expect.objectContaining({ reason: 'invalid-role' }));
    expect(() => addMember(doc, { id: BU_SARI, name: 'Bu Sari', role: 'ketua' as Role, now: NOW })).toThrow(
      expect.objectContaining({ reason: 'invalid-role' }),
    );
    expect(() => removeMember(doc, BU_SARI, BU_RINA, NOW)).toThrow(expect.objectContaining({ reason: 'not-found' }));
    expect(() => leaveCommunity(doc, BU_SARI, NOW)).toThrow(expect.objectContaining({ reason: 'not-found' }));
  });

  it('skips damaged or foreign member records instead of failing', () => {
    const doc = founded();
    const members = doc.getMap<unknown>('members');
    members.set('junk', 'not a map');
    const noRole = new Y.Map<unknown>();
    noRole.set('id', 'member-broken-001');
    noRole.set('name', 'Tanpa peran');
    members.set('member-broken-001', noRole);
    const otherId = new Y.Map<unknown>();
    otherId.set('id', 'someone-else');
    members.set('member-other-0001', otherId);
    expect(listMembers(doc, { includeFormer: true }).map((m) => m.id)).toEqual([BU_RINA]);
    expect(getMember(doc, 'member-broken-001' as RecordId)).toBeUndefined();
    expect(validateCommunityDoc(doc).map((p) => p.path)).toEqual(
      expect.arrayContaining(['members.junk', 'members.member-broken-001.role', 'members.member-other-0001.id']),
    );
  });
});
