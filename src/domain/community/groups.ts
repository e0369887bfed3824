/**
 * Small groups (kelompok kecil): seed 000's 25 teachers worked in five groups of five. A group is
 * archived, never deleted, so meetings and goals that belonged to it keep their reference.
 */
import * as Y from 'yjs';
import { newRecordId, type RecordId } from '../ids';
import { DomainError } from '../personal/DomainError';
import { compareByName, NAME_MAX, normalizeLine, requireRecordId, requireTimestamp } from './fields';
import { groupsOf, inspectGroup, isLiveGroup, readGroups } from './groupRecord';
import { inspectMember, listMembers, membersOf } from './members';
import { GroupKey, MemberKey, type Role } from './schema';

export interface GroupView {
  id: RecordId;
  name: string;
  /** Active members in this group, by name. */
  memberIds: RecordId[];
  createdAt: number;
}

/** Most groups one split makes. */
export const MAX_GROUPS = 50;

/** The name splitIntoGroups gives group `n` (1-based). */
export function defaultGroupName(n: number): string {
  return `Kelompok ${n}`;
}

function normalizeGroupName(name: unknown): string {
  const normalized = normalizeLine(name, 1, NAME_MAX);
  if (normalized === undefined) throw new DomainError('invalid-name', `a group name has 1 to ${NAME_MAX} characters`);
  return normalized;
}

function newGroupRecord(id: RecordId, name: string, now: number): Y.Map<unknown> {
  const record = new Y.Map<unknown>();
  record.set(GroupKey.ID, id);
  record.set(GroupKey.NAME, name);
  record.set(GroupKey.CREATED_AT, now);
  return record;
}

/**
 * Creates a group and returns its id. Idempotent on an explicit `id`: an existing group is left as it
 * is. Throws 'invalid-name' (1 to 80 characters), 'invalid-id', 'invalid-date' (now).
 */
export function createGroup(doc: Y.Doc, input: { name: string; now: number; id?: RecordId }): RecordId {
  const name = normalizeGroupName(input.name);
  const now = requireTimestamp(input.now);
  const id = requireRecordId(input.id ?? newRecordId(), 'group id');
  const groups = groupsOf(doc);
  if (groups.has(id)) return id;
  doc.transact(() => groups.set(id, newGroupRecord(id, name, now)));
  return id;
}

/** Renames a group (archived ones too). Throws 'invalid-name', 'not-found'. */
export function renameGroup(doc: Y.Doc, id: RecordId, name: string): void {
  const normalized = normalizeGroupName(name);
  const record = groupsOf(doc).get(id);
  if (!inspectGroup(id, record).group) throw new DomainError('not-found', `no group ${id}`);
  doc.transact(() => (record as Y.Map<unknown>).set(GroupKey.NAME, normalized));
}

/** Sets `groupId` of every member record (active or not) that is in `groupId` to null. */
function emptyGroup(doc: Y.Doc, groupId: RecordId): void {
  membersOf(doc).forEach((value, key) => {
    const { member } = inspectMember(key, value);
    if (member?.groupId === groupId) (value as Y.Map<unknown>).set(MemberKey.GROUP_ID, null);
  });
}

/**
 * Archives a group: it leaves the list, its members have no group, and whatever refers to it (goals,
 * meetings) keeps the reference. Already archived: nothing changes. Throws 'not-found'.
 */
export function archiveGroup(doc: Y.Doc, id: RecordId, now: number): void {
  requireTimestamp(now);
  const record = groupsOf(doc).get(id);
  const { group } = inspectGroup(id, record);
  if (!group) throw new DomainError('not-found', `no group ${id}`);
  if (group.archivedAt !== undefined) return;
  doc.transact(() => {
    (record as Y.Map<unknown>).set(GroupKey.ARCHIVED_AT, now);
    emptyGroup(doc, id);
  });
}

/**
 * Splits the active members (optionally only those with one of `roles`) into `count` new groups named
 * "Kelompok 1" … "Kelompok n", and returns their ids in that order. Members are dealt round-robin in
 * name order (the n-th member by name goes to group n mod count), so sizes are as even as possible:
 * they differ by at most one, larger groups first (25 → 5 × 5; 7 into 4 → 2, 2, 2, 1). Groups that
 * existed are archived; members left out by `roles` end with no group. One transaction.
 * Throws 'invalid-count' unless count is an integer from 1 to MAX_GROUPS.
 */
export function splitIntoGroups(doc: Y.Doc, input: { count: number; now: number; roles?: readonly Role[] }): RecordId[] {
  const { count } = input;
  if (!Number.isInteger(count) || count < 1 || count > MAX_GROUPS) {
    throw new DomainError('invalid-count', `a split makes 1 to ${MAX_GROUPS} groups`);
  }
  const now = requireTimestamp(input.now);
  const members = listMembers(doc).filter((m) => input.roles === undefined || input.roles.includes(m.role));
  const ids = Array.from({ length: count }, () => newRecordId());
  const groups = groupsOf(doc);
  const records = membersOf(doc);
  doc.transact(() => {
    for (const group of readGroups(doc).values()) {
      if (group.archivedAt === undefined) (groups.get(group.id) as Y.Map<unknown>).set(GroupKey.ARCHIVED_AT, now);
    }
    // Every member record that pointed at an old group (active or former) is cleared first.
    records.forEach((value, key) => {
      const { member } = inspectMember(key, value);
      if (member && member.groupId !== null) (value as Y.Map<unknown>).set(MemberKey.GROUP_ID, null);
    });
    ids.forEach((id, i) => groups.set(id, newGroupRecord(id, defaultGroupName(i + 1), now)));
    members.forEach((member, i) => (records.get(member.id) as Y.Map<unknown>).set(MemberKey.GROUP_ID, ids[i % count]!));
  });
  return ids;
}

/** Puts a member (active or former) in a live group, or in none (null). Throws 'not-found' for either. */
export function moveMember(doc: Y.Doc, memberId: RecordId, groupId: RecordId | null): void {
  const record = membersOf(doc).get(memberId);
  if (!inspectMember(memberId, record).member) throw new DomainError('not-found', `no member ${memberId}`);
  if (groupId !== null && !isLiveGroup(doc, groupId)) throw new DomainError('not-found', `no group ${groupId}`);
  if ((record as Y.Map<unknown>).get(MemberKey.GROUP_ID) === groupId) return;
  doc.transact(() => (record as Y.Map<unknown>).set(MemberKey.GROUP_ID, groupId));
}

/** Live (not archived) groups by name ("Kelompok 2" before "Kelompok 10"), each with its active members. */
export function listGroups(doc: Y.Doc): GroupView[] {
  const views = new Map<RecordId, GroupView>();
  for (const group of readGroups(doc).values()) {
    if (group.archivedAt !== undefined) continue;
    views.set(group.id, { id: group.id, name: group.name, memberIds: [], createdAt: group.createdAt });
  }
  for (const member of listMembers(doc)) {
    if (member.groupId !== null) views.get(member.groupId)?.memberIds.push(member.id);
  }
  return [...views.values()].sort((a, b) => compareByName(a, b));
}
