import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addComment,
  createJournalEntry,
  getJournalEntry,
  getProblem,
  hasSeenProblem,
  listComments,
  listProblems,
  markProblemSeen,
  shareProblem,
  validateProblems,
  type RecordId,
} from '../../../src/domain';
import { ANI, communityWithProblem as sharedProblem, NOW } from './cycleSupport';
import { exchange, reencode } from './support';

const BUDI = 'm-budiarti' as RecordId;
const CICI = 'm-cici' as RecordId;

const communityWithProblem = () => sharedProblem('Anak sulit antre cuci tangan.');

describe('seen by peers', () => {
  it('each member who opens the problem counts once, and the author does not count', () => {
    const { doc, problemId } = communityWithProblem();
    markProblemSeen(doc, problemId, ANI, NOW + 1);
    expect(getProblem(doc, problemId)!.seenCount).toBe(0);
    markProblemSeen(doc, problemId, BUDI, NOW + 2);
    markProblemSeen(doc, problemId, BUDI, NOW + 3);
    markProblemSeen(doc, problemId, CICI, NOW + 4);
    expect(getProblem(doc, problemId)).toMatchObject({ seenCount: 2, seenBy: [BUDI, CICI] });
    expect(hasSeenProblem(doc, problemId, BUDI)).toBe(true);
    expect(hasSeenProblem(doc, problemId, ANI)).toBe(true);
  });

  it('seeing again keeps the first time and writes nothing', () => {
    const { doc, problemId } = communityWithProblem();
    markProblemSeen(doc, problemId, BUDI, NOW + 2);
    let updates = 0;
    doc.on('update', () => (updates += 1));
    markProblemSeen(doc, problemId, BUDI, NOW + 9);
    expect(updates).toBe(0);
    expect(((doc.getMap('problems').get(problemId) as Y.Map<unknown>).get('seen') as Y.Map<unknown>).get(BUDI)).toBe(NOW + 2);
  });

  it('two replicas that saw the problem offline merge to the union of their readers', () => {
    const { doc, problemId } = communityWithProblem();
    const a = reencode(doc);
    const b = reencode(doc);
    markProblemSeen(a, problemId, BUDI, NOW + 1);
    markProblemSeen(b, problemId, CICI, NOW + 2);
    markProblemSeen(b, problemId, BUDI, NOW + 3);
    exchange(a, b);
    expect(getProblem(a, problemId)!.seenBy).toEqual([BUDI, CICI]);
    expect(getProblem(b, problemId)!.seenBy).toEqual([BUDI, CICI]);
  });

  it('an unknown problem is refused', () => {
    const { doc } = communityWithProblem();
    expect(() => markProblemSeen(doc, 'nope' as RecordId, BUDI, NOW)).toThrow(expect.objectContaining({ reason: 'not-found' }));
  });
});

describe('reading problems defensively', () => {
  it('a damaged problem from another client is skipped and reported, the others still listed', () => {
    const { doc, problemId } = communityWithProblem();
    const bad = new Y.Map<unknown>();
    bad.set('id', 'problem-bad');
    bad.set('authorId', BUDI);
    bad.set('text', 'a plain string, not a Y.Text');
    doc.getMap('problems').set('problem-bad', bad);
    doc.getMap('problems').set('problem-junk', 42);
    expect(listProblems(doc).map((p) => p.id)).toEqual([problemId]);
    expect(getProblem(doc, 'problem-bad' as RecordId)).toBeUndefined();
    const paths = validateProblems(doc).map((p) => p.path);
    expect(paths).toContain('problems.problem-bad.text');
    expect(paths).toContain('problems.problem-junk');
  });

  it('a damaged seen map reads as no readers and does not hide the problem', () => {
    const { doc, problemId } = communityWithProblem();
    (doc.getMap('problems').get(problemId) as Y.Map<unknown>).set('seen', 'junk');
    expect(getProblem(doc, problemId)).toMatchObject({ seenCount: 0 });
    expect(() => markProblemSeen(doc, problemId, BUDI, NOW)).not.toThrow();
  });

  it('problems are listed newest first and by author on request', () => {
    const { doc, problemId } = communityWithProblem();
    const personal = new Y.Doc();
    createJournalEntry(personal, { date: '2025-08-12', now: NOW, id: 'entry-2' as RecordId });
    const entry = getJournalEntry(personal, 'entry-2' as RecordId)!;
    entry.texts.gap.insert(0, 'Lain lagi.');
    const later = shareProblem(doc, { entry, choices: [{ field: 'gap', redact: true }], childNames: [], authorId: BUDI, now: NOW + 60_000 });
    expect(listProblems(doc).map((p) => p.id)).toEqual([later, problemId]);
    expect(listProblems(doc, { authorId: ANI }).map((p) => p.id)).toEqual([problemId]);
  });
});

describe('comments', () => {
  it('comments on a target are listed oldest first with author and time, trimmed', () => {
    const { doc, problemId } = communityWithProblem();
    addComment(doc, { targetId: problemId, authorId: CICI, text: '  Sama di kelas saya.  ', now: NOW + 20, id: 'c-2' as RecordId });
    addComment(doc, { targetId: problemId, authorId: BUDI, text: 'Coba lagu antre?', now: NOW + 10, id: 'c-1' as RecordId });
    addComment(doc, { targetId: 'why-x', authorId: BUDI, text: 'lain', now: NOW });
    expect(listComments(doc, problemId)).toEqual([
      { id: 'c-1', targetId: problemId, authorId: BUDI, text: 'Coba lagu antre?', createdAt: NOW + 10 },
      { id: 'c-2', targetId: problemId, authorId: CICI, text: 'Sama di kelas saya.', createdAt: NOW + 20 },
    ]);
  });

  it('an empty comment is refused and a retried one is not doubled', () => {
    const { doc, problemId } = communityWithProblem();
    expect(() => addComment(doc, { targetId: problemId, authorId: BUDI, text: '   ', now: NOW })).toThrow(expect.objectContaining({ reason: 'invalid-text' }));
    addComment(doc, { targetId: problemId, authorId: BUDI, text: 'Setuju', now: NOW, id: 'c-1' as RecordId });
    addComment(doc, { targetId: problemId, authorId: BUDI, text: 'Setuju', now: NOW, id: 'c-1' as RecordId });
    expect(listComments(doc, problemId)).toHaveLength(1);
  });

  it('comments written on two phones offline both arrive', () => {
    const { doc, problemId } = communityWithProblem();
    const a = reencode(doc);
    const b = reencode(doc);
    addComment(a, { targetId: problemId, authorId: BUDI, text: 'dari A', now: NOW + 1 });
    addComment(b, { targetId: problemId, authorId: CICI, text: 'dari B', now: NOW + 2 });
    exchange(a, b);
    expect(listComments(a, problemId).map((c) => c.text)).toEqual(['dari A', 'dari B']);
    expect(listComments(b, problemId)).toEqual(listComments(a, problemId));
  });
});
