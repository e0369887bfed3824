import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addPracticeTag,
  addProblemToBoard,
  adoptPractice,
  archivePractice,
  CommunityKind,
  copyPracticeTo,
  createCommunity,
  getPractice,
  getSolution,
  getTrial,
  listPractices,
  listPracticeTags,
  markPracticeTried,
  openWeeklyBoard,
  proposeSolution,
  recordOutcome,
  startTrial,
  TrialOutcome,
  type RecordId,
} from '../../../src/domain';
import { exchange, reencode } from './support';

const NOW = Date.UTC(2025, 2, 7, 6, 0);
const RINA = 'member-rina-00001' as RecordId;
const SARI = 'member-sari-00001' as RecordId;
const P1 = 'problem-000000001' as RecordId;
const WHY = 'why-0000000000001' as RecordId;

function community(name: string): Y.Doc {
  const doc = new Y.Doc();
  createCommunity(doc, { name, kind: CommunityKind.IN_SCHOOL, focus: 'Bermain', schools: [], founder: { id: RINA, name: 'Bu Rina' }, now: NOW });
  return doc;
}

/** A shared problem with a root cause, written as the problems/whys maps hold them. */
function shareProblem(doc: Y.Doc, text: string, rootCause: string): void {
  const why = new Y.Map<unknown>();
  why.set('id', WHY);
  why.set('problemId', P1);
  why.set('text', new Y.Text(rootCause));
  doc.getMap('whys').set(WHY, why);
  const problem = new Y.Map<unknown>();
  problem.set('id', P1);
  problem.set('text', new Y.Text(text));
  problem.set('rootCauseId', WHY);
  doc.getMap('problems').set(P1, problem);
}

function trialWith(doc: Y.Doc, text: string, outcome: TrialOutcome | null, memberId = RINA, problemId = P1): RecordId {
  const board = openWeeklyBoard(doc, { weekOf: '2025-03-07', by: RINA, now: NOW });
  addProblemToBoard(doc, board, problemId);
  const solution = proposeSolution(doc, { boardId: board, problemId, text, by: SARI, now: NOW });
  const trial = startTrial(doc, { solutionId: solution, memberId, when: '2025-03-10', className: 'B2', lookFor: '', now: NOW });
  getTrial(doc, trial)!.evidence.insert(0, 'Foto hasil karya dan catatan 12 anak.');
  if (outcome) recordOutcome(doc, trial, outcome, memberId, NOW + 1);
  return trial;
}

function adopted(): { doc: Y.Doc; trial: RecordId; practice: RecordId } {
  const doc = community('KB TK Pertiwi');
  shareProblem(doc, 'Anak menunggu lama saat transisi', 'Guru menyiapkan alat setelah kegiatan selesai');
  const trial = trialWith(doc, 'Lagu transisi dengan gerakan\nDinyanyikan sambil merapikan', TrialOutcome.ADOPT);
  const practice = adoptPractice(doc, { trialId: trial, by: RINA, now: NOW + 2, tags: ['transisi', 'Musik'] });
  return { doc, trial, practice };
}

describe('adopting a good practice', () => {
  it('copies the problem and root cause as text, the solution as the practice, and the trial’s evidence', () => {
    const { doc, trial, practice } = adopted();
    const view = getPractice(doc, practice)!;
    expect(view).toMatchObject({
      trialId: trial,
      problemId: P1,
      problemText: 'Anak menunggu lama saat transisi',
      rootCauseText: 'Guru menyiapkan alat setelah kegiatan selesai',
      triedBy: [RINA],
      tags: ['transisi', 'Musik'],
      createdBy: RINA,
    });
    expect(view.title.toString()).toBe('Lagu transisi dengan gerakan');
    expect(view.practice.toString()).toBe('Lagu transisi dengan gerakan\nDinyanyikan sambil merapikan');
    expect(view.evidence.toString()).toBe('Foto hasil karya dan catatan 12 anak.');
  });

  it('keeps the words of the problem as they were when adopted, and editing the practice leaves the solution alone', () => {
    const { doc, trial, practice } = adopted();
    ((doc.getMap('problems').get(P1) as Y.Map<unknown>).get('text') as Y.Text).insert(0, 'DIUBAH ');
    getPractice(doc, practice)!.practice.insert(0, 'Praktik: ');
    expect(getPractice(doc, practice)!.problemText).toBe('Anak menunggu lama saat transisi');
    expect(getSolution(doc, getTrial(doc, trial)!.solutionId)!.text.toString()).toBe('Lagu transisi dengan gerakan\nDinyanyikan sambil merapikan');
  });

  it('only a berhasil trial is adopted, and adopting it again returns the same practice', () => {
    const { doc, trial, practice } = adopted();
    expect(adoptPractice(doc, { trialId: trial, by: SARI, now: NOW + 9 })).toBe(practice);
    expect(listPractices(doc)).toHaveLength(1);
    const failed = trialWith(doc, 'Cara lain', TrialOutcome.FAILED);
    const open = trialWith(doc, 'Belum selesai', null);
    expect(() => adoptPractice(doc, { trialId: failed, by: RINA, now: NOW })).toThrow(expect.objectContaining({ reason: 'invalid-status' }));
    expect(() => adoptPractice(doc, { trialId: open, by: RINA, now: NOW })).toThrow(expect.objectContaining({ reason: 'invalid-status' }));
  });

  it('a problem without a marked root cause gives an empty root cause, not an error', () => {
    const doc = community('KB TK Pertiwi');
    const trial = trialWith(doc, 'Lagu', TrialOutcome.ADOPT);
    const practice = adoptPractice(doc, { trialId: trial, by: RINA, now: NOW, title: 'Lagu transisi' });
    expect(getPractice(doc, practice)).toMatchObject({ problemText: '', rootCauseText: '' });
    expect(getPractice(doc, practice)!.title.toString()).toBe('Lagu transisi');
  });
});

describe('the library', () => {
  function library(): { doc: Y.Doc; first: RecordId; second: RecordId } {
    const { doc, practice: first } = adopted();
    const trial = trialWith(doc, 'Kolase daun kering', TrialOutcome.ADOPT, SARI, 'problem-000000002' as RecordId);
    const second = adoptPractice(doc, { trialId: trial, by: SARI, now: NOW + 100, tags: ['seni'] });
    return { doc, first, second };
  }

  it('lists newest first and searches title, practice, problem and root cause, case and accents aside', () => {
    const { doc, first, second } = library();
    expect(listPractices(doc).map((p) => p.id)).toEqual([second, first]);
    expect(listPractices(doc, { query: 'KOLASÉ' }).map((p) => p.id)).toEqual([second]);
    expect(listPractices(doc, { query: 'menunggu transisi' }).map((p) => p.id)).toEqual([first]);
    expect(listPractices(doc, { query: 'menyiapkan alat' }).map((p) => p.id)).toEqual([first]);
    expect(listPractices(doc, { query: 'kolase transisi' })).toEqual([]);
  });

  it('filters by tag and by who tried it; "I tried it too" adds her', () => {
    const { doc, first, second } = library();
    expect(listPractices(doc, { tag: 'musik' }).map((p) => p.id)).toEqual([first]);
    expect(listPractices(doc, { memberId: SARI }).map((p) => p.id)).toEqual([second]);
    markPracticeTried(doc, first, SARI, NOW + 200);
    expect(listPractices(doc, { memberId: SARI }).map((p) => p.id)).toEqual([second, first]);
    addPracticeTag(doc, second, 'transisi');
    expect(listPracticeTags(doc)).toEqual(['Musik', 'seni', 'transisi']);
  });

  it('tags added on two phones both stay, once each; an archived practice leaves the library', () => {
    const { doc: a, first } = library();
    const b = reencode(a);
    addPracticeTag(a, first, 'gerak');
    addPracticeTag(b, first, 'gerak');
    addPracticeTag(b, first, 'lagu');
    exchange(a, b);
    expect(getPractice(a, first)!.tags).toEqual(getPractice(b, first)!.tags);
    expect([...getPractice(a, first)!.tags].sort()).toEqual(['Musik', 'gerak', 'lagu', 'transisi']);
    archivePractice(a, first, NOW + 300);
    expect(listPractices(a).map((p) => p.id)).not.toContain(first);
    expect(listPractices(a, { includeArchived: true }).map((p) => p.id)).toContain(first);
  });

  it('a damaged practice is skipped', () => {
    const { doc, first } = library();
    (doc.getMap('practices').get(first) as Y.Map<unknown>).set('triedBy', 'Bu Rina');
    expect(listPractices(doc).map((p) => p.id)).not.toContain(first);
    expect(getPractice(doc, first)).toBeUndefined();
  });
});

describe('sharing a practice with another community', () => {
  it('copies the texts with the name of the community it came from, once', () => {
    const { doc, practice } = adopted();
    const other = community('Gugus PAUD Melati');
    const view = getPractice(doc, practice)!;
    const copy = copyPracticeTo(other, view, { by: RINA, now: NOW + 50, sourceCommunityName: 'KB TK Pertiwi' });
    expect(getPractice(other, copy)).toMatchObject({
      trialId: null,
      problemId: null,
      problemText: 'Anak menunggu lama saat transisi',
      rootCauseText: 'Guru menyiapkan alat setelah kegiatan selesai',
      triedBy: [],
      tags: ['transisi', 'Musik'],
      sourceCommunityName: 'KB TK Pertiwi',
      sourcePracticeId: practice,
      createdBy: RINA,
    });
    expect(getPractice(other, copy)!.practice.toString()).toBe(view.practice.toString());
    expect(copyPracticeTo(other, view, { by: RINA, now: NOW + 60, sourceCommunityName: 'KB TK Pertiwi' })).toBe(copy);
    expect(listPractices(other)).toHaveLength(1);
    getPractice(other, copy)!.practice.insert(0, 'Versi gugus: ');
    expect(getPractice(doc, practice)!.practice.toString()).not.toContain('Versi gugus');
    expect(() => copyPracticeTo(other, view, { by: RINA, now: NOW, sourceCommunityName: '  ' })).toThrow(expect.objectContaining({ reason: 'invalid-name' }));
  });
});
