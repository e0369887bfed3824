/**
 * Agreements and norms (kesepakatan dan norma): titled texts the community edits together, in an
 * agreed order, and that each member acknowledges. A removed norm keeps its record (`removedAt`).
 */
import * as Y from 'yjs';
import { newRecordId, type RecordId } from '../ids';
import { DomainError } from '../personal/DomainError';
import type { SchemaProblem } from '../personal/schema';
import {
  compareCodeUnits,
  isRecordIdLike,
  isTextWithin,
  isTimestamp,
  NAME_MAX,
  normalizeLine,
  Problems,
  requireRecordId,
  requireTimestamp,
  TEXT_MAX,
} from './fields';
import { DEFAULT_NORMS } from './defaultNorms';
import { inspectMember, membersOf } from './members';
import { CommunityRoot, NormKey } from './schema';

export interface NormView {
  id: RecordId;
  title: Y.Text;
  text: Y.Text;
  /** Position in the list (ascending); ties fall back to createdAt, then id. */
  order: number;
  createdAt: number;
  createdBy: RecordId;
}

/** `normAcks.<memberId>.at`: when she last acknowledged the norms. */
export const NormAckKey = { AT: 'at' } as const;

function normsOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(CommunityRoot.NORMS);
}

function acksOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(CommunityRoot.NORM_ACKS);
}

/** The norm if valid (removed or not, see `removedAt`), and every problem found. */
export function inspectNorm(
  key: string,
  value: unknown,
): { norm?: NormView & { removedAt?: number }; problems: SchemaProblem[] } {
  const problems = new Problems(`${CommunityRoot.NORMS}.${key}`);
  const record = problems.record(key, value);
  if (!record) return { problems: problems.list };
  const title = problems.text(record, NormKey.TITLE);
  const text = problems.text(record, NormKey.TEXT);
  const order = record.get(NormKey.ORDER);
  if (typeof order !== 'number' || !Number.isFinite(order)) problems.add(NormKey.ORDER, 'not a finite number');
  const createdAt = problems.timestamp(record, NormKey.CREATED_AT);
  const createdBy = record.get(NormKey.CREATED_BY);
  if (!isRecordIdLike(createdBy)) problems.add(NormKey.CREATED_BY, 'not a member id');
  const removedAt = problems.timestamp(record, NormKey.REMOVED_AT, true);
  if (problems.list.length > 0) return { problems: problems.list };
  const norm: NormView & { removedAt?: number } = {
    id: key as RecordId,
    title: title!,
    text: text!,
    order: order as number,
    createdAt: createdAt!,
    createdBy: createdBy as RecordId,
  };
  if (removedAt !== undefined) norm.removedAt = removedAt;
  return { norm, problems: [] };
}

function readNorms(doc: Y.Doc): Array<NormView & { removedAt?: number }> {
  const norms: Array<NormView & { removedAt?: number }> = [];
  normsOf(doc).forEach((value, key) => {
    const { norm } = inspectNorm(key, value);
    if (norm) norms.push(norm);
  });
  return norms;
}

/** The norms in force (not removed), in their order. Damaged records are skipped. */
export function listNorms(doc: Y.Doc): NormView[] {
  return readNorms(doc)
    .filter((norm) => norm.removedAt === undefined)
    .sort((a, b) => a.order - b.order || a.createdAt - b.createdAt || compareCodeUnits(a.id, b.id))
    .map(({ removedAt: _removed, ...norm }) => norm);
}

function newNormRecord(input: { id: RecordId; title: string; text: string; order: number; by: RecordId; now: number }) {
  const record = new Y.Map<unknown>();
  record.set(NormKey.ID, input.id);
  record.set(NormKey.TITLE, new Y.Text(input.title));
  record.set(NormKey.TEXT, new Y.Text(input.text));
  record.set(NormKey.ORDER, input.order);
  record.set(NormKey.CREATED_AT, input.now);
  record.set(NormKey.CREATED_BY, input.by);
  return record;
}

/** One more than the highest order of any norm, removed ones included (so a new one goes last). */
function nextOrder(doc: Y.Doc): number {
  let max = 0;
  for (const norm of readNorms(doc)) max = Math.max(max, norm.order);
  return Math.floor(max) + 1;
}

/**
 * Adds a norm at the end and returns its id. Throws 'invalid-name' (title: 1 to 80 characters on one
 * line), 'invalid-text' (text over TEXT_MAX characters), 'invalid-id' (by), 'invalid-date' (now).
 */
export function addNorm(doc: Y.Doc, input: { title: string; text: string; by: RecordId; now: number }): RecordId {
  const title = normalizeLine(input.title, 1, NAME_MAX);
  if (title === undefined) throw new DomainError('invalid-name', `a norm title has 1 to ${NAME_MAX} characters`);
  if (!isTextWithin(input.text, TEXT_MAX)) throw new DomainError('invalid-text', `a norm has at most ${TEXT_MAX} characters`);
  const by = requireRecordId(input.by, 'by');
  const now = requireTimestamp(input.now);
  const id = newRecordId();
  const order = nextOrder(doc);
  doc.transact(() => normsOf(doc).set(id, newNormRecord({ id, title, text: input.text.trim(), order, by, now })));
  return id;
}

/**
 * Seeds DEFAULT_NORMS, in their order, when the document has no norm record at all (removed ones
 * count: a community that removed every norm is not seeded again). Returns whether it seeded.
 */
export function seedDefaultNorms(doc: Y.Doc, by: RecordId, now: number): boolean {
  const norms = normsOf(doc);
  if (norms.size > 0) return false;
  doc.transact(() => {
    DEFAULT_NORMS.forEach((norm, i) => {
      const id = newRecordId();
      norms.set(id, newNormRecord({ id, title: norm.title, text: norm.text, order: i + 1, by, now }));
    });
  });
  return true;
}

/** Removes a norm from the list; its record stays with `removedAt`. Already removed: nothing changes. */
export function removeNorm(doc: Y.Doc, id: RecordId, now: number): void {
  requireTimestamp(now);
  const record = normsOf(doc).get(id);
  const { norm } = inspectNorm(id, record);
  if (!norm) throw new DomainError('not-found', `no norm ${id}`);
  if (norm.removedAt !== undefined) return;
  doc.transact(() => (record as Y.Map<unknown>).set(NormKey.REMOVED_AT, now));
}

/** Moves a norm to `order` (a number between two neighbours' orders puts it between them). */
export function setNormOrder(doc: Y.Doc, id: RecordId, order: number): void {
  if (!Number.isFinite(order)) throw new DomainError('invalid-count', 'an order is a finite number');
  const record = normsOf(doc).get(id);
  if (!inspectNorm(id, record).norm) throw new DomainError('not-found', `no norm ${id}`);
  doc.transact(() => (record as Y.Map<unknown>).set(NormKey.ORDER, order));
}

/**
 * She acknowledges the norms as they are now: `normAcks.<memberId> = { at: now }` (a later
 * acknowledgement replaces an earlier one). Throws 'not-found' when she is not a member.
 */
export function acknowledgeNorms(doc: Y.Doc, memberId: RecordId, now: number): void {
  requireTimestamp(now);
  if (!inspectMember(memberId, membersOf(doc).get(memberId)).member) throw new DomainError('not-found', `no member ${memberId}`);
  doc.transact(() => acksOf(doc).set(memberId, { [NormAckKey.AT]: now }));
}

function ackTime(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null || value instanceof Y.AbstractType) return undefined;
  const at = (value as Record<string, unknown>)[NormAckKey.AT];
  return isTimestamp(at) ? at : undefined;
}

/** When each member last acknowledged the norms (member id → ms). Damaged entries are skipped. */
export function normAcknowledgements(doc: Y.Doc): Map<RecordId, number> {
  const acks = new Map<RecordId, number>();
  acksOf(doc).forEach((value, key) => {
    const at = ackTime(value);
    if (isRecordIdLike(key) && at !== undefined) acks.set(key, at);
  });
  return acks;
}

/**
 * Whether to ask her to acknowledge the norms: she never did, or a norm was added or removed after she
 * did. (Edits to a norm's text are not dated, so they do not ask again.)
 */
export function needsNormAcknowledgement(doc: Y.Doc, memberId: RecordId): boolean {
  const at = ackTime(acksOf(doc).get(memberId));
  if (at === undefined) return true;
  return readNorms(doc).some((norm) => norm.createdAt > at || (norm.removedAt !== undefined && norm.removedAt > at));
}

/** Problems of one `normAcks` entry (validation). */
export function inspectNormAck(key: string, value: unknown): SchemaProblem[] {
  const at = `${CommunityRoot.NORM_ACKS}.${key}`;
  const problems: SchemaProblem[] = [];
  if (!isRecordIdLike(key)) problems.push({ path: at, problem: 'key is not a member id' });
  if (ackTime(value) === undefined) problems.push({ path: at, problem: 'not an object { at: timestamp }' });
  return problems;
}
