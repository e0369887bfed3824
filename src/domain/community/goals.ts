/**
 * Shared goals (tujuan bersama). A goal is clear and measurable when it says what will change, for
 * which children, by when, and how the community will know. Its status changes over time and every
 * change is kept in `history` (evidence of orientation to results, DOMAIN.md).
 */
import * as Y from 'yjs';
import { newRecordId, type RecordId } from '../ids';
import { DomainError } from '../personal/DomainError';
import { isIsoDate } from '../personal/isoDate';
import type { SchemaProblem } from '../personal/schema';
import {
  compareCodeUnits,
  isGroupRef,
  isRecordIdLike,
  isTextWithin,
  isTimestamp,
  Problems,
  requireRecordId,
  requireTimestamp,
  TEXT_MAX,
} from './fields';
import { isLiveGroup } from './groupRecord';
import { CommunityRoot, GOAL_TEXT_FIELDS, GoalKey, GoalStatus, isGoalStatus } from './schema';

export interface GoalInput {
  /** What will change (e.g. "Anak bergantian memakai alat main tanpa dilerai guru"). */
  what: string;
  /** For which children (e.g. "Kelompok B, usia 5–6 tahun"). */
  forWhom: string;
  /** By when, `YYYY-MM-DD`. */
  byWhen: string;
  /** How we will know (e.g. "8 dari 10 anak, dari catatan anekdot dua minggu terakhir"). */
  measure: string;
  groupId?: RecordId | null;
}

export type GoalField = 'what' | 'forWhom' | 'byWhen' | 'measure';

export interface GoalHistoryEntry {
  status: GoalStatus;
  at: number;
  by: RecordId;
}

export interface GoalView {
  id: RecordId;
  what: Y.Text;
  forWhom: Y.Text;
  byWhen: string;
  measure: Y.Text;
  status: GoalStatus;
  /** Every status set, oldest first (by `at`; entries made at the same moment keep the array's order). */
  history: GoalHistoryEntry[];
  groupId: RecordId | null;
  createdAt: number;
  createdBy: RecordId;
}

/** Fewest words `what` and `measure` need to say something (one word is a topic, not a goal). */
export const GOAL_MIN_WORDS = 2;

function words(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/u).length;
}

/**
 * What keeps a goal from being clear and measurable, in form order; `[]` when it is. A machine cannot
 * judge "measurable"; this only catches the missing answer: `what` and `measure` need at least two
 * words, `forWhom` must not be blank, `byWhen` must be a real `YYYY-MM-DD` day, and no text may exceed
 * TEXT_MAX characters.
 */
export function goalProblems(input: GoalInput): GoalField[] {
  const problems: GoalField[] = [];
  const text = (value: unknown, minWords: number) =>
    typeof value === 'string' && isTextWithin(value, TEXT_MAX) && words(value) >= minWords;
  if (!text(input.what, GOAL_MIN_WORDS)) problems.push('what');
  if (!text(input.forWhom, 1)) problems.push('forWhom');
  if (!isIsoDate(input.byWhen)) problems.push('byWhen');
  if (!text(input.measure, GOAL_MIN_WORDS)) problems.push('measure');
  return problems;
}

function goalsOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(CommunityRoot.GOALS);
}

function isHistoryEntry(value: unknown): value is GoalHistoryEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return isGoalStatus(entry.status) && isTimestamp(entry.at) && isRecordIdLike(entry.by);
}

/** The goal if the record under `key` is valid, and every problem found (empty when valid). */
export function inspectGoal(key: string, value: unknown): { goal?: GoalView; problems: SchemaProblem[] } {
  const problems = new Problems(`${CommunityRoot.GOALS}.${key}`);
  const record = problems.record(key, value);
  if (!record) return { problems: problems.list };
  const texts = GOAL_TEXT_FIELDS.map((field) => problems.text(record, field));
  const byWhen = record.get(GoalKey.BY_WHEN);
  if (!isIsoDate(byWhen)) problems.add(GoalKey.BY_WHEN, 'not a YYYY-MM-DD date');
  const status = record.get(GoalKey.STATUS);
  if (!isGoalStatus(status)) problems.add(GoalKey.STATUS, 'not a goal status');
  const history = record.get(GoalKey.HISTORY);
  if (!(history instanceof Y.Array)) problems.add(GoalKey.HISTORY, history === undefined ? 'missing Y.Array' : 'not a Y.Array');
  const groupId = record.get(GoalKey.GROUP_ID);
  if (!isGroupRef(groupId)) problems.add(GoalKey.GROUP_ID, 'not a group id or null');
  const createdAt = problems.timestamp(record, GoalKey.CREATED_AT);
  const createdBy = record.get(GoalKey.CREATED_BY);
  if (!isRecordIdLike(createdBy)) problems.add(GoalKey.CREATED_BY, 'not a member id');
  if (problems.list.length > 0) return { problems: problems.list };
  // A damaged history entry is dropped from the view, not a reason to hide the goal.
  const entries = (history as Y.Array<unknown>)
    .toArray()
    .filter(isHistoryEntry)
    .map(({ status, at, by }, index) => ({ entry: { status, at, by }, index }))
    .sort((a, b) => a.entry.at - b.entry.at || a.index - b.index)
    .map(({ entry }) => entry);
  const [what, forWhom, measure] = texts as [Y.Text, Y.Text, Y.Text];
  return {
    goal: {
      id: key as RecordId,
      what,
      forWhom,
      byWhen: byWhen as string,
      measure,
      status: status as GoalStatus,
      history: entries,
      groupId: groupId as RecordId | null,
      createdAt: createdAt!,
      createdBy: createdBy as RecordId,
    },
    problems: [],
  };
}

/**
 * Adds a goal with status `direncanakan` (one history entry) and returns its id. Throws
 * DomainError('invalid-goal') naming what goalProblems found, 'not-found' for a group that is not
 * live, 'invalid-id' (by), 'invalid-date' (now).
 */
export function addGoal(doc: Y.Doc, input: GoalInput & { now: number; by: RecordId }): RecordId {
  const problems = goalProblems(input);
  if (problems.length > 0) throw new DomainError('invalid-goal', `the goal lacks: ${problems.join(', ')}`);
  const by = requireRecordId(input.by, 'by');
  const now = requireTimestamp(input.now);
  const groupId = input.groupId ?? null;
  if (groupId !== null && !isLiveGroup(doc, groupId)) throw new DomainError('not-found', `no group ${groupId}`);
  const id = newRecordId();
  const record = new Y.Map<unknown>();
  record.set(GoalKey.ID, id);
  record.set(GoalKey.WHAT, new Y.Text(input.what.trim()));
  record.set(GoalKey.FOR_WHOM, new Y.Text(input.forWhom.trim()));
  record.set(GoalKey.BY_WHEN, input.byWhen);
  record.set(GoalKey.MEASURE, new Y.Text(input.measure.trim()));
  record.set(GoalKey.STATUS, GoalStatus.PLANNED);
  record.set(GoalKey.HISTORY, Y.Array.from([{ status: GoalStatus.PLANNED, at: now, by }]));
  record.set(GoalKey.GROUP_ID, groupId);
  record.set(GoalKey.CREATED_AT, now);
  record.set(GoalKey.CREATED_BY, by);
  doc.transact(() => goalsOf(doc).set(id, record));
  return id;
}

/** A valid goal with its live texts, or undefined. */
export function getGoal(doc: Y.Doc, id: RecordId): GoalView | undefined {
  return inspectGoal(id, goalsOf(doc).get(id)).goal;
}

/** Valid goals in the order they were agreed (createdAt, then id). Damaged records are skipped. */
export function listGoals(doc: Y.Doc): GoalView[] {
  const goals: GoalView[] = [];
  goalsOf(doc).forEach((value, key) => {
    const { goal } = inspectGoal(key, value);
    if (goal) goals.push(goal);
  });
  return goals.sort((a, b) => a.createdAt - b.createdAt || compareCodeUnits(a.id, b.id));
}

function requireGoalRecord(doc: Y.Doc, id: RecordId): { record: Y.Map<unknown>; goal: GoalView } {
  const record = goalsOf(doc).get(id);
  const { goal } = inspectGoal(id, record);
  if (!goal) throw new DomainError('not-found', `no goal ${id}`);
  return { record: record as Y.Map<unknown>, goal };
}

/**
 * Sets a goal's status and appends `{ status, at: now, by }` to its history, in one transaction.
 * The same status again changes nothing. Two phones setting a status offline both land in the history;
 * `status` itself keeps one of the two (last writer wins), as a `Y.Map` key does.
 * Throws 'invalid-status', 'not-found', 'invalid-id' (by), 'invalid-date' (now).
 */
export function setGoalStatus(doc: Y.Doc, id: RecordId, status: GoalStatus, by: RecordId, now: number): void {
  if (!isGoalStatus(status)) throw new DomainError('invalid-status', `not a goal status: ${String(status)}`);
  requireRecordId(by, 'by');
  requireTimestamp(now);
  const { record, goal } = requireGoalRecord(doc, id);
  if (goal.status === status) return;
  doc.transact(() => {
    record.set(GoalKey.STATUS, status);
    (record.get(GoalKey.HISTORY) as Y.Array<unknown>).push([{ status, at: now, by }]);
  });
}

/** Moves a goal's deadline. Throws 'invalid-date', 'not-found'. */
export function setGoalByWhen(doc: Y.Doc, id: RecordId, byWhen: string): void {
  if (!isIsoDate(byWhen)) throw new DomainError('invalid-date', `not a YYYY-MM-DD date: ${String(byWhen)}`);
  const { record } = requireGoalRecord(doc, id);
  doc.transact(() => record.set(GoalKey.BY_WHEN, byWhen));
}
