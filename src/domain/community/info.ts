/**
 * A community itself: creating it (offline, on the facilitator's phone), its name, kind, focus (the
 * *domain*: what the members care about) and schools.
 */
import * as Y from 'yjs';
import type { RecordId } from '../ids';
import { DomainError } from '../personal/DomainError';
import { MetaKey } from '../personal/schema';
import {
  isLine,
  isRecordIdLike,
  isTextWithin,
  isTimestamp,
  NAME_MAX,
  normalizeLine,
  PLACE_MAX,
  requireRecordId,
  requireTimestamp,
  TEXT_MAX,
} from './fields';
import { initCommunityDoc } from './migrate';
import { addMember } from './members';
import { seedDefaultNorms } from './norms';
import { COMMUNITY_KIND, COMMUNITY_SCHEMA_VERSION, CommunityRoot, InfoKey, isCommunityKind, Role, type CommunityKind } from './schema';

export interface CommunityInfo {
  name: string;
  kind: CommunityKind;
  /** The focus as plain text (the live `Y.Text` is getCommunityFocus). */
  focus: string;
  /** Schools, trimmed, without duplicates, in the document's order. */
  schools: string[];
  createdAt: number;
  createdBy: RecordId;
}

function infoOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(CommunityRoot.INFO);
}

function normalizeCommunityName(name: unknown): string {
  const normalized = normalizeLine(name, 1, NAME_MAX);
  if (normalized === undefined) throw new DomainError('invalid-name', `a community name has 1 to ${NAME_MAX} characters`);
  return normalized;
}

/** Trimmed, non-empty, without duplicates; throws 'invalid-text' for a school name that is not one line of ≤ 120. */
function normalizeSchools(schools: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const school of schools) {
    const normalized = normalizeLine(school, 0, PLACE_MAX);
    if (normalized === undefined) throw new DomainError('invalid-text', `a school name has at most ${PLACE_MAX} characters`);
    if (normalized !== '' && !out.includes(normalized)) out.push(normalized);
  }
  return out;
}

/**
 * Makes the community in `doc`, in one transaction: `meta` (if the document has none yet), `info`, the
 * founder as its first member with role fasilitator, and the DEFAULT_NORMS. The founder's school
 * defaults to the first school. Throws 'already-exists' when the document already holds a community,
 * 'invalid-name', 'invalid-kind', 'invalid-text' (focus, schools), 'invalid-id', 'invalid-date' (now),
 * and what initCommunityDoc throws.
 */
export function createCommunity(
  doc: Y.Doc,
  input: {
    name: string;
    kind: CommunityKind;
    focus: string;
    schools: string[];
    founder: { id: RecordId; name: string; school?: string };
    now: number;
  },
): void {
  const name = normalizeCommunityName(input.name);
  if (!isCommunityKind(input.kind)) throw new DomainError('invalid-kind', `not a community kind: ${String(input.kind)}`);
  if (!isTextWithin(input.focus, TEXT_MAX)) throw new DomainError('invalid-text', `a focus has at most ${TEXT_MAX} characters`);
  const schools = normalizeSchools(Array.isArray(input.schools) ? input.schools : []);
  const founderId = requireRecordId(input.founder?.id, 'founder id');
  const now = requireTimestamp(input.now);
  // Before the transaction: a migration applies an update of its own, which must not share a
  // transaction with this phone's writes (see personal/migrate.ts).
  initCommunityDoc(doc, now);
  const info = infoOf(doc);
  if (info.has(InfoKey.NAME) || info.has(InfoKey.CREATED_AT)) {
    throw new DomainError('already-exists', 'this document already holds a community');
  }
  doc.transact(() => {
    const meta = doc.getMap<unknown>(CommunityRoot.META);
    if (meta.get(MetaKey.SCHEMA) === undefined) meta.set(MetaKey.SCHEMA, COMMUNITY_SCHEMA_VERSION);
    if (meta.get(MetaKey.KIND) === undefined) meta.set(MetaKey.KIND, COMMUNITY_KIND);
    if (!isTimestamp(meta.get(MetaKey.CREATED_AT))) meta.set(MetaKey.CREATED_AT, now);
    info.set(InfoKey.NAME, name);
    info.set(InfoKey.KIND, input.kind);
    info.set(InfoKey.FOCUS, new Y.Text(input.focus.trim()));
    info.set(InfoKey.SCHOOLS, Y.Array.from<string>(schools));
    info.set(InfoKey.CREATED_AT, now);
    info.set(InfoKey.CREATED_BY, founderId);
    addMember(doc, {
      id: founderId,
      name: input.founder.name,
      role: Role.FASILITATOR,
      school: input.founder.school ?? schools[0] ?? '',
      now,
    });
    seedDefaultNorms(doc, founderId, now);
  });
}

function readSchools(value: unknown): string[] | undefined {
  if (!(value instanceof Y.Array)) return undefined;
  const schools: string[] = [];
  for (const school of (value as Y.Array<unknown>).toArray()) {
    // Two phones adding the same school offline both insert it: the reader shows it once.
    const normalized = normalizeLine(school, 1, PLACE_MAX);
    if (normalized !== undefined && !schools.includes(normalized)) schools.push(normalized);
  }
  return schools;
}

/** The community's name, kind, focus and schools, or undefined until `info` is complete and valid. */
export function getCommunityInfo(doc: Y.Doc): CommunityInfo | undefined {
  const info = infoOf(doc);
  const name = info.get(InfoKey.NAME);
  const kind = info.get(InfoKey.KIND);
  const focus = info.get(InfoKey.FOCUS);
  const schools = readSchools(info.get(InfoKey.SCHOOLS));
  const createdAt = info.get(InfoKey.CREATED_AT);
  const createdBy = info.get(InfoKey.CREATED_BY);
  if (!isLine(name, 1, NAME_MAX) || !isCommunityKind(kind) || !(focus instanceof Y.Text) || !schools) return undefined;
  if (!isTimestamp(createdAt) || !isRecordIdLike(createdBy)) return undefined;
  return { name: name as string, kind, focus: focus.toString(), schools, createdAt, createdBy };
}

/** The live focus text (for an editor binding), or undefined. */
export function getCommunityFocus(doc: Y.Doc): Y.Text | undefined {
  const focus = infoOf(doc).get(InfoKey.FOCUS);
  return focus instanceof Y.Text ? focus : undefined;
}

function requireInfo(doc: Y.Doc): Y.Map<unknown> {
  if (!getCommunityInfo(doc)) throw new DomainError('not-found', 'this document holds no community yet');
  return infoOf(doc);
}

/** Renames the community. `now` is kept for the signature's symmetry (no rename time is stored in v1). */
export function setCommunityName(doc: Y.Doc, name: string, now: number): void {
  const normalized = normalizeCommunityName(name);
  requireTimestamp(now);
  const info = requireInfo(doc);
  if (info.get(InfoKey.NAME) !== normalized) doc.transact(() => info.set(InfoKey.NAME, normalized));
}

/** Changes the kind. Throws 'invalid-kind', 'not-found'. */
export function setCommunityKind(doc: Y.Doc, kind: CommunityKind): void {
  if (!isCommunityKind(kind)) throw new DomainError('invalid-kind', `not a community kind: ${String(kind)}`);
  const info = requireInfo(doc);
  if (info.get(InfoKey.KIND) !== kind) doc.transact(() => info.set(InfoKey.KIND, kind));
}

/**
 * Sets the schools by editing the list in place: removes the ones no longer given and appends the
 * new ones (so a school added on another phone meanwhile is not erased). Throws 'invalid-text', 'not-found'.
 */
export function setCommunitySchools(doc: Y.Doc, schools: string[]): void {
  const wanted = normalizeSchools(schools);
  const array = requireInfo(doc).get(InfoKey.SCHOOLS) as Y.Array<unknown>;
  doc.transact(() => {
    const present: string[] = [];
    for (let i = array.length - 1; i >= 0; i--) {
      const school = normalizeLine(array.get(i), 1, PLACE_MAX);
      if (school === undefined || !wanted.includes(school) || present.includes(school)) array.delete(i, 1);
      else present.push(school);
    }
    const missing = wanted.filter((school) => !present.includes(school));
    if (missing.length > 0) array.push(missing);
  });
}
