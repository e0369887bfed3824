import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addProblemToBoard,
  CommunityKind,
  createCommunity,
  getTrial,
  linkTrialEntry,
  listSolutions,
  listTrials,
  openWeeklyBoard,
  proposeSolution,
  recordOutcome,
  retryTrial,
  setTrialPlan,
  startTrial,
  trialChain,
  TrialOutcome,
  trialsNeedingResult,
  unlinkTrialEntry,
  type RecordId,
} from '../../../src/domain';
import { exchange, reencode } from './support';

const NOW = Date.UTC(2025, 2, 7, 6, 0);
const RINA = 'member-rina-00001' as RecordId;
const SARI = 'member-sari-00001' as RecordId;
const P1 = 'problem-000000001' as RecordId;

function withSolution(): { doc: Y.Doc; board: RecordId; solution: RecordId } {
  const doc = new Y.Doc();
  createCommunity(doc, {
    name: 'KB TK Pertiwi',
    kind: CommunityKind.IN_SCHOOL,
    focus: 'Bermain',
    schools: [],
    founder: { id: RINA, name: 'Bu Rina' },
    now: NOW,
  });
  const board = openWeeklyBoard(doc, { weekOf: '2025-03-07', by: RINA, now: NOW });
  addProblemToBoard(doc, board, P1);
  const solution = proposeSolution(doc, { boardId: board, problemId: P1, text: 'Nyanyikan lagu transisi', by: SARI, now: NOW });
  return { doc, board, solution };
}

function started(days?: number) {
  const setup = withSolution();
  const input = { solutionId: setup.solution, memberId: RINA, when: '2025-03-10', className: 'Kelompok B2', lookFor: 'Anak berpindah kegiatan tanpa menunggu lama', now: NOW };
  const trial = startTrial(setup.doc, days === undefined ? input : { ...input, days });
  return { ...setup, trial };
}

describe('a solution trial', () => {
  it('starts from her solution with a plan and a two-week window, and copies the problem', () => {
    const { doc, trial } = started();
    expect(getTrial(doc, trial, '2025-03-07')).toMatchObject({
      memberId: RINA,
      problemId: P1,
      when: '2025-03-10',
      className: 'Kelompok B2',
      startDate: '2025-03-10',
      endDate: '2025-03-24',
      entryRefs: [],
      outcome: null,
      previousTrialId: null,
      nextTrialId: null,
      status: 'planned',
    });
    expect(getTrial(doc, trial)!.lookFor.toString()).toBe('Anak berpindah kegiatan tanpa menunggu lama');
  });

  it('goes planned → running → due → done with the days and the outcome', () => {
    const { doc, trial } = started(7);
    expect(getTrial(doc, trial, '2025-03-09')!.status).toBe('planned');
    expect(getTrial(doc, trial, '2025-03-10')!.status).toBe('running');
    expect(getTrial(doc, trial, '2025-03-16')!.status).toBe('running');
    expect(getTrial(doc, trial, '2025-03-17')!.status).toBe('due');
    getTrial(doc, trial)!.reflection.insert(0, 'Anak lebih cepat berpindah.');
    getTrial(doc, trial)!.evidence.insert(0, 'Waktu transisi turun dari 10 ke 3 menit.');
    recordOutcome(doc, trial, TrialOutcome.ADOPT, SARI, NOW + 10);
    expect(getTrial(doc, trial, '2025-03-17')).toMatchObject({ status: 'done', outcome: 'berhasil', outcomeBy: SARI, outcomeAt: NOW + 10 });
  });

  it('links her journal entries by reference only, and entries linked on two phones both stay', () => {
    const { doc: a, trial } = started();
    const b = reencode(a);
    linkTrialEntry(a, trial, 'entry-0000000001', '2025-03-11');
    linkTrialEntry(b, trial, 'entry-0000000002', '2025-03-10');
    exchange(a, b);
    expect(getTrial(a, trial)!.entryRefs).toEqual([
      { entryId: 'entry-0000000002', date: '2025-03-10' },
      { entryId: 'entry-0000000001', date: '2025-03-11' },
    ]);
    expect((a.getMap('trials').get(trial) as Y.Map<unknown>).toJSON().entryRefs).toEqual({
      'entry-0000000001': '2025-03-11',
      'entry-0000000002': '2025-03-10',
    });
    unlinkTrialEntry(a, trial, 'entry-0000000001');
    expect(getTrial(a, trial)!.entryRefs.map((r) => r.entryId)).toEqual(['entry-0000000002']);
    expect(() => linkTrialEntry(a, trial, 'entry-0000000003', '11/03/2025')).toThrow(expect.objectContaining({ reason: 'invalid-date' }));
  });

  it('refuses a missing solution, a bad day, a bad window and an unknown outcome', () => {
    const { doc, solution, trial } = started();
    const base = { solutionId: solution, memberId: RINA, when: '2025-03-10', className: 'B2', lookFor: '', now: NOW };
    expect(() => startTrial(doc, { ...base, solutionId: 'no-such-solution' as RecordId })).toThrow(expect.objectContaining({ reason: 'not-found' }));
    expect(() => startTrial(doc, { ...base, when: '2025-13-01' })).toThrow(expect.objectContaining({ reason: 'invalid-date' }));
    expect(() => startTrial(doc, { ...base, days: 0 })).toThrow(expect.objectContaining({ reason: 'invalid-count' }));
    expect(() => recordOutcome(doc, trial, 'lumayan' as TrialOutcome, RINA, NOW)).toThrow(expect.objectContaining({ reason: 'invalid-status' }));
  });

  it('a changed plan moves the window with it', () => {
    const { doc, trial } = started(7);
    setTrialPlan(doc, trial, { when: '2025-03-12', className: 'Kelompok A1' });
    expect(getTrial(doc, trial)).toMatchObject({ when: '2025-03-12', className: 'Kelompok A1', startDate: '2025-03-12', endDate: '2025-03-19' });
  });

  it('lists her trials, newest start first, and skips a damaged one', () => {
    const { doc, solution, trial } = started();
    const later = startTrial(doc, { solutionId: solution, memberId: RINA, when: '2025-04-01', className: 'B2', lookFor: '', now: NOW + 1 });
    startTrial(doc, { solutionId: solution, memberId: SARI, when: '2025-03-10', className: 'A1', lookFor: '', now: NOW });
    doc.getMap('trials').set('junk-trial-00001', new Y.Map());
    expect(listTrials(doc, { memberId: RINA }).map((t) => t.id)).toEqual([later, trial]);
    expect(listTrials(doc)).toHaveLength(3);
  });
});

describe('the nudge to record a result', () => {
  it('lists her trials whose window ended, or ends by the next meeting, without an outcome', () => {
    const { doc, solution, trial } = started(7); // 2025-03-10 … 2025-03-17
    const long = startTrial(doc, { solutionId: solution, memberId: RINA, when: '2025-03-10', className: 'B2', lookFor: '', now: NOW, days: 30 });
    startTrial(doc, { solutionId: solution, memberId: SARI, when: '2025-03-10', className: 'A1', lookFor: '', now: NOW, days: 7 });
    expect(trialsNeedingResult(doc, RINA, '2025-03-12')).toEqual([]);
    expect(trialsNeedingResult(doc, RINA, '2025-03-12', '2025-03-14').map((t) => t.id)).toEqual([]);
    expect(trialsNeedingResult(doc, RINA, '2025-03-12', '2025-03-17').map((t) => t.id)).toEqual([trial]);
    expect(trialsNeedingResult(doc, RINA, '2025-03-18').map((t) => t.id)).toEqual([trial]);
    expect(trialsNeedingResult(doc, RINA, '2025-04-20').map((t) => t.id)).toEqual([trial, long]);
    recordOutcome(doc, trial, TrialOutcome.FAILED, RINA, NOW);
    expect(trialsNeedingResult(doc, RINA, '2025-04-20').map((t) => t.id)).toEqual([long]);
  });

  it('does not nudge about a trial that has not started', () => {
    const { doc } = started(1);
    expect(trialsNeedingResult(doc, RINA, '2025-03-01', '2025-03-20')).toEqual([]);
  });
});

describe('perlu diubah: the retry chain', () => {
  it('a retry records the outcome, starts a next trial for her, and links the two both ways', () => {
    const { doc, trial, solution } = started();
    const next = retryTrial(doc, trial, { when: '2025-03-25', className: 'Kelompok B2', lookFor: 'Lagu lebih pendek', now: NOW + 5, by: RINA });
    expect(getTrial(doc, trial)).toMatchObject({ outcome: 'perlu-diubah', outcomeBy: RINA, nextTrialId: next });
    expect(getTrial(doc, next)).toMatchObject({ previousTrialId: trial, nextTrialId: null, memberId: RINA, solutionId: solution, startDate: '2025-03-25' });
    expect(() => retryTrial(doc, trial, { when: '2025-04-01', className: 'B2', lookFor: '', now: NOW, by: RINA })).toThrow(
      expect.objectContaining({ reason: 'already-exists' }),
    );
  });

  it('a retry with an adapted solution proposes it on the same board and problem', () => {
    const { doc, board, trial } = started();
    const next = retryTrial(doc, trial, { solutionText: 'Lagu transisi dengan gerakan', when: '2025-03-25', className: 'B2', lookFor: '', now: NOW, by: RINA });
    const adapted = getTrial(doc, next)!.solutionId;
    expect(listSolutions(doc, board, P1).find((s) => s.id === adapted)!.text.toString()).toBe('Lagu transisi dengan gerakan');
  });

  it('the chain reads first to last from any of its trials', () => {
    const { doc, trial } = started();
    const second = retryTrial(doc, trial, { when: '2025-03-25', className: 'B2', lookFor: '', now: NOW, by: RINA });
    const third = retryTrial(doc, second, { when: '2025-04-08', className: 'B2', lookFor: '', now: NOW, by: RINA });
    for (const id of [trial, second, third]) expect(trialChain(doc, id).map((t) => t.id)).toEqual([trial, second, third]);
  });

  it('a trial that worked, or failed, is not retried', () => {
    const { doc, trial } = started();
    recordOutcome(doc, trial, TrialOutcome.ADOPT, RINA, NOW);
    expect(() => retryTrial(doc, trial, { when: '2025-03-25', className: 'B2', lookFor: '', now: NOW, by: RINA })).toThrow(
      expect.objectContaining({ reason: 'invalid-status' }),
    );
  });
});
