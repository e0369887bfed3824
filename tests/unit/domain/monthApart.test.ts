import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getBoard, getJournalEntry, getProblem, getSolution, listJournalEntries, listProblems, weeklyBoardId } from '../../../src/domain';
import { makeMonthApart, meet } from '../../fixtures/makeMonthApart';

describe('two phones thirty days apart', () => {
  it('converge when they meet, keeping every edit of both', () => {
    const { phones, sharedEntryId, boardWeeks } = makeMonthApart({ days: 30 });
    const [a, b] = phones;
    expect(a.edits + b.edits).toBeGreaterThan(2_000); // "thousands of edits"
    // A month offline really diverged them: neither has the other's entries.
    expect(listJournalEntries(a.journal).some((e) => b.entries.includes(e.id))).toBe(false);

    meet(a.community, b.community);
    meet(a.journal, b.journal);

    for (const doc of ['community', 'journal'] as const) {
      expect(Y.encodeStateVector(a[doc])).toEqual(Y.encodeStateVector(b[doc]));
      expect(a[doc].toJSON()).toEqual(b[doc].toJSON());
    }
    // Every entry, problem and solution of both phones is on both.
    for (const doc of [a, b]) {
      const entries = new Set(listJournalEntries(doc.journal).map((e) => e.id));
      for (const id of [...a.entries, ...b.entries]) expect(entries.has(id)).toBe(true);
      const problems = new Set(listProblems(doc.community).map((p) => p.id));
      for (const id of [...a.problems, ...b.problems]) expect(problems.has(id)).toBe(true);
      for (const id of [...a.solutions, ...b.solutions]) expect(getSolution(doc.community, id)).toBeDefined();
      expect(getProblem(doc.community, a.problems[0]!)).toBeDefined();
    }
    // The week's board, opened on both phones offline, is one board with both phones' problems.
    for (const weekOf of boardWeeks) {
      const board = getBoard(a.community, weeklyBoardId(weekOf, null))!;
      expect(board.problemIds.some((id) => a.problems.includes(id as never))).toBe(true);
      expect(board.problemIds.some((id) => b.problems.includes(id as never))).toBe(true);
    }
    // The entry both phones kept editing holds every sentence either typed, each whole.
    const shared = getJournalEntry(a.journal, sharedEntryId)!.texts.actions.toString();
    for (const sentence of [...a.sharedSentences, ...b.sharedSentences]) expect(shared).toContain(sentence);
  });
});
