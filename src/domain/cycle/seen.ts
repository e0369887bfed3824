/**
 * Seen by peers (dilihat N rekan): each member who opens a shared problem adds herself to its `seen`
 * map, one key per member, so marks made offline on many phones merge without touching each other.
 * The first time is kept; the author's own views never count.
 */
import * as Y from 'yjs';
import type { RecordId } from '../ids';
import { DomainError } from '../personal/DomainError';
import { requireRecordId, requireTimestamp } from '../community/fields';
import { getProblem, ProblemKey, problemsOf } from './problems';

/**
 * Records that `memberId` has seen the problem. Idempotent (the first time stays); the author's own
 * view writes nothing. Throws 'not-found' (no valid problem), 'invalid-id', 'invalid-date'.
 */
export function markProblemSeen(doc: Y.Doc, problemId: RecordId, memberId: RecordId, now: number): void {
  requireRecordId(memberId, 'memberId');
  requireTimestamp(now);
  const problem = getProblem(doc, problemId);
  if (!problem) throw new DomainError('not-found', `no problem ${problemId}`);
  if (problem.authorId === memberId) return;
  const seen = (problemsOf(doc).get(problemId) as Y.Map<unknown>).get(ProblemKey.SEEN);
  // A record whose `seen` map is damaged cannot take the mark; the repair pass recreates the map.
  if (!(seen instanceof Y.Map) || seen.has(memberId)) return;
  doc.transact(() => (seen as Y.Map<unknown>).set(memberId, now));
}

/** Whether `memberId` has seen the problem (the author always has). */
export function hasSeenProblem(doc: Y.Doc, problemId: RecordId, memberId: RecordId): boolean {
  const problem = getProblem(doc, problemId);
  if (!problem) return false;
  return problem.authorId === memberId || problem.seenBy.includes(memberId);
}
