/**
 * Good practices (praktik baik): a solution whose trial was berhasil, adopted into the community's
 * library with the problem and its root cause (copied as plain strings when adopted, so the practice
 * still reads when the problem is edited or its community is another one), the practice itself, the
 * evidence, and who tried it. Searchable and filterable; copyable to another community she belongs to.
 */
import * as Y from 'yjs';
import { newRecordId, type RecordId } from '../ids';
import { compareCodeUnits, isLine, isRecordIdLike, isTextWithin, isTimestamp, NAME_MAX, normalizeLine, Problems, requireRecordId, requireTimestamp, TEXT_MAX } from '../community/fields';
import { CommunityRoot } from '../community/schema';
import { DomainError } from '../personal/DomainError';
import type { SchemaProblem } from '../personal/schema';
import { getSolution } from './solutions';
import { getTrial, TrialOutcome } from './trials';

/** Fields of a `practices.<id>` record. */
export const PracticeKey = {
  ID: 'id',
  TRIAL_ID: 'trialId',
  PROBLEM_ID: 'problemId',
  TITLE: 'title',
  PRACTICE: 'practice',
  PROBLEM_TEXT: 'problemText',
  ROOT_CAUSE_TEXT: 'rootCauseText',
  EVIDENCE: 'evidence',
  TRIED_BY: 'triedBy',
  TAGS: 'tags',
  CREATED_AT: 'createdAt',
  CREATED_BY: 'createdBy',
  SOURCE_COMMUNITY_NAME: 'sourceCommunityName',
  SOURCE_PRACTICE_ID: 'sourcePracticeId',
  ARCHIVED_AT: 'archivedAt',
} as const;

export const PRACTICE_TEXT_FIELDS = ['title', 'practice', 'evidence'] as const;

/** Longest tag, in code points. */
export const TAG_MAX = 40;

export interface PracticeView {
  id: RecordId;
  /** The berhasil trial it came from; null for a practice copied from another community. */
  trialId: RecordId | null;
  /** Its problem in this community; null for a copy. */
  problemId: RecordId | null;
  title: Y.Text;
  practice: Y.Text;
  /** The problem as it read when adopted. */
  problemText: string;
  /** The root cause (akar masalah) as it read when adopted; '' when none was marked. */
  rootCauseText: string;
  evidence: Y.Text;
  /** Members who tried it, sorted. */
  triedBy: RecordId[];
  /** Each once, in the order added. */
  tags: string[];
  createdAt: number;
  createdBy: RecordId;
  /** For a copy: the name of the community it came from. */
  sourceCommunityName?: string;
  /** For a copy: the practice's id in the community it came from. */
  sourcePracticeId?: string;
  archivedAt?: number;
}

export function practicesOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(CommunityRoot.PRACTICES);
}

const isRefOrNull = (value: unknown): value is RecordId | null => value === null || isRecordIdLike(value);

/** The practice if the record under `key` is valid, and every problem found. */
export function inspectPractice(key: string, value: unknown): { practice?: PracticeView; problems: SchemaProblem[] } {
  const problems = new Problems(`${CommunityRoot.PRACTICES}.${key}`);
  const record = problems.record(key, value);
  if (!record) return { problems: problems.list };
  const trialId = record.get(PracticeKey.TRIAL_ID);
  if (!isRefOrNull(trialId)) problems.add(PracticeKey.TRIAL_ID, 'not a trial id or null');
  const problemId = record.get(PracticeKey.PROBLEM_ID);
  if (!isRefOrNull(problemId)) problems.add(PracticeKey.PROBLEM_ID, 'not a problem id or null');
  const [title, practice, evidence] = PRACTICE_TEXT_FIELDS.map((field) => problems.text(record, field));
  const problemText = record.get(PracticeKey.PROBLEM_TEXT);
  if (typeof problemText !== 'string') problems.add(PracticeKey.PROBLEM_TEXT, 'not a string');
  const rootCauseText = record.get(PracticeKey.ROOT_CAUSE_TEXT);
  if (typeof rootCauseText !== 'string') problems.add(PracticeKey.ROOT_CAUSE_TEXT, 'not a string');
  const triedBy = record.get(PracticeKey.TRIED_BY);
  if (!(triedBy instanceof Y.Map)) problems.add(PracticeKey.TRIED_BY, 'not a Y.Map');
  const tags = record.get(PracticeKey.TAGS);
  if (!(tags instanceof Y.Array)) problems.add(PracticeKey.TAGS, 'not a Y.Array');
  const createdAt = problems.timestamp(record, PracticeKey.CREATED_AT);
  const createdBy = record.get(PracticeKey.CREATED_BY);
  if (!isRecordIdLike(createdBy)) problems.add(PracticeKey.CREATED_BY, 'not a member id');
  const source = record.get(PracticeKey.SOURCE_COMMUNITY_NAME);
  if (source !== undefined && !isLine(source, 1, NAME_MAX)) problems.add(PracticeKey.SOURCE_COMMUNITY_NAME, 'not a community name');
  const sourceId = record.get(PracticeKey.SOURCE_PRACTICE_ID);
  if (sourceId !== undefined && !isRecordIdLike(sourceId)) problems.add(PracticeKey.SOURCE_PRACTICE_ID, 'not a practice id');
  const archivedAt = problems.timestamp(record, PracticeKey.ARCHIVED_AT, true);
  if (problems.list.length > 0) return { problems: problems.list };
  const tried: RecordId[] = [];
  (triedBy as Y.Map<unknown>).forEach((at, memberId) => {
    if (isRecordIdLike(memberId) && isTimestamp(at)) tried.push(memberId);
  });
  const tagList = [...new Set((tags as Y.Array<unknown>).toArray().filter((t): t is string => isLine(t, 1, TAG_MAX)))];
  const view: PracticeView = {
    id: key as RecordId,
    trialId: trialId as RecordId | null,
    problemId: problemId as RecordId | null,
    title: title!,
    practice: practice!,
    problemText: problemText as string,
    rootCauseText: rootCauseText as string,
    evidence: evidence!,
    triedBy: tried.sort(compareCodeUnits),
    tags: tagList,
    createdAt: createdAt!,
    createdBy: createdBy as RecordId,
  };
  if (source !== undefined) view.sourceCommunityName = source as string;
  if (sourceId !== undefined) view.sourcePracticeId = sourceId as string;
  if (archivedAt !== undefined) view.archivedAt = archivedAt;
  return { practice: view, problems: [] };
}

/** A valid practice, or undefined. */
export function getPractice(doc: Y.Doc, id: RecordId): PracticeView | undefined {
  return inspectPractice(id, practicesOf(doc).get(id)).practice;
}

/** Text of a field that should be a `Y.Text` (a plain string is read too); '' otherwise. */
function textOf(value: unknown): string {
  if (value instanceof Y.Text) return value.toString();
  return typeof value === 'string' ? value : '';
}

/**
 * The problem's text and its root cause's text, read from the `problems` and `whys` maps (cycle's
 * problems.ts / whys.ts): `problems.<id>.text`, `problems.<id>.rootCauseId` → `whys.<id>.text`.
 * Read defensively: whatever is missing reads as ''.
 */
export function practicesProblemTexts(doc: Y.Doc, problemId: RecordId): { problemText: string; rootCauseText: string } {
  const problem = doc.getMap<unknown>(CommunityRoot.PROBLEMS).get(problemId);
  if (!(problem instanceof Y.Map)) return { problemText: '', rootCauseText: '' };
  const problemText = textOf(problem.get('text'));
  const rootCauseId = problem.get('rootCauseId');
  const why = typeof rootCauseId === 'string' ? doc.getMap<unknown>(CommunityRoot.WHYS).get(rootCauseId) : undefined;
  return { problemText, rootCauseText: why instanceof Y.Map ? textOf(why.get('text')) : '' };
}

function normalizeTags(tags: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const tag of tags ?? []) {
    const normalized = normalizeLine(tag, 1, TAG_MAX);
    if (normalized === undefined) throw new DomainError('invalid-text', `a tag has 1 to ${TAG_MAX} characters on one line`);
    if (!out.includes(normalized)) out.push(normalized);
  }
  return out;
}

/** A title from a solution: its first line, cut to NAME_MAX characters. */
function titleFrom(text: string): string {
  const first = (text.split('\n').find((line) => line.trim() !== '') ?? '').trim();
  const chars = [...first];
  return chars.length <= NAME_MAX ? first : `${chars.slice(0, NAME_MAX - 1).join('')}…`;
}

function newPracticeRecord(input: {
  id: RecordId;
  trialId: RecordId | null;
  problemId: RecordId | null;
  title: string;
  practice: string;
  problemText: string;
  rootCauseText: string;
  evidence: string;
  triedBy: ReadonlyMap<RecordId, number>;
  tags: string[];
  createdAt: number;
  createdBy: RecordId;
  sourceCommunityName?: string;
  sourcePracticeId?: string;
}): Y.Map<unknown> {
  const record = new Y.Map<unknown>();
  record.set(PracticeKey.ID, input.id);
  record.set(PracticeKey.TRIAL_ID, input.trialId);
  record.set(PracticeKey.PROBLEM_ID, input.problemId);
  record.set(PracticeKey.TITLE, new Y.Text(input.title));
  record.set(PracticeKey.PRACTICE, new Y.Text(input.practice));
  record.set(PracticeKey.PROBLEM_TEXT, input.problemText);
  record.set(PracticeKey.ROOT_CAUSE_TEXT, input.rootCauseText);
  record.set(PracticeKey.EVIDENCE, new Y.Text(input.evidence));
  const triedBy = new Y.Map<unknown>();
  for (const [memberId, at] of input.triedBy) triedBy.set(memberId, at);
  record.set(PracticeKey.TRIED_BY, triedBy);
  record.set(PracticeKey.TAGS, Y.Array.from<string>(input.tags));
  record.set(PracticeKey.CREATED_AT, input.createdAt);
  record.set(PracticeKey.CREATED_BY, input.createdBy);
  if (input.sourceCommunityName !== undefined) record.set(PracticeKey.SOURCE_COMMUNITY_NAME, input.sourceCommunityName);
  if (input.sourcePracticeId !== undefined) record.set(PracticeKey.SOURCE_PRACTICE_ID, input.sourcePracticeId);
  return record;
}

/**
 * Adopts the solution of a berhasil trial as a good practice and returns its id: the problem's text
 * and root cause copied as strings, the practice = the solution's text, the evidence = the trial's
 * evidence (both copied into new `Y.Text`s, edited from then on in the library), tried by the
 * trial's member. A trial already adopted on this phone returns that practice. Throws 'not-found'
 * (trial or solution), 'invalid-status' (the trial is not berhasil), 'invalid-text', 'invalid-id'.
 */
export function adoptPractice(
  doc: Y.Doc,
  input: { trialId: RecordId; by: RecordId; now: number; title?: string; tags?: string[]; id?: RecordId },
): RecordId {
  const by = requireRecordId(input.by, 'by');
  const now = requireTimestamp(input.now);
  const trial = getTrial(doc, input.trialId);
  if (!trial) throw new DomainError('not-found', `no trial ${input.trialId}`);
  if (trial.outcome !== TrialOutcome.ADOPT) throw new DomainError('invalid-status', `trial ${input.trialId} is not ${TrialOutcome.ADOPT}`);
  const solution = getSolution(doc, trial.solutionId);
  if (!solution) throw new DomainError('not-found', `no solution ${trial.solutionId}`);
  const existing = listPractices(doc, { includeArchived: true }).find((p) => p.trialId === trial.id);
  if (existing) return existing.id;
  const practiceText = solution.text.toString();
  const title = input.title === undefined ? titleFrom(practiceText) : normalizeLine(input.title, 0, NAME_MAX);
  if (title === undefined) throw new DomainError('invalid-text', `a title has at most ${NAME_MAX} characters on one line`);
  const tags = normalizeTags(input.tags);
  const id = requireRecordId(input.id ?? newRecordId(), 'practice id');
  const practices = practicesOf(doc);
  if (practices.has(id)) return id;
  const record = newPracticeRecord({
    id,
    trialId: trial.id,
    problemId: trial.problemId,
    title,
    practice: practiceText,
    ...practicesProblemTexts(doc, trial.problemId),
    evidence: trial.evidence.toString(),
    triedBy: new Map([[trial.memberId, now]]),
    tags,
    createdAt: now,
    createdBy: by,
  });
  doc.transact(() => practices.set(id, record));
  return id;
}

/** Search form of a text: lower case, accents dropped (é → e), so "Kolase" finds "kolasé". */
export function practicesFold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Practices in the library, newest first (createdAt, then id), archived ones only with
 * `includeArchived`. `query`: every word must appear in the title, practice, problem or root cause
 * (case and accents aside); `tag`: has that tag (case and accents aside); `memberId`: she tried it.
 */
export function listPractices(doc: Y.Doc, opts: { query?: string; tag?: string; memberId?: RecordId; includeArchived?: boolean } = {}): PracticeView[] {
  const words = practicesFold(opts.query ?? '').split(/\s+/).filter((w) => w !== '');
  const tag = opts.tag === undefined ? undefined : practicesFold(opts.tag.trim());
  const out: PracticeView[] = [];
  practicesOf(doc).forEach((value, key) => {
    const { practice } = inspectPractice(key, value);
    if (!practice) return;
    if (practice.archivedAt !== undefined && !opts.includeArchived) return;
    if (opts.memberId !== undefined && !practice.triedBy.includes(opts.memberId)) return;
    if (tag !== undefined && !practice.tags.some((t) => practicesFold(t) === tag)) return;
    if (words.length > 0) {
      const haystack = practicesFold(
        [practice.title.toString(), practice.practice.toString(), practice.problemText, practice.rootCauseText].join('\n'),
      );
      if (!words.every((w) => haystack.includes(w))) return;
    }
    out.push(practice);
  });
  return out.sort((a, b) => b.createdAt - a.createdAt || compareCodeUnits(a.id, b.id));
}

/** Every tag in the library (live practices), each once, sorted. */
export function listPracticeTags(doc: Y.Doc): string[] {
  const tags = new Set<string>();
  for (const practice of listPractices(doc)) for (const tag of practice.tags) tags.add(tag);
  return [...tags].sort(compareCodeUnits);
}

function requirePractice(doc: Y.Doc, id: RecordId): { view: PracticeView; record: Y.Map<unknown> } {
  const view = getPractice(doc, id);
  if (!view) throw new DomainError('not-found', `no practice ${id}`);
  return { view, record: practicesOf(doc).get(id) as Y.Map<unknown> };
}

/** "I tried it too": `triedBy.<memberId> = now` (kept if already there). Throws 'not-found', 'invalid-id'. */
export function markPracticeTried(doc: Y.Doc, practiceId: RecordId, memberId: RecordId, now: number): void {
  requireRecordId(memberId, 'member id');
  requireTimestamp(now);
  const { record } = requirePractice(doc, practiceId);
  const triedBy = record.get(PracticeKey.TRIED_BY) as Y.Map<unknown>;
  if (!triedBy.has(memberId)) doc.transact(() => triedBy.set(memberId, now));
}

/** Adds a tag (once). Throws 'not-found', 'invalid-text'. */
export function addPracticeTag(doc: Y.Doc, practiceId: RecordId, tag: string): void {
  const [normalized] = normalizeTags([tag]);
  const { view, record } = requirePractice(doc, practiceId);
  if (view.tags.includes(normalized!)) return;
  doc.transact(() => (record.get(PracticeKey.TAGS) as Y.Array<string>).push([normalized!]));
}

/** Removes a tag (every copy of it). Throws 'not-found'. */
export function removePracticeTag(doc: Y.Doc, practiceId: RecordId, tag: string): void {
  const { record } = requirePractice(doc, practiceId);
  const tags = record.get(PracticeKey.TAGS) as Y.Array<unknown>;
  const at = tags.toArray().flatMap((t, i) => (t === tag ? [i] : []));
  if (at.length > 0) doc.transact(() => at.reverse().forEach((i) => tags.delete(i, 1)));
}

/** Archives a practice (kept, left out of the library). Throws 'not-found'. */
export function archivePractice(doc: Y.Doc, practiceId: RecordId, now: number): void {
  requireTimestamp(now);
  const { view, record } = requirePractice(doc, practiceId);
  if (view.archivedAt === undefined) doc.transact(() => record.set(PracticeKey.ARCHIVED_AT, now));
}

/**
 * Shares a practice into another community she belongs to (`target`, its community document): a new
 * record with the texts copied, `sourceCommunityName` and `sourcePracticeId` set, no trial or problem
 * of its own (null), and an empty `triedBy` (member ids of one community mean nothing in another).
 * Copying the same practice again returns the earlier copy. Throws 'invalid-name', 'invalid-id',
 * 'invalid-date', 'invalid-text'.
 */
export function copyPracticeTo(target: Y.Doc, practice: PracticeView, input: { by: RecordId; now: number; sourceCommunityName: string; id?: RecordId }): RecordId {
  const by = requireRecordId(input.by, 'by');
  const now = requireTimestamp(input.now);
  const sourceCommunityName = normalizeLine(input.sourceCommunityName, 1, NAME_MAX);
  if (sourceCommunityName === undefined) throw new DomainError('invalid-name', `a community name has 1 to ${NAME_MAX} characters`);
  const texts = [practice.title, practice.practice, practice.evidence].map((t) => t.toString());
  if (texts.some((t) => !isTextWithin(t, TEXT_MAX * 4))) throw new DomainError('invalid-text', 'a practice text is too long to copy');
  const existing = listPractices(target, { includeArchived: true }).find((p) => p.sourcePracticeId === practice.id);
  if (existing) return existing.id;
  const id = requireRecordId(input.id ?? newRecordId(), 'practice id');
  const practices = practicesOf(target);
  if (practices.has(id)) return id;
  const record = newPracticeRecord({
    id,
    trialId: null,
    problemId: null,
    title: texts[0]!,
    practice: texts[1]!,
    problemText: practice.problemText,
    rootCauseText: practice.rootCauseText,
    evidence: texts[2]!,
    triedBy: new Map(),
    tags: [...practice.tags],
    createdAt: now,
    createdBy: by,
    sourceCommunityName,
    sourcePracticeId: practice.id,
  });
  target.transact(() => practices.set(id, record));
  return id;
}
