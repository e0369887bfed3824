import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  CommunityRoot,
  DiscussionRoot,
  initCommunityDoc,
  listBoards,
  listMembers,
  listPractices,
  listProblems,
  listSolutions,
  listTrials,
  listWhys,
  TrialOutcome,
  validateCommunityDoc,
} from '../../../src/domain';
import { makeCycleYear } from '../../fixtures/makeCycleYear';

describe('a community after a school year of the learning cycle (the fixture behind the screen timings)', () => {
  it('is a valid document with the year’s problems, whys, boards, solutions, trials and practices', () => {
    const year = makeCycleYear();
    const update = Y.encodeStateAsUpdate(year.doc);
    const reopened = new Y.Doc();
    Y.applyUpdate(reopened, update);
    initCommunityDoc(reopened, Date.now());
    expect(validateCommunityDoc(reopened)).toEqual([]);
    expect(listMembers(reopened)).toHaveLength(25);

    const problems = listProblems(reopened);
    expect(problems).toHaveLength(200);
    const whyCounts = problems.map((p) => listWhys(reopened, p.id).length);
    expect(Math.min(...whyCounts)).toBe(2);
    expect(Math.max(...whyCounts)).toBe(4);
    expect(whyCounts.reduce((a, b) => a + b, 0)).toBe(year.whys.length);
    expect(problems.some((p) => listWhys(reopened, p.id).some((w) => w.parentId !== null))).toBe(true);
    const withRootCause = problems.filter((p) => p.rootCauseId !== null).length;
    expect(withRootCause).toBe(year.rootCauses.length);
    expect(withRootCause).toBeGreaterThan(140); // most of them
    // Shared with children's names as initials: no first name of the journal's children is left.
    expect(problems.every((p) => !/\b(Rina|Budi|Sinta|Andi)\b/.test(p.text.toString()))).toBe(true);

    const boards = listBoards(reopened);
    expect(boards).toHaveLength(40);
    expect(boards.map((b) => b.weekOf).sort()).toEqual(year.weeks);
    let solutions = 0;
    let picks = 0;
    for (const board of boards) {
      expect(board.problemIds).toHaveLength(5);
      for (const problemId of board.problemIds) {
        const list = listSolutions(reopened, board.id, problemId);
        expect(list).toHaveLength(6);
        expect(list.every((s) => s.text.length > 60)).toBe(true); // typed by three phones
        solutions += list.length;
        picks += list.reduce((n, s) => n + s.pickedBy.length, 0);
      }
    }
    expect(solutions).toBe(1200);
    expect(picks).toBeGreaterThanOrEqual(200);

    const trials = listTrials(reopened, { today: '2027-06-30' });
    expect(trials).toHaveLength(200);
    expect(trials.every((t) => t.reflection.length > 0)).toBe(true);
    expect(trials.filter((t) => t.outcome === null)).toHaveLength(10);
    expect(trials.filter((t) => t.outcome === TrialOutcome.ADOPT)).toHaveLength(year.practices.length);
    const practices = listPractices(reopened);
    expect(practices).toHaveLength(year.practices.length);
    expect(practices.length).toBeGreaterThanOrEqual(55);
    expect(practices.length).toBeLessThanOrEqual(65);

  });

  it('is deterministic: the same cycle records on every run', () => {
    const cycleRoots = (doc: Y.Doc) =>
      JSON.stringify(
        [DiscussionRoot.PROBLEMS, DiscussionRoot.WHYS, CommunityRoot.BOARDS, CommunityRoot.SOLUTIONS, CommunityRoot.TRIALS, CommunityRoot.PRACTICES].map(
          (root) => doc.getMap(root).toJSON(),
        ),
      );
    const a = makeCycleYear({ weeks: 3 });
    const b = makeCycleYear({ weeks: 3 });
    expect(a.problems).toHaveLength(15);
    expect(cycleRoots(a.doc)).toBe(cycleRoots(b.doc));
  });
});
