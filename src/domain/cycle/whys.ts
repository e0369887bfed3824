/**
 * Diskusi harian: the why-chain under a shared problem. Members answer "Mengapa masalah ini muncul?"
 * (a why of the problem, `parentId: null`) or ask why of an answer (`parentId`: that why), until the
 * group marks one why as the root cause (akar masalah) of the problem.
 *
 * `whys`: whyId → Y.Map {
 *   id, problemId, parentId: whyId | null, authorId, text: Y.Text, createdAt,
 *   agree: Y.Map memberId → at (+1; withdrawing removes her key), retractedAt?, retractedBy?
 * }
 * A why is never deleted: its author can retract it (`retractedAt`); the answers under it stay.
 * Each member's +1 is her own key, so agreements made offline on many phones all merge. The root
 * cause is three keys of the problem written in one transaction; two members marking different whys
 * offline converge on one of them when their phones meet (Yjs keeps the same writer for all three).
 */
import * as Y from 'yjs';
import { newRecordId, type RecordId } from '../ids';
import { DomainError } from '../personal/DomainError';
import type { SchemaProblem } from '../personal/schema';
import {
  compareCodeUnits,
  isRecordIdLike,
  Problems,
  requireRecordId,
  requireTimestamp,
  TEXT_MAX,
} from '../community/fields';
import { DiscussionRoot, getProblem, ProblemKey, problemsOf, readMarks } from './problems';

export const WhyKey = {
  ID: 'id',
  PROBLEM_ID: 'problemId',
  PARENT_ID: 'parentId',
  AUTHOR_ID: 'authorId',
  TEXT: 'text',
  CREATED_AT: 'createdAt',
  AGREE: 'agree',
  RETRACTED_AT: 'retractedAt',
  RETRACTED_BY: 'retractedBy',
} as const;

/** The question the why-chain answers, as the interface asks it (the i18n key holds the same words). */
export const WHY_QUESTION = 'Mengapa masalah ini muncul?';

/** Longest why, in code points. */
export const WHY_TEXT_MAX = TEXT_MAX;

/** One answer in the why-chain, with the answers given under it. */
export interface WhyView {
  id: RecordId;
  problemId: RecordId;
  parentId: string | null;
  authorId: RecordId;
  text: Y.Text;
  createdAt: number;
  /** +1 from members (the author's own +1 counts like anyone's). */
  agreeCount: number;
  agreedBy: RecordId[];
  /** Whether the group marked this why as the problem's root cause. */
  isRootCause: boolean;
  /** Set when its author took it back; shown struck through, its answers stay. */
  retractedAt?: number;
  /** Answers to this why, oldest first. */
  children: WhyView[];
}

export function whysOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(DiscussionRoot.WHYS);
}

type WhyRecord = Omit<WhyView, 'isRootCause' | 'children'>;

/** The why if the record under `key` is valid (without its tree position), and every problem found. */
export function inspectWhy(key: string, value: unknown): { why?: WhyRecord; problems: SchemaProblem[] } {
  const problems = new Problems(`${DiscussionRoot.WHYS}.${key}`);
  const record = problems.record(key, value);
  if (!record) return { problems: problems.list };
  const problemId = record.get(WhyKey.PROBLEM_ID);
  if (!isRecordIdLike(problemId)) problems.add(WhyKey.PROBLEM_ID, 'not a problem id');
  const parentId = record.get(WhyKey.PARENT_ID);
  if (parentId !== null && !isRecordIdLike(parentId)) problems.add(WhyKey.PARENT_ID, 'not a why id or null');
  const authorId = record.get(WhyKey.AUTHOR_ID);
  if (!isRecordIdLike(authorId)) problems.add(WhyKey.AUTHOR_ID, 'not a member id');
  const text = problems.text(record, WhyKey.TEXT);
  const createdAt = problems.timestamp(record, WhyKey.CREATED_AT);
  const retractedAt = problems.timestamp(record, WhyKey.RETRACTED_AT, true);
  const agree = record.get(WhyKey.AGREE);
  if (problems.list.length > 0) return { problems: problems.list };
  // A missing or damaged `agree` map reads as no +1 yet; it does not hide the answer.
  const extra: SchemaProblem[] = agree instanceof Y.Map ? [] : [{ path: `${problems.at}.${WhyKey.AGREE}`, problem: 'not a Y.Map' }];
  const agreedBy = readMarks(agree);
  const why: WhyRecord = {
    id: key as RecordId,
    problemId: problemId as RecordId,
    parentId: parentId as string | null,
    authorId: authorId as RecordId,
    text: text!,
    createdAt: createdAt!,
    agreeCount: agreedBy.length,
    agreedBy,
  };
  if (retractedAt !== undefined) why.retractedAt = retractedAt;
  return { why, problems: extra };
}

function getWhy(doc: Y.Doc, id: RecordId): WhyRecord | undefined {
  return inspectWhy(id, whysOf(doc).get(id)).why;
}

function requireWhyText(text: unknown): string {
  if (typeof text !== 'string') throw new DomainError('invalid-text', 'a why is text');
  const trimmed = text.trim();
  const length = [...trimmed].length;
  if (length < 1 || length > WHY_TEXT_MAX) throw new DomainError('invalid-text', `a why has 1 to ${WHY_TEXT_MAX} characters`);
  return trimmed;
}

/**
 * Adds an answer to "Mengapa masalah ini muncul?" under the problem (`parentId` null or absent) or
 * under another why of the same problem, and returns its id. Idempotent on an explicit `id`.
 * Throws 'not-found' (problem or parent why), 'invalid-text', 'invalid-id', 'invalid-date'.
 */
export function askWhy(
  doc: Y.Doc,
  input: { problemId: RecordId; parentId?: string | null; authorId: RecordId; text: string; now: number; id?: RecordId },
): RecordId {
  const authorId = requireRecordId(input.authorId, 'authorId');
  const now = requireTimestamp(input.now);
  const text = requireWhyText(input.text);
  const id = requireRecordId(input.id ?? newRecordId(), 'why id');
  if (!getProblem(doc, input.problemId)) throw new DomainError('not-found', `no problem ${String(input.problemId)}`);
  const parentId = input.parentId ?? null;
  if (parentId !== null) {
    const parent = getWhy(doc, parentId as RecordId);
    if (!parent || parent.problemId !== input.problemId) throw new DomainError('not-found', `no why ${parentId} under this problem`);
  }
  const whys = whysOf(doc);
  if (whys.has(id)) return id;
  const record = new Y.Map<unknown>();
  record.set(WhyKey.ID, id);
  record.set(WhyKey.PROBLEM_ID, input.problemId);
  record.set(WhyKey.PARENT_ID, parentId);
  record.set(WhyKey.AUTHOR_ID, authorId);
  record.set(WhyKey.TEXT, new Y.Text(text));
  record.set(WhyKey.CREATED_AT, now);
  record.set(WhyKey.AGREE, new Y.Map<unknown>());
  doc.transact(() => whys.set(id, record));
  return id;
}

function compareOldestFirst(a: WhyRecord, b: WhyRecord): number {
  return a.createdAt - b.createdAt || compareCodeUnits(a.id, b.id);
}

/**
 * The why-chain of a problem: answers to the problem, each with its answers, oldest first at every
 * level. Damaged records are skipped; a why whose parent is missing, damaged, of another problem or
 * part of a loop (crafted by a faulty client) is shown at the top level rather than lost.
 */
export function whyTree(doc: Y.Doc, problemId: RecordId): WhyView[] {
  const rootCauseId = getProblem(doc, problemId)?.rootCauseId ?? null;
  const records: WhyRecord[] = [];
  whysOf(doc).forEach((value, key) => {
    const { why } = inspectWhy(key, value);
    if (why && why.problemId === problemId) records.push(why);
  });
  records.sort(compareOldestFirst);
  const byId = new Map(records.map((why) => [why.id as string, why]));
  const childrenOf = new Map<string, WhyRecord[]>();
  for (const why of records) {
    if (why.parentId === null || why.parentId === why.id || !byId.has(why.parentId)) continue;
    const siblings = childrenOf.get(why.parentId) ?? [];
    siblings.push(why);
    childrenOf.set(why.parentId, siblings);
  }
  const visited = new Set<string>();
  const build = (why: WhyRecord): WhyView => {
    visited.add(why.id);
    const children: WhyView[] = [];
    for (const child of childrenOf.get(why.id) ?? []) if (!visited.has(child.id)) children.push(build(child));
    return { ...why, isRootCause: why.id === rootCauseId, children };
  };
  const roots: WhyView[] = [];
  for (const why of records) {
    if (why.parentId === null || why.parentId === why.id || !byId.has(why.parentId)) roots.push(build(why));
  }
  // What is left sits in a parent loop: its oldest member becomes a top-level answer.
  for (const why of records) if (!visited.has(why.id)) roots.push(build(why));
  return roots.sort(compareOldestFirst);
}

/** Every why of the problem in one flat list, oldest first (counts, search). */
export function listWhys(doc: Y.Doc, problemId: RecordId): WhyView[] {
  const flat: WhyView[] = [];
  const walk = (nodes: WhyView[]) => {
    for (const node of nodes) {
      flat.push(node);
      walk(node.children);
    }
  };
  walk(whyTree(doc, problemId));
  return flat.sort(compareOldestFirst);
}

/**
 * The problems that have at least one answer still standing (not retracted), in one pass over the
 * whys. Screens that ask this for every problem must not call `listWhys` per problem: that walks
 * all whys each time (200 problems × 600 whys took seconds on a year).
 */
export function problemsWithAnswers(doc: Y.Doc): Set<RecordId> {
  const answered = new Set<RecordId>();
  whysOf(doc).forEach((value, key) => {
    const { why } = inspectWhy(key, value);
    if (why && why.retractedAt === undefined) answered.add(why.problemId);
  });
  return answered;
}

/** The why with its subtree, or undefined. */
export function getWhyView(doc: Y.Doc, whyId: RecordId): WhyView | undefined {
  const why = getWhy(doc, whyId);
  if (!why) return undefined;
  return listWhys(doc, why.problemId).find((node) => node.id === whyId);
}

function whyRecord(doc: Y.Doc, whyId: RecordId): { why: WhyRecord; record: Y.Map<unknown> } {
  const value = whysOf(doc).get(whyId);
  const { why } = inspectWhy(whyId, value);
  if (!why) throw new DomainError('not-found', `no why ${String(whyId)}`);
  return { why, record: value as Y.Map<unknown> };
}

/**
 * Her +1 on a why, or its withdrawal when she had given it; returns whether she agrees now.
 * Each member is her own key, so +1s from several phones merge. A retracted why takes no new +1.
 * Throws 'not-found', 'invalid-id', 'invalid-date'.
 */
export function toggleAgree(doc: Y.Doc, whyId: RecordId, memberId: RecordId, now: number): boolean {
  requireRecordId(memberId, 'memberId');
  requireTimestamp(now);
  const { why, record } = whyRecord(doc, whyId);
  const agree = record.get(WhyKey.AGREE);
  if (!(agree instanceof Y.Map)) throw new DomainError('not-found', `why ${String(whyId)} has no agree map (repair it first)`);
  const marks = agree as Y.Map<unknown>;
  if (marks.has(memberId)) {
    doc.transact(() => marks.delete(memberId));
    return false;
  }
  if (why.retractedAt !== undefined) throw new DomainError('not-found', `why ${String(whyId)} was retracted`);
  doc.transact(() => marks.set(memberId, now));
  return true;
}

/**
 * Its author takes a why back: `retractedAt = now`, `retractedBy`. Nothing is deleted; answers under
 * it stay. Already retracted: no change. Throws 'not-found', 'invalid-id' (not its author), 'invalid-date'.
 */
export function retractWhy(doc: Y.Doc, whyId: RecordId, memberId: RecordId, now: number): void {
  requireRecordId(memberId, 'memberId');
  requireTimestamp(now);
  const { why, record } = whyRecord(doc, whyId);
  if (why.authorId !== memberId) throw new DomainError('invalid-id', 'only its author can retract a why');
  if (why.retractedAt !== undefined) return;
  doc.transact(() => {
    record.set(WhyKey.RETRACTED_AT, now);
    record.set(WhyKey.RETRACTED_BY, memberId);
  });
}

/**
 * The group marks a why of the problem as its root cause (akar masalah), or clears the mark with
 * `whyId = null`. Writes `rootCauseId`, `rootCauseBy`, `rootCauseAt` together. Throws 'not-found'
 * (problem, or a why that is not a live answer under it), 'invalid-id', 'invalid-date'.
 */
export function markRootCause(doc: Y.Doc, problemId: RecordId, whyId: RecordId | null, memberId: RecordId, now: number): void {
  requireRecordId(memberId, 'memberId');
  requireTimestamp(now);
  if (!getProblem(doc, problemId)) throw new DomainError('not-found', `no problem ${String(problemId)}`);
  if (whyId !== null) {
    const why = getWhy(doc, whyId);
    if (!why || why.problemId !== problemId || why.retractedAt !== undefined) {
      throw new DomainError('not-found', `no live why ${String(whyId)} under problem ${String(problemId)}`);
    }
  }
  const record = problemsOf(doc).get(problemId) as Y.Map<unknown>;
  doc.transact(() => {
    record.set(ProblemKey.ROOT_CAUSE_ID, whyId);
    record.set(ProblemKey.ROOT_CAUSE_BY, memberId);
    record.set(ProblemKey.ROOT_CAUSE_AT, now);
  });
}

/** The why marked as the problem's root cause (with its subtree), or undefined when none is. */
export function getRootCause(doc: Y.Doc, problemId: RecordId): WhyView | undefined {
  const rootCauseId = getProblem(doc, problemId)?.rootCauseId;
  if (!rootCauseId) return undefined;
  return listWhys(doc, problemId).find((why) => why.id === rootCauseId);
}

/** Every problem of every record in `whys`, sorted by key (for validateCommunityDoc). */
export function validateWhys(doc: Y.Doc): SchemaProblem[] {
  const map = whysOf(doc);
  const out: SchemaProblem[] = [];
  for (const key of [...map.keys()].sort(compareCodeUnits)) out.push(...inspectWhy(key, map.get(key)).problems);
  return out;
}

