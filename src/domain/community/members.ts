/**
 * Members of a community and their roles. A member who leaves or is removed keeps her record, marked
 * with `leftAt` or `removedAt`: what she wrote stays attributed to her name. Members are never
 * deleted.
 */
import * as Y from 'yjs';
import type { RecordId } from '../ids';
import { DomainError } from '../personal/DomainError';
import type { SchemaProblem } from '../personal/schema';
import {
  compareByName,
  isGroupRef,
  isLine,
  isRecordIdLike,
  NAME_MAX,
  normalizeLine,
  PLACE_MAX,
  Problems,
  requireRecordId,
  requireTimestamp,
} from './fields';
import { liveGroupIds } from './groupRecord';
import { CommunityRoot, isRole, MemberKey, Role } from './schema';

export interface MemberView {
  id: RecordId;
  /** Her name as she gave it; `''` when she joined before giving one (the interface shows a placeholder). */
  name: string;
  role: Role;
  school: string;
  /** Her small group, or null. A reference to a group that no longer exists or is archived reads as null. */
  groupId: RecordId | null;
  joinedAt: number;
  removedAt?: number;
  removedBy?: RecordId;
  leftAt?: number;
  /** Neither left nor removed. */
  active: boolean;
}

export function membersOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(CommunityRoot.MEMBERS);
}

/**
 * The member if the record under `key` is valid, and every problem found (empty when valid).
 * `groupId` is returned as stored; listMembers and getMember resolve it against the live groups.
 */
export function inspectMember(key: string, value: unknown): { member?: MemberView; problems: SchemaProblem[] } {
  const problems = new Problems(`${CommunityRoot.MEMBERS}.${key}`);
  const record = problems.record(key, value);
  if (!record) return { problems: problems.list };
  const name = record.get(MemberKey.NAME);
  if (!isLine(name, 0, NAME_MAX)) problems.add(MemberKey.NAME, `not a trimmed name of at most ${NAME_MAX} characters`);
  const role = record.get(MemberKey.ROLE);
  if (!isRole(role)) problems.add(MemberKey.ROLE, 'not a known role');
  const school = record.get(MemberKey.SCHOOL);
  if (!isLine(school, 0, PLACE_MAX)) problems.add(MemberKey.SCHOOL, `not a trimmed name of at most ${PLACE_MAX} characters`);
  const joinedAt = problems.timestamp(record, MemberKey.JOINED_AT);
  const groupId = record.get(MemberKey.GROUP_ID);
  if (!isGroupRef(groupId)) problems.add(MemberKey.GROUP_ID, 'not a group id or null');
  problems.timestamp(record, MemberKey.ROLE_CHANGED_AT, true);
  const removedAt = problems.timestamp(record, MemberKey.REMOVED_AT, true);
  const removedBy = record.get(MemberKey.REMOVED_BY);
  if (removedBy !== undefined && !isRecordIdLike(removedBy)) problems.add(MemberKey.REMOVED_BY, 'not a member id');
  const leftAt = problems.timestamp(record, MemberKey.LEFT_AT, true);
  if (problems.list.length > 0) return { problems: problems.list };
  const member: MemberView = {
    id: key as RecordId,
    name: name as string,
    role: role as Role,
    school: school as string,
    groupId: groupId as RecordId | null,
    joinedAt: joinedAt!,
    active: removedAt === undefined && leftAt === undefined,
  };
  if (removedAt !== undefined) member.removedAt = removedAt;
  if (removedBy !== undefined) member.removedBy = removedBy as RecordId;
  if (leftAt !== undefined) member.leftAt = leftAt;
  return { member, problems: [] };
}

/** Every valid member (former ones included), group references resolved, unsorted. */
function readMembers(doc: Y.Doc): MemberView[] {
  const live = liveGroupIds(doc);
  const members: MemberView[] = [];
  membersOf(doc).forEach((value, key) => {
    const { member } = inspectMember(key, value);
    if (!member) return;
    if (member.groupId !== null && !live.has(member.groupId)) member.groupId = null;
    members.push(member);
  });
  return members;
}

/** Members by name (then id), active ones only unless `includeFormer`. Damaged records are skipped. */
export function listMembers(doc: Y.Doc, opts: { includeFormer?: boolean } = {}): MemberView[] {
  return readMembers(doc)
    .filter((member) => opts.includeFormer || member.active)
    .sort(compareByName);
}

/** A member, active or former, or undefined when there is none or her record is damaged. */
export function getMember(doc: Y.Doc, id: RecordId): MemberView | undefined {
  const { member } = inspectMember(id, membersOf(doc).get(id));
  if (member && member.groupId !== null && !liveGroupIds(doc).has(member.groupId)) member.groupId = null;
  return member;
}

function requireMemberRecord(doc: Y.Doc, id: RecordId): { record: Y.Map<unknown>; member: MemberView } {
  const record = membersOf(doc).get(id);
  const { member } = inspectMember(id, record);
  if (!member) throw new DomainError('not-found', `no member ${id}`);
  return { record: record as Y.Map<unknown>, member };
}

function normalizeMemberName(name: unknown): string {
  const normalized = normalizeLine(name, 0, NAME_MAX);
  if (normalized === undefined) throw new DomainError('invalid-name', `a name has at most ${NAME_MAX} characters on one line`);
  return normalized;
}

function normalizeSchool(school: unknown): string {
  const normalized = normalizeLine(school, 0, PLACE_MAX);
  if (normalized === undefined) throw new DomainError('invalid-text', `a school name has at most ${PLACE_MAX} characters`);
  return normalized;
}

/**
 * Adds a member (role guru unless given). Idempotent on `id`: an active member is left as she is.
 * A member who left or was removed is reactivated (a re-join): `leftAt`, `removedAt` and `removedBy`
 * are cleared, `joinedAt` becomes `now`, and the name, role and school given replace hers; her group
 * is kept. An empty name is accepted (she may join before typing one; see setMemberName).
 * Throws 'invalid-id', 'invalid-name', 'invalid-role', 'invalid-text' (school), 'invalid-date' (now).
 */
export function addMember(
  doc: Y.Doc,
  input: { id: RecordId; name: string; role?: Role; school?: string; now: number },
): void {
  const id = requireRecordId(input.id, 'member id');
  const name = normalizeMemberName(input.name);
  if (input.role !== undefined && !isRole(input.role)) throw new DomainError('invalid-role', `not a role: ${String(input.role)}`);
  const school = input.school === undefined ? undefined : normalizeSchool(input.school);
  const now = requireTimestamp(input.now);
  const members = membersOf(doc);
  const existing = members.get(id);
  if (existing instanceof Y.Map) {
    const { member } = inspectMember(id, existing);
    if (member?.active) return;
    const record = existing as Y.Map<unknown>;
    const storedRole = record.get(MemberKey.ROLE);
    const storedName = normalizeLine(record.get(MemberKey.NAME), 0, NAME_MAX);
    const storedSchool = normalizeLine(record.get(MemberKey.SCHOOL), 0, PLACE_MAX);
    doc.transact(() => {
      // Fields are set one by one (not a new map): a new map under the same key would discard
      // whatever another phone wrote into the old one meanwhile.
      record.set(MemberKey.ID, id);
      // An empty name (her profile has none yet) does not erase the name she had.
      if (name !== '' || storedName === undefined) record.set(MemberKey.NAME, name);
      if (input.role !== undefined || !isRole(storedRole)) record.set(MemberKey.ROLE, input.role ?? Role.GURU);
      if (school !== undefined || storedSchool === undefined) record.set(MemberKey.SCHOOL, school ?? '');
      record.set(MemberKey.JOINED_AT, now);
      if (!isGroupRef(record.get(MemberKey.GROUP_ID))) record.set(MemberKey.GROUP_ID, null);
      for (const key of [MemberKey.REMOVED_AT, MemberKey.REMOVED_BY, MemberKey.LEFT_AT]) {
        if (record.has(key)) record.delete(key);
      }
    });
    return;
  }
  const record = new Y.Map<unknown>();
  record.set(MemberKey.ID, id);
  record.set(MemberKey.NAME, name);
  record.set(MemberKey.ROLE, input.role ?? Role.GURU);
  record.set(MemberKey.SCHOOL, school ?? '');
  record.set(MemberKey.JOINED_AT, now);
  record.set(MemberKey.GROUP_ID, null);
  doc.transact(() => members.set(id, record));
}

/** Sets her name as shown to the community (e.g. once she has typed one). Throws 'invalid-name', 'not-found'. */
export function setMemberName(doc: Y.Doc, id: RecordId, name: string): void {
  const normalized = normalizeMemberName(name);
  const { record } = requireMemberRecord(doc, id);
  if (record.get(MemberKey.NAME) !== normalized) doc.transact(() => record.set(MemberKey.NAME, normalized));
}

/** Sets her school. Throws 'invalid-text', 'not-found'. */
export function setMemberSchool(doc: Y.Doc, id: RecordId, school: string): void {
  const normalized = normalizeSchool(school);
  const { record } = requireMemberRecord(doc, id);
  if (record.get(MemberKey.SCHOOL) !== normalized) doc.transact(() => record.set(MemberKey.SCHOOL, normalized));
}

/** Active facilitators other than `id`. */
function otherFacilitators(doc: Y.Doc, id: RecordId): number {
  return readMembers(doc).filter((m) => m.active && m.id !== id && m.role === Role.FASILITATOR).length;
}

/**
 * A community must keep a facilitator while it has members: she is the one who can manage it.
 * Refuses to take the last active facilitator away while other active members remain.
 * (Two phones offline can still each take one away; the interface then offers any member the role.)
 */
function guardLastFacilitator(doc: Y.Doc, member: MemberView): void {
  if (!member.active || member.role !== Role.FASILITATOR || otherFacilitators(doc, member.id) > 0) return;
  const othersActive = readMembers(doc).some((m) => m.active && m.id !== member.id);
  if (othersActive) throw new DomainError('last-facilitator', 'the community needs another fasilitator first');
}

/**
 * Changes a member's role and records when (`roleChangedAt`). Throws 'invalid-role', 'not-found',
 * and 'last-facilitator' when she is the only active fasilitator (someone else must take it first).
 */
export function setMemberRole(doc: Y.Doc, id: RecordId, role: Role, now: number): void {
  if (!isRole(role)) throw new DomainError('invalid-role', `not a role: ${String(role)}`);
  requireTimestamp(now);
  const { record, member } = requireMemberRecord(doc, id);
  if (member.role === role) return;
  if (member.active && member.role === Role.FASILITATOR && otherFacilitators(doc, id) === 0) {
    throw new DomainError('last-facilitator', 'the community needs another fasilitator first');
  }
  doc.transact(() => {
    record.set(MemberKey.ROLE, role);
    record.set(MemberKey.ROLE_CHANGED_AT, now);
  });
}

/**
 * Removes a member: she stays in the document (her contributions keep her name) with `removedAt` and
 * `removedBy`, and no longer counts as active. Already inactive: nothing changes. Throws 'not-found',
 * 'invalid-id' (by), 'last-facilitator'. Removing her phone's access is a key rotation (sync layer).
 */
export function removeMember(doc: Y.Doc, id: RecordId, by: RecordId, now: number): void {
  requireRecordId(by, 'by');
  requireTimestamp(now);
  const { record, member } = requireMemberRecord(doc, id);
  if (!member.active) return;
  guardLastFacilitator(doc, member);
  doc.transact(() => {
    record.set(MemberKey.REMOVED_AT, now);
    record.set(MemberKey.REMOVED_BY, by);
  });
}

/** She leaves: `leftAt = now`, her record and contributions stay. Throws 'not-found', 'last-facilitator'. */
export function leaveCommunity(doc: Y.Doc, id: RecordId, now: number): void {
  requireTimestamp(now);
  const { record, member } = requireMemberRecord(doc, id);
  if (!member.active) return;
  guardLastFacilitator(doc, member);
  doc.transact(() => record.set(MemberKey.LEFT_AT, now));
}
