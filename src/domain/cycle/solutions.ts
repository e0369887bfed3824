/**
 * Alternative solutions (alternatif solusi) per problem on a weekly board: co-edited live (`text` is a
 * `Y.Text`), reorderable, voted on, and picked: each teacher picks the one she will try.
 *
 * Order is a fractional index: a move writes one number between its new neighbours, so two phones
 * moving different solutions offline both keep their move. Equal numbers (two phones proposing at the
 * same time both append "after the last") are broken by id, so every phone shows one order.
 *
 * A pick is one key per member in the solution's `picks`. Picking removes her key from the siblings,
 * but two of her phones can still pick two different solutions offline; readers then count only her
 * latest pick (later `at`, then larger solution id), so every phone shows the same single pick.
 */
import * as Y from 'yjs';
import { newRecordId, type RecordId } from '../ids';
import { compareCodeUnits, isRecordIdLike, isTextWithin, isTimestamp, Problems, requireRecordId, requireTimestamp, TEXT_MAX } from '../community/fields';
import { CommunityRoot } from '../community/schema';
import { DomainError } from '../personal/DomainError';
import type { SchemaProblem } from '../personal/schema';
import { getBoard } from './boards';

/** Fields of a `solutions.<id>` record. */
export const SolutionKey = {
  ID: 'id',
  BOARD_ID: 'boardId',
  PROBLEM_ID: 'problemId',
  TEXT: 'text',
  PROPOSED_BY: 'proposedBy',
  CREATED_AT: 'createdAt',
  ORDER: 'order',
  VOTES: 'votes',
  PICKS: 'picks',
  RETRACTED_AT: 'retractedAt',
} as const;

export interface SolutionView {
  id: RecordId;
  boardId: RecordId;
  problemId: RecordId;
  /** The solution, co-edited live. */
  text: Y.Text;
  proposedBy: RecordId;
  createdAt: number;
  order: number;
  /** Members who voted for it (+1), sorted. */
  votes: RecordId[];
  /** Members who picked it to try, sorted; each member appears under one solution of a problem at most. */
  pickedBy: RecordId[];
  retractedAt?: number;
}

export function solutionsOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(CommunityRoot.SOLUTIONS);
}

function readMemberTimes(map: Y.Map<unknown>): Map<RecordId, number> {
  const out = new Map<RecordId, number>();
  map.forEach((at, memberId) => {
    if (isRecordIdLike(memberId) && isTimestamp(at)) out.set(memberId, at);
  });
  return out;
}

interface SolutionRead {
  view: SolutionView;
  picks: Map<RecordId, number>;
}

function readSolution(key: string, value: unknown): { read?: SolutionRead; problems: SchemaProblem[] } {
  const problems = new Problems(`${CommunityRoot.SOLUTIONS}.${key}`);
  const record = problems.record(key, value);
  if (!record) return { problems: problems.list };
  const boardId = record.get(SolutionKey.BOARD_ID);
  if (!isRecordIdLike(boardId)) problems.add(SolutionKey.BOARD_ID, 'not a board id');
  const problemId = record.get(SolutionKey.PROBLEM_ID);
  if (!isRecordIdLike(problemId)) problems.add(SolutionKey.PROBLEM_ID, 'not a problem id');
  const text = problems.text(record, SolutionKey.TEXT);
  const proposedBy = record.get(SolutionKey.PROPOSED_BY);
  if (!isRecordIdLike(proposedBy)) problems.add(SolutionKey.PROPOSED_BY, 'not a member id');
  const createdAt = problems.timestamp(record, SolutionKey.CREATED_AT);
  const order = record.get(SolutionKey.ORDER);
  if (typeof order !== 'number' || !Number.isFinite(order)) problems.add(SolutionKey.ORDER, 'not a finite number');
  const votes = record.get(SolutionKey.VOTES);
  if (!(votes instanceof Y.Map)) problems.add(SolutionKey.VOTES, 'not a Y.Map');
  const picks = record.get(SolutionKey.PICKS);
  if (!(picks instanceof Y.Map)) problems.add(SolutionKey.PICKS, 'not a Y.Map');
  const retractedAt = problems.timestamp(record, SolutionKey.RETRACTED_AT, true);
  if (problems.list.length > 0) return { problems: problems.list };
  const pickTimes = readMemberTimes(picks as Y.Map<unknown>);
  const view: SolutionView = {
    id: key as RecordId,
    boardId: boardId as RecordId,
    problemId: problemId as RecordId,
    text: text!,
    proposedBy: proposedBy as RecordId,
    createdAt: createdAt!,
    order: order as number,
    votes: [...readMemberTimes(votes as Y.Map<unknown>).keys()].sort(compareCodeUnits),
    pickedBy: [...pickTimes.keys()].sort(compareCodeUnits),
  };
  if (retractedAt !== undefined) view.retractedAt = retractedAt;
  return { read: { view, picks: pickTimes }, problems: [] };
}

/** The solution record if valid, and every problem found (for validation). */
export function inspectSolution(key: string, value: unknown): { solution?: SolutionView; problems: SchemaProblem[] } {
  const { read, problems } = readSolution(key, value);
  return read ? { solution: read.view, problems } : { problems };
}

function compareSolutions(a: SolutionView, b: SolutionView): number {
  return a.order - b.order || compareCodeUnits(a.id, b.id);
}

/** Every valid solution of a board's problem, retracted ones included, in order, with picks resolved. */
function siblings(doc: Y.Doc, boardId: RecordId, problemId: RecordId): SolutionView[] {
  const reads: SolutionRead[] = [];
  solutionsOf(doc).forEach((value, key) => {
    const { read } = readSolution(key, value);
    if (read && read.view.boardId === boardId && read.view.problemId === problemId) reads.push(read);
  });
  // One pick per member and problem: her latest (later `at`, then larger id) wins on every phone.
  const latest = new Map<RecordId, { at: number; id: RecordId }>();
  for (const { view, picks } of reads) {
    if (view.retractedAt !== undefined) continue;
    for (const [memberId, at] of picks) {
      const current = latest.get(memberId);
      if (!current || at > current.at || (at === current.at && compareCodeUnits(view.id, current.id) > 0)) latest.set(memberId, { at, id: view.id });
    }
  }
  return reads
    .map(({ view }) => ({ ...view, pickedBy: view.pickedBy.filter((memberId) => latest.get(memberId)?.id === view.id) }))
    .sort(compareSolutions);
}

/** A valid solution (picks as stored on this record, not resolved against its siblings), or undefined. */
export function getSolution(doc: Y.Doc, id: RecordId): SolutionView | undefined {
  return inspectSolution(id, solutionsOf(doc).get(id)).solution;
}

/**
 * The solutions of a problem on a board, by `order` then id; retracted ones only with
 * `{ includeRetracted: true }`. `pickedBy` lists each member under one solution at most.
 */
export function listSolutions(doc: Y.Doc, boardId: RecordId, problemId: RecordId, opts: { includeRetracted?: boolean } = {}): SolutionView[] {
  const all = siblings(doc, boardId, problemId);
  return opts.includeRetracted ? all : all.filter((s) => s.retractedAt === undefined);
}

/** The solution a member picked for a problem on a board, if any. */
export function pickedSolution(doc: Y.Doc, boardId: RecordId, problemId: RecordId, memberId: RecordId): SolutionView | undefined {
  return listSolutions(doc, boardId, problemId).find((s) => s.pickedBy.includes(memberId));
}

function requireSolution(doc: Y.Doc, id: RecordId): { view: SolutionView; record: Y.Map<unknown> } {
  const view = getSolution(doc, id);
  if (!view) throw new DomainError('not-found', `no solution ${id}`);
  return { view, record: solutionsOf(doc).get(id) as Y.Map<unknown> };
}

/** A complete solution record, not yet in a document. */
export function newSolutionRecord(input: {
  id: RecordId;
  boardId: RecordId;
  problemId: RecordId;
  text: string;
  proposedBy: RecordId;
  createdAt: number;
  order: number;
}): Y.Map<unknown> {
  const record = new Y.Map<unknown>();
  record.set(SolutionKey.ID, input.id);
  record.set(SolutionKey.BOARD_ID, input.boardId);
  record.set(SolutionKey.PROBLEM_ID, input.problemId);
  record.set(SolutionKey.TEXT, new Y.Text(input.text));
  record.set(SolutionKey.PROPOSED_BY, input.proposedBy);
  record.set(SolutionKey.CREATED_AT, input.createdAt);
  record.set(SolutionKey.ORDER, input.order);
  record.set(SolutionKey.VOTES, new Y.Map<unknown>());
  record.set(SolutionKey.PICKS, new Y.Map<unknown>());
  return record;
}

/**
 * Adds a solution after the last of its problem (retracted ones included, so a new one never takes a
 * retracted one's place) and returns its id; `text` may be empty (typed afterwards into the `Y.Text`).
 * Idempotent on an explicit `id`. Throws 'not-found' (board), 'invalid-id', 'invalid-date',
 * 'invalid-text' (over 2000 characters).
 */
export function proposeSolution(
  doc: Y.Doc,
  input: { boardId: RecordId; problemId: RecordId; text: string; by: RecordId; now: number; id?: RecordId },
): RecordId {
  const problemId = requireRecordId(input.problemId, 'problem id');
  const by = requireRecordId(input.by, 'by');
  const now = requireTimestamp(input.now);
  if (!isTextWithin(input.text, TEXT_MAX)) throw new DomainError('invalid-text', `a solution has at most ${TEXT_MAX} characters`);
  if (!getBoard(doc, input.boardId)) throw new DomainError('not-found', `no board ${input.boardId}`);
  const id = requireRecordId(input.id ?? newRecordId(), 'solution id');
  const solutions = solutionsOf(doc);
  if (solutions.has(id)) return id;
  const all = siblings(doc, input.boardId, problemId);
  const order = all.length === 0 ? 1 : Math.floor(all[all.length - 1]!.order) + 1;
  const record = newSolutionRecord({ id, boardId: input.boardId, problemId, text: input.text, proposedBy: by, createdAt: now, order });
  doc.transact(() => solutions.set(id, record));
  return id;
}

/**
 * Moves a solution to position `toIndex` of its problem's list (as listSolutions shows it, without
 * retracted ones; clamped to the list). Writes one `order` between the new neighbours; when no number
 * fits between them (equal orders, or floating point exhausted) the whole list is renumbered 1…n.
 * Throws 'not-found', 'invalid-count' (toIndex not an integer).
 */
export function moveSolution(doc: Y.Doc, solutionId: RecordId, toIndex: number): void {
  if (!Number.isInteger(toIndex)) throw new DomainError('invalid-count', `not a position: ${String(toIndex)}`);
  const { view } = requireSolution(doc, solutionId);
  const list = listSolutions(doc, view.boardId, view.problemId);
  const from = list.findIndex((s) => s.id === solutionId);
  const others = list.filter((s) => s.id !== solutionId);
  const at = Math.max(0, Math.min(toIndex, others.length));
  if (from === at) return;
  const before = others[at - 1];
  const after = others[at];
  let order: number;
  if (!before) order = after!.order - 1;
  else if (!after) order = before.order + 1;
  else order = (before.order + after.order) / 2;
  const fits = (!before || order > before.order) && (!after || order < after.order);
  const solutions = solutionsOf(doc);
  doc.transact(() => {
    if (fits) {
      (solutions.get(solutionId) as Y.Map<unknown>).set(SolutionKey.ORDER, order);
      return;
    }
    const wanted = [...others.slice(0, at), view, ...others.slice(at)];
    wanted.forEach((s, i) => {
      const record = solutions.get(s.id) as Y.Map<unknown>;
      if (record.get(SolutionKey.ORDER) !== i + 1) record.set(SolutionKey.ORDER, i + 1);
    });
  });
}

/** Adds her vote (+1) or takes it back. Throws 'not-found', 'invalid-id', 'invalid-date'. */
export function toggleVote(doc: Y.Doc, solutionId: RecordId, memberId: RecordId, now: number): void {
  requireRecordId(memberId, 'member id');
  requireTimestamp(now);
  const { record } = requireSolution(doc, solutionId);
  const votes = record.get(SolutionKey.VOTES) as Y.Map<unknown>;
  doc.transact(() => {
    if (votes.has(memberId)) votes.delete(memberId);
    else votes.set(memberId, now);
  });
}

/**
 * She picks this solution to try: `picks.<memberId> = now` here, and her pick removed from the other
 * solutions of the same problem on the board. Throws 'not-found' (or a retracted solution),
 * 'invalid-id', 'invalid-date'.
 */
export function pickSolution(doc: Y.Doc, solutionId: RecordId, memberId: RecordId, now: number): void {
  requireRecordId(memberId, 'member id');
  requireTimestamp(now);
  const { view, record } = requireSolution(doc, solutionId);
  if (view.retractedAt !== undefined) throw new DomainError('not-found', `solution ${solutionId} was retracted`);
  const solutions = solutionsOf(doc);
  doc.transact(() => {
    for (const sibling of siblings(doc, view.boardId, view.problemId)) {
      if (sibling.id === solutionId) continue;
      const picks = (solutions.get(sibling.id) as Y.Map<unknown>).get(SolutionKey.PICKS) as Y.Map<unknown>;
      if (picks.has(memberId)) picks.delete(memberId);
    }
    (record.get(SolutionKey.PICKS) as Y.Map<unknown>).set(memberId, now);
  });
}

/** Takes her pick back. Throws 'not-found'. */
export function unpickSolution(doc: Y.Doc, solutionId: RecordId, memberId: RecordId): void {
  const { record } = requireSolution(doc, solutionId);
  const picks = record.get(SolutionKey.PICKS) as Y.Map<unknown>;
  if (picks.has(memberId)) doc.transact(() => picks.delete(memberId));
}

/** Retracts a solution: kept with `retractedAt`, left out of lists and picks. Throws 'not-found'. */
export function retractSolution(doc: Y.Doc, solutionId: RecordId, now: number): void {
  requireTimestamp(now);
  const { view, record } = requireSolution(doc, solutionId);
  if (view.retractedAt !== undefined) return;
  doc.transact(() => record.set(SolutionKey.RETRACTED_AT, now));
}

/** Brings a retracted solution back, at its old place. Throws 'not-found'. */
export function restoreSolution(doc: Y.Doc, solutionId: RecordId): void {
  const { view, record } = requireSolution(doc, solutionId);
  if (view.retractedAt !== undefined) doc.transact(() => record.delete(SolutionKey.RETRACTED_AT));
}
