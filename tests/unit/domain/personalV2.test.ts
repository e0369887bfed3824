import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCommunityMembership,
  getCommunityMembership,
  initPersonalDoc,
  listCommunityMemberships,
  markCommunityLeft,
  setCommunityMembershipName,
  updateCommunityKey,
  validatePersonalDoc,
  type CommunityMembership,
  type DocName,
  type RecordId,
  type RoomKey,
} from '../../../src/domain';
import { exchange, reencode } from './support';

const NOW = Date.UTC(2025, 1, 7, 6, 0);
const GUGUS = 'c-gugusPaudMasamba01' as DocName;
const TK = 'c-kbTkPertiwi000001' as DocName;
const ONLINE = 'c-kbDaringLiterasi01' as DocName;

function membership(doc: DocName, change: Partial<CommunityMembership> = {}): Omit<CommunityMembership, 'leftAt'> {
  return {
    doc,
    key: `key-${doc.slice(2)}-0000000` as RoomKey,
    memberId: `m-${doc.slice(2, 14)}` as RecordId,
    memberSecret: 'secret-0123456789abcdef',
    name: 'KB Gugus PAUD Masamba',
    joinedAt: NOW,
    ...change,
  };
}

function personal(): Y.Doc {
  const doc = new Y.Doc();
  initPersonalDoc(doc, NOW);
  return doc;
}

function updatesOf(doc: Y.Doc): () => number {
  let count = 0;
  doc.on('update', () => count++);
  return () => count;
}

describe('her communities in her personal document', () => {
  it('a membership is stored and read back, the admin key only for the founder', () => {
    const doc = personal();
    const updates = updatesOf(doc);
    addCommunityMembership(doc, membership(GUGUS, { adminKey: 'admin-key-000000000001' as RoomKey, name: '  KB Gugus PAUD Masamba ' }));
    addCommunityMembership(doc, membership(TK, { name: 'KB TK Pertiwi' }));
    expect(updates()).toBe(2);
    expect(getCommunityMembership(doc, GUGUS)).toEqual({
      ...membership(GUGUS),
      adminKey: 'admin-key-000000000001',
      name: 'KB Gugus PAUD Masamba',
    });
    expect(getCommunityMembership(doc, TK)).toEqual(membership(TK, { name: 'KB TK Pertiwi' }));
    expect(getCommunityMembership(doc, TK)!.adminKey).toBeUndefined();
    expect(validatePersonalDoc(doc)).toEqual([]);
  });

  it('adding the same community again changes nothing (idempotent on doc)', () => {
    const doc = personal();
    addCommunityMembership(doc, membership(GUGUS));
    const updates = updatesOf(doc);
    addCommunityMembership(doc, membership(GUGUS, { key: 'another-key-0000000001' as RoomKey, memberId: 'other-member' as RecordId }));
    expect(updates()).toBe(0);
    expect(getCommunityMembership(doc, GUGUS)).toEqual(membership(GUGUS));
  });

  it('a community joined before its document arrived has an empty name until it is known', () => {
    const doc = personal();
    addCommunityMembership(doc, membership(GUGUS, { name: '' }));
    expect(getCommunityMembership(doc, GUGUS)!.name).toBe('');
    setCommunityMembershipName(doc, GUGUS, 'KB Gugus PAUD Masamba');
    expect(getCommunityMembership(doc, GUGUS)!.name).toBe('KB Gugus PAUD Masamba');
  });

  it('are listed active first, each part by name; a community she left comes last', () => {
    const doc = personal();
    addCommunityMembership(doc, membership(ONLINE, { name: 'Komunitas Daring Literasi' }));
    addCommunityMembership(doc, membership(TK, { name: 'kb TK Pertiwi' }));
    addCommunityMembership(doc, membership(GUGUS, { name: 'KB Gugus PAUD Masamba' }));
    expect(listCommunityMemberships(doc).map((m) => m.doc)).toEqual([GUGUS, TK, ONLINE]);
    markCommunityLeft(doc, GUGUS, NOW + 1);
    expect(listCommunityMemberships(doc).map((m) => [m.doc, m.leftAt])).toEqual([
      [TK, undefined],
      [ONLINE, undefined],
      [GUGUS, NOW + 1],
    ]);
  });

  it('leaving twice keeps the first time', () => {
    const doc = personal();
    addCommunityMembership(doc, membership(GUGUS));
    markCommunityLeft(doc, GUGUS, NOW + 1);
    markCommunityLeft(doc, GUGUS, NOW + 2);
    expect(getCommunityMembership(doc, GUGUS)!.leftAt).toBe(NOW + 1);
  });

  it('re-joining a community she left keeps her member id and secret, takes the new key, and clears leftAt', () => {
    const doc = personal();
    addCommunityMembership(doc, membership(GUGUS));
    markCommunityLeft(doc, GUGUS, NOW + 1);
    addCommunityMembership(
      doc,
      membership(GUGUS, { key: 'rotated-key-0000000001' as RoomKey, memberId: 'fresh-id' as RecordId, memberSecret: 'fresh-secret', name: '', joinedAt: NOW + 2 }),
    );
    expect(getCommunityMembership(doc, GUGUS)).toEqual({ ...membership(GUGUS), key: 'rotated-key-0000000001', joinedAt: NOW + 2 });
  });

  it('a rotated key replaces the old one', () => {
    const doc = personal();
    addCommunityMembership(doc, membership(GUGUS));
    updateCommunityKey(doc, GUGUS, 'rotated-key-0000000001' as RoomKey);
    expect(getCommunityMembership(doc, GUGUS)!.key).toBe('rotated-key-0000000001');
    expect(() => updateCommunityKey(doc, GUGUS, 'short' as RoomKey)).toThrow(expect.objectContaining({ reason: 'invalid-key' }));
    expect(() => updateCommunityKey(doc, TK, 'rotated-key-0000000001' as RoomKey)).toThrow(expect.objectContaining({ reason: 'not-found' }));
    expect(() => markCommunityLeft(doc, TK, NOW)).toThrow(expect.objectContaining({ reason: 'not-found' }));
    expect(() => setCommunityMembershipName(doc, TK, 'x')).toThrow(expect.objectContaining({ reason: 'not-found' }));
  });

  it.each<[string, Partial<CommunityMembership>, string]>([
    ['a personal document name', { doc: 'p-notACommunity00001' as DocName }, 'invalid-id'],
    ['a document name that is too short', { doc: 'c-short' as DocName }, 'invalid-id'],
    ['a room key that is too short', { key: 'short' as RoomKey }, 'invalid-key'],
    ['an admin key with spaces', { adminKey: 'admin key 0000000000001' as RoomKey }, 'invalid-key'],
    ['an empty member secret', { memberSecret: '' }, 'invalid-key'],
    ['an empty member id', { memberId: '' as RecordId }, 'invalid-id'],
    ['a name of 81 characters', { name: 'x'.repeat(81) }, 'invalid-name'],
    ['a join time that is not a timestamp', { joinedAt: Number.NaN }, 'invalid-date'],
  ])('refuses %s and writes nothing', (_label, change, reason) => {
    const doc = personal();
    const updates = updatesOf(doc);
    expect(() => addCommunityMembership(doc, membership(GUGUS, change))).toThrow(expect.objectContaining({ name: 'DomainError', reason }));
    expect(updates()).toBe(0);
  });

  it('malformed records are skipped by the list and reported by validation', () => {
    const doc = personal();
    addCommunityMembership(doc, membership(GUGUS));
    const communities = doc.getMap<unknown>('communities');
    communities.set('c-notAMap0000000001', 'x');
    const badKey = new Y.Map<unknown>();
    for (const [field, value] of Object.entries(membership(TK))) badKey.set(field, value);
    badKey.set('key', 'bad key');
    communities.set(TK, badKey);
    const wrongDoc = new Y.Map<unknown>();
    for (const [field, value] of Object.entries(membership(ONLINE))) wrongDoc.set(field, value);
    communities.set('p-personalNotCommunity1', wrongDoc);
    expect(listCommunityMemberships(doc).map((m) => m.doc)).toEqual([GUGUS]);
    expect(getCommunityMembership(doc, TK)).toBeUndefined();
    expect(validatePersonalDoc(doc)).toEqual([
      { path: 'communities.c-kbTkPertiwi000001.key', problem: 'not a room key' },
      { path: 'communities.c-notAMap0000000001', problem: 'not a Y.Map' },
      { path: 'communities.p-personalNotCommunity1', problem: 'key is not a community document name (c-…)' },
      { path: 'communities.p-personalNotCommunity1.doc', problem: 'differs from its key' },
    ]);
  });
});

describe('her second phone', () => {
  it('learns her communities and keys from her personal document', () => {
    const first = personal();
    const second = reencode(first); // the same personal document, synced under her personal key
    addCommunityMembership(first, membership(GUGUS, { adminKey: 'admin-key-000000000001' as RoomKey }));
    addCommunityMembership(first, membership(TK, { name: 'KB TK Pertiwi' }));
    exchange(first, second);
    expect(listCommunityMemberships(second)).toEqual(listCommunityMemberships(first));
    expect(getCommunityMembership(second, GUGUS)!.adminKey).toBe('admin-key-000000000001');
  });

  it('a key rotated on one phone and a rename on the other, both offline, both survive', () => {
    const first = personal();
    addCommunityMembership(first, membership(GUGUS));
    const second = reencode(first);
    updateCommunityKey(first, GUGUS, 'rotated-key-0000000001' as RoomKey);
    setCommunityMembershipName(second, GUGUS, 'KB Gugus Melati');
    exchange(first, second);
    for (const phone of [first, second]) {
      expect(getCommunityMembership(phone, GUGUS)).toMatchObject({ key: 'rotated-key-0000000001', name: 'KB Gugus Melati' });
    }
  });

  it('joining different communities on two phones offline keeps both', () => {
    const first = personal();
    const second = reencode(first);
    addCommunityMembership(first, membership(GUGUS));
    addCommunityMembership(second, membership(TK, { name: 'KB TK Pertiwi' }));
    exchange(first, second);
    expect(listCommunityMemberships(first).map((m) => m.doc)).toEqual([GUGUS, TK]);
    expect(listCommunityMemberships(second).map((m) => m.doc)).toEqual([GUGUS, TK]);
  });
});
