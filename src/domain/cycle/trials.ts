/**
 * Solution trials (ujicoba solusi): the solution she picked becomes a plan (when, which class, what
 * she will look for in the children), a window of days in which her journal entries are linked to it,
 * then a reflection with peers and an outcome: berhasil (adopt, practices.ts), perlu diubah (adapt:
 * a next trial linked both ways), tidak berhasil.
 *
 * Her journal entries stay in her personal document: a trial keeps only references (`entryRefs`,
 * entry id → day), never their text. Status is computed from the day, never stored, so it cannot go
 * stale on a phone that was offline: planned before `startDate`, running until `endDate`, due from
 * `endDate` on, done once an outcome is recorded.
 */
import * as Y from 'yjs';
import { newRecordId, type RecordId } from '../ids';
import { compareCodeUnits, isLine, isRecordIdLike, isTextWithin, isTimestamp, NAME_MAX, normalizeLine, Problems, requireRecordId, requireTimestamp, TEXT_MAX } from '../community/fields';
import { CommunityRoot } from '../community/schema';
import { DomainError } from '../personal/DomainError';
import { isIsoDate, isoDateToUtcMs, todayIso } from '../personal/isoDate';
import type { SchemaProblem } from '../personal/schema';
import { getSolution, proposeSolution } from './solutions';

/** What came of a trial. */
export const TrialOutcome = { ADOPT: 'berhasil', ADAPT: 'perlu-diubah', FAILED: 'tidak-berhasil' } as const;
export type TrialOutcome = (typeof TrialOutcome)[keyof typeof TrialOutcome];

/** Where a trial stands on a given day (computed, not stored). */
export const TrialStatus = { PLANNED: 'planned', RUNNING: 'running', DUE: 'due', DONE: 'done' } as const;
export type TrialStatus = (typeof TrialStatus)[keyof typeof TrialStatus];

/** Length of a trial's window when none is given: two weeks. */
export const TRIAL_DEFAULT_DAYS = 14;
/** Longest window accepted, in days. */
export const TRIAL_MAX_DAYS = 120;

/** Fields of a `trials.<id>` record. */
export const TrialKey = {
  ID: 'id',
  SOLUTION_ID: 'solutionId',
  PROBLEM_ID: 'problemId',
  MEMBER_ID: 'memberId',
  PLAN: 'plan',
  LOOK_FOR: 'lookFor',
  START_DATE: 'startDate',
  END_DATE: 'endDate',
  ENTRY_REFS: 'entryRefs',
  REFLECTION: 'reflection',
  EVIDENCE: 'evidence',
  OUTCOME: 'outcome',
  OUTCOME_AT: 'outcomeAt',
  OUTCOME_BY: 'outcomeBy',
  PREVIOUS_TRIAL_ID: 'previousTrialId',
  NEXT_TRIAL_ID: 'nextTrialId',
  CREATED_AT: 'createdAt',
} as const;

export const TRIAL_TEXT_FIELDS = ['lookFor', 'reflection', 'evidence'] as const;

const OUTCOMES: readonly unknown[] = Object.values(TrialOutcome);

export function isTrialOutcome(value: unknown): value is TrialOutcome {
  return OUTCOMES.includes(value);
}

export interface TrialView {
  id: RecordId;
  solutionId: RecordId;
  problemId: RecordId;
  /** The teacher who tries it. */
  memberId: RecordId;
  /** Plan: the day she starts. */
  when: string;
  /** Plan: the class (kelas / kelompok). */
  className: string;
  /** What she will look for in the children. */
  lookFor: Y.Text;
  startDate: string;
  endDate: string;
  /** Her journal entries linked to the trial (references only), by day then id. */
  entryRefs: Array<{ entryId: string; date: string }>;
  reflection: Y.Text;
  evidence: Y.Text;
  outcome: TrialOutcome | null;
  outcomeAt: number | null;
  outcomeBy: RecordId | null;
  previousTrialId: RecordId | null;
  nextTrialId: RecordId | null;
  createdAt: number;
  status: TrialStatus;
}

export function trialsOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(CommunityRoot.TRIALS);
}

/** `day` plus `days` calendar days, `YYYY-MM-DD`. */
export function trialsAddDays(day: string, days: number): string {
  const ms = isoDateToUtcMs(day);
  if (ms === undefined) throw new DomainError('invalid-date', `not a YYYY-MM-DD date: ${day}`);
  return new Date(ms + days * 86_400_000).toISOString().slice(0, 10);
}

function statusOf(trial: { outcome: TrialOutcome | null; startDate: string; endDate: string }, today: string): TrialStatus {
  if (trial.outcome !== null) return TrialStatus.DONE;
  if (today < trial.startDate) return TrialStatus.PLANNED;
  if (today < trial.endDate) return TrialStatus.RUNNING;
  return TrialStatus.DUE;
}

const isRefOrNull = (value: unknown): value is RecordId | null => value === null || isRecordIdLike(value);

/** The trial if the record under `key` is valid (status as of `today`), and every problem found. */
export function inspectTrial(key: string, value: unknown, today: string = todayIso(new Date())): { trial?: TrialView; problems: SchemaProblem[] } {
  const problems = new Problems(`${CommunityRoot.TRIALS}.${key}`);
  const record = problems.record(key, value);
  if (!record) return { problems: problems.list };
  const ids = [TrialKey.SOLUTION_ID, TrialKey.PROBLEM_ID, TrialKey.MEMBER_ID].map((field) => {
    const id = record.get(field);
    if (!isRecordIdLike(id)) problems.add(field, 'not a record id');
    return id as RecordId;
  });
  const plan = record.get(TrialKey.PLAN) as { when?: unknown; className?: unknown } | undefined;
  const planOk = typeof plan === 'object' && plan !== null && !(plan instanceof Y.AbstractType) && isIsoDate(plan.when) && isLine(plan.className, 0, NAME_MAX);
  if (!planOk) problems.add(TrialKey.PLAN, `not { when: YYYY-MM-DD, className: up to ${NAME_MAX} characters }`);
  const [lookFor, reflection, evidence] = TRIAL_TEXT_FIELDS.map((field) => problems.text(record, field));
  const startDate = record.get(TrialKey.START_DATE);
  if (!isIsoDate(startDate)) problems.add(TrialKey.START_DATE, 'not a YYYY-MM-DD date');
  const endDate = record.get(TrialKey.END_DATE);
  if (!isIsoDate(endDate)) problems.add(TrialKey.END_DATE, 'not a YYYY-MM-DD date');
  const refs = record.get(TrialKey.ENTRY_REFS);
  if (!(refs instanceof Y.Map)) problems.add(TrialKey.ENTRY_REFS, refs === undefined ? 'missing Y.Map' : 'not a Y.Map');
  const outcome = record.get(TrialKey.OUTCOME) ?? null;
  if (outcome !== null && !isTrialOutcome(outcome)) problems.add(TrialKey.OUTCOME, 'not an outcome or null');
  const outcomeAt = record.get(TrialKey.OUTCOME_AT) ?? null;
  if (outcomeAt !== null && !isTimestamp(outcomeAt)) problems.add(TrialKey.OUTCOME_AT, 'not a timestamp or null');
  const outcomeBy = record.get(TrialKey.OUTCOME_BY) ?? null;
  if (!isRefOrNull(outcomeBy)) problems.add(TrialKey.OUTCOME_BY, 'not a member id or null');
  const previousTrialId = record.get(TrialKey.PREVIOUS_TRIAL_ID) ?? null;
  if (!isRefOrNull(previousTrialId)) problems.add(TrialKey.PREVIOUS_TRIAL_ID, 'not a trial id or null');
  const nextTrialId = record.get(TrialKey.NEXT_TRIAL_ID) ?? null;
  if (!isRefOrNull(nextTrialId)) problems.add(TrialKey.NEXT_TRIAL_ID, 'not a trial id or null');
  const createdAt = problems.timestamp(record, TrialKey.CREATED_AT);
  if (problems.list.length > 0) return { problems: problems.list };
  const entryRefs: Array<{ entryId: string; date: string }> = [];
  (refs as Y.Map<unknown>).forEach((date, entryId) => {
    if (isRecordIdLike(entryId) && isIsoDate(date)) entryRefs.push({ entryId, date });
  });
  entryRefs.sort((a, b) => compareCodeUnits(a.date, b.date) || compareCodeUnits(a.entryId, b.entryId));
  const [solutionId, problemId, memberId] = ids as [RecordId, RecordId, RecordId];
  const dates = { outcome: outcome as TrialOutcome | null, startDate: startDate as string, endDate: endDate as string };
  return {
    trial: {
      id: key as RecordId,
      solutionId,
      problemId,
      memberId,
      when: plan!.when as string,
      className: plan!.className as string,
      lookFor: lookFor!,
      startDate: dates.startDate,
      endDate: dates.endDate,
      entryRefs,
      reflection: reflection!,
      evidence: evidence!,
      outcome: dates.outcome,
      outcomeAt: outcomeAt as number | null,
      outcomeBy: outcomeBy as RecordId | null,
      previousTrialId: previousTrialId as RecordId | null,
      nextTrialId: nextTrialId as RecordId | null,
      createdAt: createdAt!,
      status: statusOf(dates, today),
    },
    problems: [],
  };
}

/** A valid trial with its status as of `today` (default: this phone's day), or undefined. */
export function getTrial(doc: Y.Doc, id: RecordId, today?: string): TrialView | undefined {
  return inspectTrial(id, trialsOf(doc).get(id), today).trial;
}

/** Valid trials (optionally one member's), newest start first, then id. */
export function listTrials(doc: Y.Doc, opts: { memberId?: RecordId; today?: string } = {}): TrialView[] {
  const today = opts.today ?? todayIso(new Date());
  const trials: TrialView[] = [];
  trialsOf(doc).forEach((value, key) => {
    const { trial } = inspectTrial(key, value, today);
    if (trial && (opts.memberId === undefined || trial.memberId === opts.memberId)) trials.push(trial);
  });
  return trials.sort((a, b) => compareCodeUnits(b.startDate, a.startDate) || b.createdAt - a.createdAt || compareCodeUnits(a.id, b.id));
}

function requireTrial(doc: Y.Doc, id: RecordId): { view: TrialView; record: Y.Map<unknown> } {
  const view = getTrial(doc, id);
  if (!view) throw new DomainError('not-found', `no trial ${id}`);
  return { view, record: trialsOf(doc).get(id) as Y.Map<unknown> };
}

/**
 * Starts a trial of a solution for a member: plan `{ when, className }`, window from `when` for `days`
 * (default 14) days, empty reflection and evidence. With `previousTrialId` the two trials are linked
 * both ways (a retry). Idempotent on an explicit `id`. Throws 'not-found' (solution, previous trial),
 * 'invalid-date', 'invalid-text', 'invalid-count' (days not 1–120), 'invalid-id', 'already-exists'
 * (the previous trial already has a next one).
 */
export function startTrial(
  doc: Y.Doc,
  input: {
    solutionId: RecordId;
    memberId: RecordId;
    when: string;
    className: string;
    lookFor: string;
    now: number;
    days?: number;
    previousTrialId?: RecordId;
    id?: RecordId;
  },
): RecordId {
  const memberId = requireRecordId(input.memberId, 'member id');
  const now = requireTimestamp(input.now);
  if (!isIsoDate(input.when)) throw new DomainError('invalid-date', `not a YYYY-MM-DD date: ${String(input.when)}`);
  const className = normalizeLine(input.className, 0, NAME_MAX);
  if (className === undefined) throw new DomainError('invalid-text', `a class name has at most ${NAME_MAX} characters on one line`);
  if (!isTextWithin(input.lookFor, TEXT_MAX)) throw new DomainError('invalid-text', `what she looks for has at most ${TEXT_MAX} characters`);
  const days = input.days ?? TRIAL_DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > TRIAL_MAX_DAYS) throw new DomainError('invalid-count', `a trial lasts 1 to ${TRIAL_MAX_DAYS} days`);
  const solution = getSolution(doc, input.solutionId);
  if (!solution) throw new DomainError('not-found', `no solution ${input.solutionId}`);
  const id = requireRecordId(input.id ?? newRecordId(), 'trial id');
  const trials = trialsOf(doc);
  if (trials.has(id)) return id;
  let previous: Y.Map<unknown> | undefined;
  if (input.previousTrialId !== undefined) {
    const found = requireTrial(doc, input.previousTrialId);
    if (found.view.nextTrialId !== null) throw new DomainError('already-exists', `trial ${input.previousTrialId} already has a next trial`);
    previous = found.record;
  }
  const record = new Y.Map<unknown>();
  record.set(TrialKey.ID, id);
  record.set(TrialKey.SOLUTION_ID, solution.id);
  record.set(TrialKey.PROBLEM_ID, solution.problemId);
  record.set(TrialKey.MEMBER_ID, memberId);
  record.set(TrialKey.PLAN, { when: input.when, className });
  record.set(TrialKey.LOOK_FOR, new Y.Text(input.lookFor));
  record.set(TrialKey.START_DATE, input.when);
  record.set(TrialKey.END_DATE, trialsAddDays(input.when, days));
  record.set(TrialKey.ENTRY_REFS, new Y.Map<unknown>());
  record.set(TrialKey.REFLECTION, new Y.Text());
  record.set(TrialKey.EVIDENCE, new Y.Text());
  record.set(TrialKey.OUTCOME, null);
  record.set(TrialKey.OUTCOME_AT, null);
  record.set(TrialKey.OUTCOME_BY, null);
  record.set(TrialKey.PREVIOUS_TRIAL_ID, input.previousTrialId ?? null);
  record.set(TrialKey.NEXT_TRIAL_ID, null);
  record.set(TrialKey.CREATED_AT, now);
  doc.transact(() => {
    trials.set(id, record);
    previous?.set(TrialKey.NEXT_TRIAL_ID, id);
  });
  return id;
}

/** Changes the plan or the window of a trial. Throws 'not-found', 'invalid-date', 'invalid-text'. */
export function setTrialPlan(doc: Y.Doc, trialId: RecordId, plan: { when?: string; className?: string; endDate?: string }): void {
  const { view, record } = requireTrial(doc, trialId);
  const when = plan.when ?? view.when;
  if (!isIsoDate(when)) throw new DomainError('invalid-date', `not a YYYY-MM-DD date: ${String(when)}`);
  const className = normalizeLine(plan.className ?? view.className, 0, NAME_MAX);
  if (className === undefined) throw new DomainError('invalid-text', `a class name has at most ${NAME_MAX} characters on one line`);
  const endDate = plan.endDate ?? (plan.when === undefined ? view.endDate : trialsAddDays(when, Math.max(1, daysBetween(view.startDate, view.endDate))));
  if (!isIsoDate(endDate) || endDate <= when) throw new DomainError('invalid-date', 'the window must end after it starts');
  doc.transact(() => {
    record.set(TrialKey.PLAN, { when, className });
    if (when !== view.startDate) record.set(TrialKey.START_DATE, when);
    if (endDate !== view.endDate) record.set(TrialKey.END_DATE, endDate);
  });
}

function daysBetween(from: string, to: string): number {
  return Math.round((isoDateToUtcMs(to)! - isoDateToUtcMs(from)!) / 86_400_000);
}

/**
 * Links one of her journal entries to the trial (`entryRefs.<entryId> = date`): a reference only; the
 * entry's text stays in her personal document. Throws 'not-found', 'invalid-id', 'invalid-date'.
 */
export function linkTrialEntry(doc: Y.Doc, trialId: RecordId, entryId: string, date: string): void {
  requireRecordId(entryId, 'entry id');
  if (!isIsoDate(date)) throw new DomainError('invalid-date', `not a YYYY-MM-DD date: ${String(date)}`);
  const { record } = requireTrial(doc, trialId);
  const refs = record.get(TrialKey.ENTRY_REFS) as Y.Map<unknown>;
  if (refs.get(entryId) !== date) doc.transact(() => refs.set(entryId, date));
}

/** Unlinks an entry from the trial. Throws 'not-found'. */
export function unlinkTrialEntry(doc: Y.Doc, trialId: RecordId, entryId: string): void {
  const { record } = requireTrial(doc, trialId);
  const refs = record.get(TrialKey.ENTRY_REFS) as Y.Map<unknown>;
  if (refs.has(entryId)) doc.transact(() => refs.delete(entryId));
}

/**
 * Records what came of the trial (after the reflection with peers), with who and when; recording again
 * replaces it. Throws 'not-found', 'invalid-status', 'invalid-id', 'invalid-date'.
 */
export function recordOutcome(doc: Y.Doc, trialId: RecordId, outcome: TrialOutcome, by: RecordId, now: number): void {
  if (!isTrialOutcome(outcome)) throw new DomainError('invalid-status', `not an outcome: ${String(outcome)}`);
  requireRecordId(by, 'by');
  requireTimestamp(now);
  const { record } = requireTrial(doc, trialId);
  doc.transact(() => {
    record.set(TrialKey.OUTCOME, outcome);
    record.set(TrialKey.OUTCOME_AT, now);
    record.set(TrialKey.OUTCOME_BY, by);
  });
}

/**
 * Perlu diubah: tries again. Records the outcome 'perlu-diubah' when none is recorded yet, then starts
 * a next trial for the same member, linked both ways (`nextTrialId` / `previousTrialId`). With
 * `solutionText` the adapted solution is proposed on the same board and problem (by `by`) and tried;
 * without, the same solution is tried again. Returns the new trial's id, in one transaction.
 * Throws 'invalid-status' (the trial was berhasil or tidak-berhasil), 'already-exists' (it already has
 * a next trial), and what startTrial and proposeSolution throw.
 */
export function retryTrial(
  doc: Y.Doc,
  trialId: RecordId,
  input: { solutionText?: string; when: string; className: string; lookFor: string; now: number; by: RecordId; days?: number },
): RecordId {
  const { view } = requireTrial(doc, trialId);
  if (view.outcome !== null && view.outcome !== TrialOutcome.ADAPT) throw new DomainError('invalid-status', `trial ${trialId} ended ${view.outcome}`);
  if (view.nextTrialId !== null) throw new DomainError('already-exists', `trial ${trialId} already has a next trial`);
  const solution = getSolution(doc, view.solutionId);
  if (!solution) throw new DomainError('not-found', `no solution ${view.solutionId}`);
  let nextId!: RecordId;
  doc.transact(() => {
    if (view.outcome === null) recordOutcome(doc, trialId, TrialOutcome.ADAPT, input.by, input.now);
    const solutionId =
      input.solutionText === undefined
        ? solution.id
        : proposeSolution(doc, { boardId: solution.boardId, problemId: solution.problemId, text: input.solutionText, by: input.by, now: input.now });
    const next: Parameters<typeof startTrial>[1] = {
      solutionId,
      memberId: view.memberId,
      when: input.when,
      className: input.className,
      lookFor: input.lookFor,
      now: input.now,
      previousTrialId: trialId,
    };
    if (input.days !== undefined) next.days = input.days;
    nextId = startTrial(doc, next);
  });
  return nextId;
}

/** The chain of trials a trial belongs to, first to last (following previous/next links, no loops). */
export function trialChain(doc: Y.Doc, trialId: RecordId, today?: string): TrialView[] {
  const start = getTrial(doc, trialId, today);
  if (!start) return [];
  const seen = new Set<RecordId>([start.id]);
  const before: TrialView[] = [];
  for (let t = start; t.previousTrialId !== null && !seen.has(t.previousTrialId); ) {
    const previous = getTrial(doc, t.previousTrialId, today);
    if (!previous) break;
    seen.add(previous.id);
    before.unshift(previous);
    t = previous;
  }
  const after: TrialView[] = [];
  for (let t = start; t.nextTrialId !== null && !seen.has(t.nextTrialId); ) {
    const next = getTrial(doc, t.nextTrialId, today);
    if (!next) break;
    seen.add(next.id);
    after.push(next);
    t = next;
  }
  return [...before, start, ...after];
}

/**
 * The nudge when she opens the app: her trials without an outcome that have started and whose window
 * has ended (`endDate` on or before `today`), or ends on or before `nextMeeting` (so she can record
 * the result at, or before, the weekly meeting). Soonest end first, then id.
 */
export function trialsNeedingResult(doc: Y.Doc, memberId: RecordId, today: string, nextMeeting?: string): TrialView[] {
  return listTrials(doc, { memberId, today })
    .filter(
      (t) =>
        t.outcome === null &&
        t.startDate <= today &&
        (t.endDate <= today || (nextMeeting !== undefined && isIsoDate(nextMeeting) && t.endDate <= nextMeeting)),
    )
    .sort((a, b) => compareCodeUnits(a.endDate, b.endDate) || compareCodeUnits(a.id, b.id));
}
