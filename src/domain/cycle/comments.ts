/**
 * Comments (komentar) on anything of the cycle: a problem, a why, a solution, a trial or a practice.
 * Plain text, written once: a comment is a remark, not a co-edited document.
 *
 * `comments`: commentId → Y.Map { id, targetId, authorId, text: string, createdAt }. Never deleted.
 */
import * as Y from 'yjs';
import { newRecordId, type RecordId } from '../ids';
import { DomainError } from '../personal/DomainError';
import type { SchemaProblem } from '../personal/schema';
import { compareCodeUnits, isRecordIdLike, isTextWithin, Problems, requireRecordId, requireTimestamp, TEXT_MAX } from '../community/fields';
import { DiscussionRoot } from './problems';

export const CommentKey = { ID: 'id', TARGET_ID: 'targetId', AUTHOR_ID: 'authorId', TEXT: 'text', CREATED_AT: 'createdAt' } as const;

/** Longest comment, in code points. */
export const COMMENT_TEXT_MAX = TEXT_MAX;

export interface CommentView {
  id: RecordId;
  targetId: RecordId;
  authorId: RecordId;
  text: string;
  createdAt: number;
}

export function commentsOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(DiscussionRoot.COMMENTS);
}

/** The comment if the record under `key` is valid, and every problem found. */
export function inspectComment(key: string, value: unknown): { comment?: CommentView; problems: SchemaProblem[] } {
  const problems = new Problems(`${DiscussionRoot.COMMENTS}.${key}`);
  const record = problems.record(key, value);
  if (!record) return { problems: problems.list };
  const targetId = record.get(CommentKey.TARGET_ID);
  if (!isRecordIdLike(targetId)) problems.add(CommentKey.TARGET_ID, 'not a record id');
  const authorId = record.get(CommentKey.AUTHOR_ID);
  if (!isRecordIdLike(authorId)) problems.add(CommentKey.AUTHOR_ID, 'not a member id');
  const text = record.get(CommentKey.TEXT);
  if (!isTextWithin(text, COMMENT_TEXT_MAX) || text.trim() === '') problems.add(CommentKey.TEXT, `not a text of 1 to ${COMMENT_TEXT_MAX} characters`);
  const createdAt = problems.timestamp(record, CommentKey.CREATED_AT);
  if (problems.list.length > 0) return { problems: problems.list };
  return {
    comment: { id: key as RecordId, targetId: targetId as RecordId, authorId: authorId as RecordId, text: text as string, createdAt: createdAt! },
    problems: [],
  };
}

/**
 * Adds a comment on `targetId` (any record of the cycle; not checked, so a comment on a solution made
 * offline before the solution arrived is kept) and returns its id. Idempotent on an explicit `id`.
 * Throws 'invalid-text' (empty or longer than COMMENT_TEXT_MAX), 'invalid-id', 'invalid-date'.
 */
export function addComment(doc: Y.Doc, input: { targetId: string; authorId: RecordId; text: string; now: number; id?: RecordId }): RecordId {
  const targetId = requireRecordId(input.targetId, 'targetId');
  const authorId = requireRecordId(input.authorId, 'authorId');
  const now = requireTimestamp(input.now);
  const text = typeof input.text === 'string' ? input.text.trim() : '';
  if (text === '' || [...text].length > COMMENT_TEXT_MAX) throw new DomainError('invalid-text', `a comment has 1 to ${COMMENT_TEXT_MAX} characters`);
  const id = requireRecordId(input.id ?? newRecordId(), 'comment id');
  const comments = commentsOf(doc);
  if (comments.has(id)) return id;
  const record = new Y.Map<unknown>();
  record.set(CommentKey.ID, id);
  record.set(CommentKey.TARGET_ID, targetId);
  record.set(CommentKey.AUTHOR_ID, authorId);
  record.set(CommentKey.TEXT, text);
  record.set(CommentKey.CREATED_AT, now);
  doc.transact(() => comments.set(id, record));
  return id;
}

/** Valid comments on `targetId`, oldest first (then by id); damaged ones skipped. */
export function listComments(doc: Y.Doc, targetId: string): CommentView[] {
  const list: CommentView[] = [];
  commentsOf(doc).forEach((value, key) => {
    const { comment } = inspectComment(key, value);
    if (comment && comment.targetId === targetId) list.push(comment);
  });
  return list.sort((a, b) => a.createdAt - b.createdAt || compareCodeUnits(a.id, b.id));
}

/** The number of valid comments per target id, in one pass (list badges). */
export function countCommentsByTarget(doc: Y.Doc): Map<RecordId, number> {
  const counts = new Map<RecordId, number>();
  commentsOf(doc).forEach((value, key) => {
    const { comment } = inspectComment(key, value);
    if (comment) counts.set(comment.targetId, (counts.get(comment.targetId) ?? 0) + 1);
  });
  return counts;
}

/** Every problem of every record in `comments`, sorted by key (for validateCommunityDoc). */
export function validateComments(doc: Y.Doc): SchemaProblem[] {
  const map = commentsOf(doc);
  const out: SchemaProblem[] = [];
  for (const key of [...map.keys()].sort(compareCodeUnits)) out.push(...inspectComment(key, map.get(key)).problems);
  return out;
}
