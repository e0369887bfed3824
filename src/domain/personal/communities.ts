/**
 * Her communities and their keys, in her personal document (schema v2, `communities`). The personal
 * document syncs under her personal key, so this is how her second phone, or a recovered one, learns
 * which communities she belongs to and how to open them, and how a rotated key reaches every phone
 * of hers.
 *
 * One `Y.Map` per community, keyed by the community's document name, with plain values: a key
 * rotation (`key`) and a rename (`name`) made on two phones offline touch different fields and both
 * survive. Leaving keeps the record (`leftAt`), so a re-join restores her member id.
 */
import * as Y from 'yjs';
import { DocKind, docKind, isDocName, isRoomKey, type DocName, type RecordId, type RoomKey } from '../ids';
import { DomainError } from './DomainError';
import { isRecordIdLike } from './entryRecord';
import { MembershipKey, PersonalRoot, type SchemaProblem } from './schema';

export interface CommunityMembership {
  /** The community document `c-<id>`. */
  doc: DocName;
  /** The current room key of the community (replaced after a rotation). */
  key: RoomKey;
  /** Her member id in the community document. */
  memberId: RecordId;
  /** Proves to the relay that she is that member (e.g. to fetch a rotated key). */
  memberSecret: string;
  /** The admin key that can rotate the member key: only the fasilitator who created the community. */
  adminKey?: RoomKey;
  /** The community's name as last seen (`''` until its document has arrived). */
  name: string;
  joinedAt: number;
  leftAt?: number;
}

/** Longest member secret accepted, in characters. */
export const MEMBER_SECRET_MAX = 256;
/** Longest community name kept here, in code points (as the community document's own limit). */
export const MEMBERSHIP_NAME_MAX = 80;

const CONTROL = /\p{Cc}/u;

function isCommunityDocName(value: unknown): value is DocName {
  return isDocName(value) && docKind(value) === DocKind.COMMUNITY;
}

function isMemberSecret(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MEMBER_SECRET_MAX && !CONTROL.test(value);
}

function isTimestamp(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** The trimmed name if acceptable (0 to 80 code points, one line), else undefined. */
function normalizeName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if ([...trimmed].length > MEMBERSHIP_NAME_MAX || CONTROL.test(trimmed)) return undefined;
  return trimmed;
}

function communitiesOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(PersonalRoot.COMMUNITIES);
}

/** The membership if the record under `key` is valid, and every problem found (empty when valid). */
export function inspectMembership(key: string, value: unknown): { membership?: CommunityMembership; problems: SchemaProblem[] } {
  const at = `${PersonalRoot.COMMUNITIES}.${key}`;
  if (!(value instanceof Y.Map)) return { problems: [{ path: at, problem: 'not a Y.Map' }] };
  const record = value as Y.Map<unknown>;
  const problems: SchemaProblem[] = [];
  const add = (field: string, problem: string) => problems.push({ path: `${at}.${field}`, problem });
  if (!isCommunityDocName(key)) problems.push({ path: at, problem: 'key is not a community document name (c-…)' });
  if (record.get(MembershipKey.DOC) !== key) add(MembershipKey.DOC, 'differs from its key');
  const roomKey = record.get(MembershipKey.KEY);
  if (!isRoomKey(roomKey)) add(MembershipKey.KEY, 'not a room key');
  const memberId = record.get(MembershipKey.MEMBER_ID);
  if (!isRecordIdLike(memberId)) add(MembershipKey.MEMBER_ID, 'not a record id');
  const memberSecret = record.get(MembershipKey.MEMBER_SECRET);
  if (!isMemberSecret(memberSecret)) add(MembershipKey.MEMBER_SECRET, `not a secret of 1 to ${MEMBER_SECRET_MAX} characters`);
  const adminKey = record.get(MembershipKey.ADMIN_KEY);
  if (adminKey !== undefined && !isRoomKey(adminKey)) add(MembershipKey.ADMIN_KEY, 'not a room key');
  const name = record.get(MembershipKey.NAME);
  if (normalizeName(name) !== name || typeof name !== 'string') add(MembershipKey.NAME, `not a trimmed name of at most ${MEMBERSHIP_NAME_MAX} characters`);
  const joinedAt = record.get(MembershipKey.JOINED_AT);
  if (!isTimestamp(joinedAt)) add(MembershipKey.JOINED_AT, 'not a timestamp in milliseconds');
  const leftAt = record.get(MembershipKey.LEFT_AT);
  if (leftAt !== undefined && !isTimestamp(leftAt)) add(MembershipKey.LEFT_AT, 'not a timestamp in milliseconds');
  if (problems.length > 0) return { problems };
  const membership: CommunityMembership = {
    doc: key as DocName,
    key: roomKey as RoomKey,
    memberId: memberId as RecordId,
    memberSecret: memberSecret as string,
    name: name as string,
    joinedAt: joinedAt as number,
  };
  if (adminKey !== undefined) membership.adminKey = adminKey as RoomKey;
  if (leftAt !== undefined) membership.leftAt = leftAt as number;
  return { membership, problems };
}

/** Checks a membership given by the app; throws the DomainError for the first bad field. */
function checked(m: Omit<CommunityMembership, 'leftAt'>): Omit<CommunityMembership, 'leftAt'> {
  if (!isCommunityDocName(m.doc)) throw new DomainError('invalid-id', `not a community document name: ${String(m.doc)}`);
  if (!isRoomKey(m.key)) throw new DomainError('invalid-key', 'not a room key');
  if (!isRecordIdLike(m.memberId)) throw new DomainError('invalid-id', 'not a member id');
  if (!isMemberSecret(m.memberSecret)) throw new DomainError('invalid-key', `a member secret has 1 to ${MEMBER_SECRET_MAX} characters`);
  if (m.adminKey !== undefined && !isRoomKey(m.adminKey)) throw new DomainError('invalid-key', 'not an admin key');
  const name = normalizeName(m.name);
  if (name === undefined) throw new DomainError('invalid-name', `a community name has at most ${MEMBERSHIP_NAME_MAX} characters`);
  if (!isTimestamp(m.joinedAt)) throw new DomainError('invalid-date', 'joinedAt is not a timestamp');
  return { ...m, name };
}

/**
 * Records that she belongs to a community. Idempotent on `doc`: an active membership is left as it
 * is (use updateCommunityKey and setCommunityMembershipName to change one). A membership she left is
 * re-joined: `leftAt` is cleared, `key`, `joinedAt` (and `adminKey`, a non-empty `name`) are taken from
 * `m`, and her old member id and secret are kept when valid, so the community reactivates the same
 * member record (her past contributions) instead of adding a stranger with her name.
 * Throws 'invalid-id' (doc, memberId), 'invalid-key' (key, adminKey, memberSecret), 'invalid-name',
 * 'invalid-date'.
 */
export function addCommunityMembership(personalDoc: Y.Doc, m: Omit<CommunityMembership, 'leftAt'>): void {
  const input = checked(m);
  const communities = communitiesOf(personalDoc);
  const existing = communities.get(input.doc);
  if (existing instanceof Y.Map) {
    const record = existing as Y.Map<unknown>;
    const { membership } = inspectMembership(input.doc, record);
    if (membership && membership.leftAt === undefined) return;
    personalDoc.transact(() => {
      // Field by field, never a new map: a new map under the key would discard what another phone
      // wrote into the old one meanwhile (a rotated key, say).
      record.set(MembershipKey.DOC, input.doc);
      record.set(MembershipKey.KEY, input.key);
      if (!isRecordIdLike(record.get(MembershipKey.MEMBER_ID)) || !isMemberSecret(record.get(MembershipKey.MEMBER_SECRET))) {
        record.set(MembershipKey.MEMBER_ID, input.memberId);
        record.set(MembershipKey.MEMBER_SECRET, input.memberSecret);
      }
      if (input.adminKey !== undefined) record.set(MembershipKey.ADMIN_KEY, input.adminKey);
      else if (record.has(MembershipKey.ADMIN_KEY) && !isRoomKey(record.get(MembershipKey.ADMIN_KEY))) record.delete(MembershipKey.ADMIN_KEY);
      if (input.name !== '' || normalizeName(record.get(MembershipKey.NAME)) === undefined) record.set(MembershipKey.NAME, input.name);
      record.set(MembershipKey.JOINED_AT, input.joinedAt);
      if (record.has(MembershipKey.LEFT_AT)) record.delete(MembershipKey.LEFT_AT);
    });
    return;
  }
  const record = new Y.Map<unknown>();
  record.set(MembershipKey.DOC, input.doc);
  record.set(MembershipKey.KEY, input.key);
  record.set(MembershipKey.MEMBER_ID, input.memberId);
  record.set(MembershipKey.MEMBER_SECRET, input.memberSecret);
  if (input.adminKey !== undefined) record.set(MembershipKey.ADMIN_KEY, input.adminKey);
  record.set(MembershipKey.NAME, input.name);
  record.set(MembershipKey.JOINED_AT, input.joinedAt);
  personalDoc.transact(() => communities.set(input.doc, record));
}

const COLLATOR = new Intl.Collator('id', { sensitivity: 'base', numeric: true });

/** Active before left; then by name as people read it; then by document name (the same on every phone). */
function compareMemberships(a: CommunityMembership, b: CommunityMembership): number {
  const leftA = a.leftAt === undefined ? 0 : 1;
  const leftB = b.leftAt === undefined ? 0 : 1;
  if (leftA !== leftB) return leftA - leftB;
  const byName = COLLATOR.compare(a.name, b.name);
  if (byName !== 0) return byName;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.doc < b.doc ? -1 : a.doc > b.doc ? 1 : 0;
}

/** Her memberships, active first, each group by name. Malformed records (bad name or key…) are skipped. */
export function listCommunityMemberships(personalDoc: Y.Doc): CommunityMembership[] {
  const memberships: CommunityMembership[] = [];
  communitiesOf(personalDoc).forEach((value, key) => {
    const { membership } = inspectMembership(key, value);
    if (membership) memberships.push(membership);
  });
  return memberships.sort(compareMemberships);
}

/** Her membership of `doc` (active or left), or undefined when there is none or it is malformed. */
export function getCommunityMembership(personalDoc: Y.Doc, doc: DocName): CommunityMembership | undefined {
  return inspectMembership(doc, communitiesOf(personalDoc).get(doc)).membership;
}

function requireRecord(personalDoc: Y.Doc, doc: DocName): Y.Map<unknown> {
  const record = communitiesOf(personalDoc).get(doc);
  if (!inspectMembership(doc, record).membership) throw new DomainError('not-found', `no membership of ${String(doc)}`);
  return record as Y.Map<unknown>;
}

/** Replaces the community's room key after a rotation. Throws 'invalid-key', 'not-found'. */
export function updateCommunityKey(personalDoc: Y.Doc, doc: DocName, key: RoomKey): void {
  if (!isRoomKey(key)) throw new DomainError('invalid-key', 'not a room key');
  const record = requireRecord(personalDoc, doc);
  if (record.get(MembershipKey.KEY) !== key) personalDoc.transact(() => record.set(MembershipKey.KEY, key));
}

/** Keeps the community's name as its document says it. Throws 'invalid-name', 'not-found'. */
export function setCommunityMembershipName(personalDoc: Y.Doc, doc: DocName, name: string): void {
  const normalized = normalizeName(name);
  if (normalized === undefined) throw new DomainError('invalid-name', `a community name has at most ${MEMBERSHIP_NAME_MAX} characters`);
  const record = requireRecord(personalDoc, doc);
  if (record.get(MembershipKey.NAME) !== normalized) personalDoc.transact(() => record.set(MembershipKey.NAME, normalized));
}

/** She left the community: `leftAt = now`, the record (and her member id) stays. Already left: no change. */
export function markCommunityLeft(personalDoc: Y.Doc, doc: DocName, now: number): void {
  if (!isTimestamp(now)) throw new DomainError('invalid-date', 'now is not a timestamp');
  const record = requireRecord(personalDoc, doc);
  if (record.has(MembershipKey.LEFT_AT)) return;
  personalDoc.transact(() => record.set(MembershipKey.LEFT_AT, now));
}
