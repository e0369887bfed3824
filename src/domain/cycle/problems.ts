/**
 * Shared problems (masalah) of the learning cycle, in the community document: what a teacher chose to
 * share from one journal entry (shareProblem.ts), with who has read it (seen.ts) and the root cause the
 * group marked (whys.ts). A problem links back to her private entry by author, date and entry id only;
 * its words are the redacted copy she approved, never the entry itself.
 *
 * `problems`: problemId → Y.Map {
 *   id, authorId, source: { date: 'YYYY-MM-DD', entryId }, text: Y.Text, groupId: id | null,
 *   createdAt, rootCauseId: whyId | null, rootCauseBy: memberId | null, rootCauseAt: number | null,
 *   seen: Y.Map memberId → at
 * }
 * Problems are never deleted.
 */
import * as Y from 'yjs';
import type { RecordId } from '../ids';
import { isIsoDate } from '../personal/isoDate';
import type { SchemaProblem } from '../personal/schema';
import { compareCodeUnits, isGroupRef, isRecordIdLike, isTimestamp, Problems } from '../community/fields';

/** Top-level maps of the community document written by the discussion part of the cycle. */
export const DiscussionRoot = { PROBLEMS: 'problems', WHYS: 'whys', COMMENTS: 'comments' } as const;

export const ProblemKey = {
  ID: 'id',
  AUTHOR_ID: 'authorId',
  SOURCE: 'source',
  TEXT: 'text',
  GROUP_ID: 'groupId',
  CREATED_AT: 'createdAt',
  ROOT_CAUSE_ID: 'rootCauseId',
  ROOT_CAUSE_BY: 'rootCauseBy',
  ROOT_CAUSE_AT: 'rootCauseAt',
  SEEN: 'seen',
} as const;

/** Longest shared problem text, in code points (six labelled fields of a journal entry). */
export const PROBLEM_TEXT_MAX = 12_000;

/** A shared problem as the screens read it. `text` is live (an editor binding may show it). */
export interface ProblemView {
  id: RecordId;
  authorId: RecordId;
  /** Her entry it came from: its day and id in her personal document (not readable by others). */
  source: { date: string; entryId: string };
  text: Y.Text;
  groupId: RecordId | null;
  createdAt: number;
  /** The why the group marked as akar masalah, or null. */
  rootCauseId: string | null;
  /** Who last marked or cleared the root cause, and when (null before anyone did). */
  rootCauseBy: RecordId | null;
  rootCauseAt: number | null;
  /** Members other than the author who have opened it (dilihat N rekan). */
  seenCount: number;
  /** Their ids, sorted. */
  seenBy: RecordId[];
}

export function problemsOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(DiscussionRoot.PROBLEMS);
}

function readSource(value: unknown): { date: string; entryId: string } | undefined {
  if (typeof value !== 'object' || value === null || value instanceof Y.AbstractType) return undefined;
  const { date, entryId } = value as Record<string, unknown>;
  if (!isIsoDate(date) || !isRecordIdLike(entryId)) return undefined;
  return { date, entryId };
}

/**
 * Member ids in a `seen` (or `agree`) map with a valid time, sorted; `exclude` (the author) left out.
 * A missing or damaged map reads as empty: it never hides the record it belongs to.
 */
export function readMarks(value: unknown, exclude?: string): RecordId[] {
  if (!(value instanceof Y.Map)) return [];
  const ids: RecordId[] = [];
  (value as Y.Map<unknown>).forEach((at, memberId) => {
    if (memberId !== exclude && isRecordIdLike(memberId) && isTimestamp(at)) ids.push(memberId);
  });
  return ids.sort(compareCodeUnits);
}

/** The problem if the record under `key` is valid, and every problem found (empty when valid). */
export function inspectProblem(key: string, value: unknown): { problem?: ProblemView; problems: SchemaProblem[] } {
  const problems = new Problems(`${DiscussionRoot.PROBLEMS}.${key}`);
  const record = problems.record(key, value);
  if (!record) return { problems: problems.list };
  const authorId = record.get(ProblemKey.AUTHOR_ID);
  if (!isRecordIdLike(authorId)) problems.add(ProblemKey.AUTHOR_ID, 'not a member id');
  const source = readSource(record.get(ProblemKey.SOURCE));
  if (!source) problems.add(ProblemKey.SOURCE, 'not { date: YYYY-MM-DD, entryId }');
  const text = problems.text(record, ProblemKey.TEXT);
  const groupId = record.get(ProblemKey.GROUP_ID);
  if (!isGroupRef(groupId)) problems.add(ProblemKey.GROUP_ID, 'not a group id or null');
  const createdAt = problems.timestamp(record, ProblemKey.CREATED_AT);
  // The root cause is read leniently: a damaged mark is "no root cause yet", not a hidden problem.
  const rootCauseId = record.get(ProblemKey.ROOT_CAUSE_ID);
  const rootCauseBy = record.get(ProblemKey.ROOT_CAUSE_BY);
  const rootCauseAt = record.get(ProblemKey.ROOT_CAUSE_AT);
  const hasRootCause = isRecordIdLike(rootCauseId);
  if (rootCauseId !== null && rootCauseId !== undefined && !hasRootCause) problems.add(ProblemKey.ROOT_CAUSE_ID, 'not a why id or null');
  const seen = record.get(ProblemKey.SEEN);
  if (!(seen instanceof Y.Map)) problems.add(ProblemKey.SEEN, seen === undefined ? 'missing Y.Map' : 'not a Y.Map');
  const fatal = problems.list.filter((p) => !p.path.endsWith(`.${ProblemKey.ROOT_CAUSE_ID}`) && !p.path.endsWith(`.${ProblemKey.SEEN}`));
  if (fatal.length > 0) return { problems: problems.list };
  const seenBy = readMarks(seen, authorId as string);
  return {
    problem: {
      id: key as RecordId,
      authorId: authorId as RecordId,
      source: source!,
      text: text!,
      groupId: groupId as RecordId | null,
      createdAt: createdAt!,
      rootCauseId: hasRootCause ? rootCauseId : null,
      rootCauseBy: isRecordIdLike(rootCauseBy) ? rootCauseBy : null,
      rootCauseAt: isTimestamp(rootCauseAt) ? rootCauseAt : null,
      seenCount: seenBy.length,
      seenBy,
    },
    problems: problems.list,
  };
}

/** A valid problem by id, or undefined (none, or damaged). */
export function getProblem(doc: Y.Doc, id: RecordId): ProblemView | undefined {
  return inspectProblem(id, problemsOf(doc).get(id)).problem;
}

/** Newest first: later createdAt, then id (the same order on every phone). */
export function compareProblemsNewestFirst(a: ProblemView, b: ProblemView): number {
  return b.createdAt - a.createdAt || compareCodeUnits(a.id, b.id);
}

/**
 * Valid problems, newest first; damaged records are skipped. `groupId` filters: `null` only the
 * problems shared with the whole community, an id only that small group's; absent, all of them.
 * `authorId`: only hers (the home screen's "my problems").
 */
export function listProblems(doc: Y.Doc, opts: { groupId?: RecordId | null; authorId?: RecordId } = {}): ProblemView[] {
  const list: ProblemView[] = [];
  problemsOf(doc).forEach((value, key) => {
    const { problem } = inspectProblem(key, value);
    if (!problem) return;
    if (opts.groupId !== undefined && problem.groupId !== opts.groupId) return;
    if (opts.authorId !== undefined && problem.authorId !== opts.authorId) return;
    list.push(problem);
  });
  return list.sort(compareProblemsNewestFirst);
}

/** Every problem of every record in `problems`, sorted by key (for validateCommunityDoc). */
export function validateProblems(doc: Y.Doc): SchemaProblem[] {
  const map = problemsOf(doc);
  const out: SchemaProblem[] = [];
  for (const key of [...map.keys()].sort(compareCodeUnits)) out.push(...inspectProblem(key, map.get(key)).problems);
  return out;
}
