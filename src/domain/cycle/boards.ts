/**
 * The weekly board (diskusi mingguan): the week's meeting picks shared problems and brainstorms
 * solutions for each (solutions.ts).
 *
 * At the meeting the school's Wi-Fi may be down and every teacher may open "this week's board" on her
 * own phone. Like the meeting of a scheduled day (community/scheduledMeeting.ts) the board therefore
 * has an id derived from the week (`b-<weekOf>`, `b-<weekOf>-<groupId>`) and is built alone, in an
 * empty document, by a client id derived from its whole content: phones opening the same week make
 * byte-identical items, so the problems each adds land in the same `problemIds` array. Nothing in the
 * record depends on the phone or the clock (`createdAt` is midnight UTC of `weekOf`, `createdBy` is
 * null); who opened it and when goes into `openedBy`, one key per member, written normally.
 */
import * as Y from 'yjs';
import type { RecordId } from '../ids';
import { compareCodeUnits, isGroupRef, isRecordIdLike, isTimestamp, Problems, requireRecordId, requireTimestamp } from '../community/fields';
import { isLiveGroup } from '../community/groupRecord';
import { CommunityRoot } from '../community/schema';
import { DomainError } from '../personal/DomainError';
import { keyedClientId } from '../personal/deterministicWrite';
import { isIsoDate, isoDateToUtcMs } from '../personal/isoDate';
import type { SchemaProblem } from '../personal/schema';

/** Fields of a `boards.<id>` record. */
export const BoardKey = {
  ID: 'id',
  WEEK_OF: 'weekOf',
  GROUP_ID: 'groupId',
  PROBLEM_IDS: 'problemIds',
  CREATED_AT: 'createdAt',
  CREATED_BY: 'createdBy',
  OPENED_BY: 'openedBy',
} as const;

/** Names what openWeeklyBoard writes; bump it whenever that content or its order changes. */
export const WEEKLY_BOARD_TAG = 'sejawat/community/weekly-board@1';

/** Transaction origin of the board's deterministic write. */
export const WEEKLY_BOARD_ORIGIN = 'sejawat:weekly-board';

export interface BoardView {
  id: RecordId;
  /** The meeting day, `YYYY-MM-DD`. */
  weekOf: string;
  groupId: RecordId | null;
  /** Problems on the board in the order added, each once (two phones adding one problem offline both push it). */
  problemIds: RecordId[];
  /** Midnight UTC of `weekOf` (the same on every phone). */
  createdAt: number;
  /** Member id → when she first opened the board on a phone. */
  openedBy: Map<RecordId, number>;
}

export function boardsOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(CommunityRoot.BOARDS);
}

/** The id of the board of a week: `b-YYYY-MM-DD`, or `b-YYYY-MM-DD-<groupId>` for a small group. */
export function weeklyBoardId(weekOf: string, groupId: RecordId | null): RecordId {
  return (groupId === null ? `b-${weekOf}` : `b-${weekOf}-${groupId}`) as RecordId;
}

/** The board if the record under `key` is valid, and every problem found. */
export function inspectBoard(key: string, value: unknown): { board?: BoardView; problems: SchemaProblem[] } {
  const problems = new Problems(`${CommunityRoot.BOARDS}.${key}`);
  const record = problems.record(key, value);
  if (!record) return { problems: problems.list };
  const weekOf = record.get(BoardKey.WEEK_OF);
  if (!isIsoDate(weekOf)) problems.add(BoardKey.WEEK_OF, 'not a YYYY-MM-DD date');
  const groupId = record.get(BoardKey.GROUP_ID);
  if (!isGroupRef(groupId)) problems.add(BoardKey.GROUP_ID, 'not a group id or null');
  const ids = record.get(BoardKey.PROBLEM_IDS);
  if (!(ids instanceof Y.Array)) problems.add(BoardKey.PROBLEM_IDS, ids === undefined ? 'missing Y.Array' : 'not a Y.Array');
  const createdAt = problems.timestamp(record, BoardKey.CREATED_AT);
  const createdBy = record.get(BoardKey.CREATED_BY);
  if (createdBy !== null && !isRecordIdLike(createdBy)) problems.add(BoardKey.CREATED_BY, 'not a member id or null');
  if (problems.list.length > 0) return { problems: problems.list };
  const problemIds: RecordId[] = [];
  const seen = new Set<string>();
  for (const id of (ids as Y.Array<unknown>).toArray()) {
    if (isRecordIdLike(id) && !seen.has(id)) {
      seen.add(id);
      problemIds.push(id);
    }
  }
  const openedBy = new Map<RecordId, number>();
  const opened = record.get(BoardKey.OPENED_BY);
  if (opened instanceof Y.Map) {
    (opened as Y.Map<unknown>).forEach((at, memberId) => {
      if (isRecordIdLike(memberId) && isTimestamp(at)) openedBy.set(memberId, at);
    });
  }
  return {
    board: { id: key as RecordId, weekOf: weekOf as string, groupId: groupId as RecordId | null, problemIds, createdAt: createdAt!, openedBy },
    problems: [],
  };
}

/**
 * Returns the id of the board of `weekOf` (the meeting day) for `groupId` (the whole community when
 * null), creating it when no phone has yet; the same id and the same items on every phone, offline.
 * Records `openedBy.<by> = now` the first time she opens it. Throws 'invalid-date', 'invalid-id',
 * 'not-found' (a group that is not live).
 */
export function openWeeklyBoard(doc: Y.Doc, input: { weekOf: string; groupId?: RecordId | null; by: RecordId; now: number }): RecordId {
  if (!isIsoDate(input.weekOf)) throw new DomainError('invalid-date', `not a YYYY-MM-DD date: ${String(input.weekOf)}`);
  const by = requireRecordId(input.by, 'by');
  const now = requireTimestamp(input.now);
  const groupId = input.groupId ?? null;
  if (groupId !== null && !isLiveGroup(doc, requireRecordId(groupId, 'group id'))) throw new DomainError('not-found', `no group ${groupId}`);
  const id = weeklyBoardId(input.weekOf, groupId);
  const boards = boardsOf(doc);
  if (!boards.has(id)) {
    const content = { id, weekOf: input.weekOf, groupId, createdAt: isoDateToUtcMs(input.weekOf)!, createdBy: null };
    const writers = Y.decodeStateVector(Y.encodeStateVector(doc));
    const scratch = new Y.Doc({ gc: doc.gc });
    try {
      scratch.clientID = keyedClientId(WEEKLY_BOARD_TAG, JSON.stringify(content), (client) => writers.has(client));
      const record = new Y.Map<unknown>();
      // This order is part of the deterministic write (WEEKLY_BOARD_TAG): do not reorder.
      record.set(BoardKey.ID, content.id);
      record.set(BoardKey.WEEK_OF, content.weekOf);
      record.set(BoardKey.GROUP_ID, content.groupId);
      record.set(BoardKey.PROBLEM_IDS, new Y.Array<string>());
      record.set(BoardKey.OPENED_BY, new Y.Map<unknown>());
      record.set(BoardKey.CREATED_AT, content.createdAt);
      record.set(BoardKey.CREATED_BY, content.createdBy);
      scratch.getMap<unknown>(CommunityRoot.BOARDS).set(id, record);
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(scratch), WEEKLY_BOARD_ORIGIN);
    } finally {
      scratch.destroy();
    }
  }
  const record = boards.get(id);
  const opened = record instanceof Y.Map ? (record as Y.Map<unknown>).get(BoardKey.OPENED_BY) : undefined;
  if (opened instanceof Y.Map && !opened.has(by)) doc.transact(() => (opened as Y.Map<unknown>).set(by, now));
  return id;
}

/** A valid board, or undefined. */
export function getBoard(doc: Y.Doc, id: RecordId): BoardView | undefined {
  return inspectBoard(id, boardsOf(doc).get(id)).board;
}

/** Valid boards, newest week first, then group (the community's own first), then id. */
export function listBoards(doc: Y.Doc): BoardView[] {
  const boards: BoardView[] = [];
  boardsOf(doc).forEach((value, key) => {
    const { board } = inspectBoard(key, value);
    if (board) boards.push(board);
  });
  return boards.sort(
    (a, b) =>
      compareCodeUnits(b.weekOf, a.weekOf) ||
      (a.groupId === null ? 0 : 1) - (b.groupId === null ? 0 : 1) ||
      compareCodeUnits(a.id, b.id),
  );
}

/**
 * Puts a shared problem on the board, once. Two phones adding the same problem offline both push it;
 * readers show it once (at its first place). Throws 'not-found' (board), 'invalid-id'.
 */
export function addProblemToBoard(doc: Y.Doc, boardId: RecordId, problemId: RecordId): void {
  requireRecordId(problemId, 'problem id');
  const board = getBoard(doc, boardId);
  if (!board) throw new DomainError('not-found', `no board ${boardId}`);
  if (board.problemIds.includes(problemId)) return;
  const ids = (boardsOf(doc).get(boardId) as Y.Map<unknown>).get(BoardKey.PROBLEM_IDS) as Y.Array<string>;
  doc.transact(() => ids.push([problemId]));
}

/**
 * Takes a problem off the board: every copy of it in `problemIds` (each phone may have pushed one).
 * Its solutions stay in `solutions`, unlisted until it is added again. Throws 'not-found' (board).
 */
export function removeProblemFromBoard(doc: Y.Doc, boardId: RecordId, problemId: RecordId): void {
  if (!getBoard(doc, boardId)) throw new DomainError('not-found', `no board ${boardId}`);
  const ids = (boardsOf(doc).get(boardId) as Y.Map<unknown>).get(BoardKey.PROBLEM_IDS) as Y.Array<unknown>;
  const at = ids.toArray().flatMap((id, i) => (id === problemId ? [i] : []));
  if (at.length === 0) return;
  doc.transact(() => {
    for (const i of at.reverse()) ids.delete(i, 1);
  });
}
