/**
 * A hand-made community for the report figures: small enough that every figure is worked out by hand
 * in reports.test.ts. Times are noon UTC, so each lands on the same local day in any time zone
 * from UTC−11 to UTC+11.
 */
import * as Y from 'yjs';
import {
  addComment,
  addGoal,
  addMember,
  addProblemToBoard,
  adoptPractice,
  askWhy,
  CommunityKind,
  createCommunity,
  createGroup,
  createJournalEntry,
  createMeeting,
  getJournalEntry,
  linkTrialEntry,
  markAttendance,
  markPracticeTried,
  markRootCause,
  moveMember,
  openWeeklyBoard,
  proposeSolution,
  recordOutcome,
  retractWhy,
  Role,
  setGoalStatus,
  shareProblem,
  startTrial,
  TrialOutcome,
  type RecordId,
} from '../../../src/domain';

export const at = (day: string) => Date.parse(`${day}T12:00:00Z`);
export const ANI = 'm-ani' as RecordId; // fasilitator, Kelompok 1
export const BUDI = 'm-budi' as RecordId; // guru, Kelompok 1
export const CITRA = 'm-citra' as RecordId; // guru, Kelompok 2
export const DEDI = 'm-dedi' as RecordId; // pengawas, no group
export const G1 = 'g-1' as RecordId;
export const G2 = 'g-2' as RecordId;

function share(doc: Y.Doc, authorId: RecordId, sourceDay: string, sharedDay: string, gap: string, id: string, groupId: RecordId | null): RecordId {
  const personal = new Y.Doc();
  createJournalEntry(personal, { date: sourceDay, now: at(sourceDay), id: `e-${id}` as RecordId });
  const entry = getJournalEntry(personal, `e-${id}` as RecordId)!;
  entry.texts.gap.insert(0, gap);
  return shareProblem(doc, { entry, choices: [{ field: 'gap', redact: true }], childNames: [], authorId, groupId, now: at(sharedDay), id: id as RecordId });
}

export interface ReportFixture {
  doc: Y.Doc;
  ids: Record<'p1' | 'p2' | 'p3' | 's1' | 's2' | 's3' | 't1' | 't2' | 'pr1' | 'goalAll' | 'goalG2', RecordId>;
}

export function makeReportFixture(): ReportFixture {
  const doc = new Y.Doc();
  const joined = at('2025-07-01');
  createCommunity(doc, { name: 'Gugus PAUD Melati', kind: CommunityKind.BETWEEN_SCHOOLS, focus: '', schools: ['TK Pertiwi'], founder: { id: ANI, name: 'Bu Ani', school: 'TK Pertiwi' }, now: joined });
  addMember(doc, { id: BUDI, name: 'Pak Budi', role: Role.GURU, school: 'TK Melati', now: joined });
  addMember(doc, { id: CITRA, name: 'Bu Citra', role: Role.GURU, school: 'TK Mawar', now: joined });
  addMember(doc, { id: DEDI, name: 'Pak Dedi', role: Role.PENGAWAS, now: joined });
  createGroup(doc, { name: 'Kelompok 1', now: joined, id: G1 });
  createGroup(doc, { name: 'Kelompok 2', now: joined, id: G2 });
  moveMember(doc, ANI, G1);
  moveMember(doc, BUDI, G1);
  moveMember(doc, CITRA, G2);

  // Meetings: two community-wide in the period, one of Kelompok 2, one after the period.
  const m1 = createMeeting(doc, { date: '2025-08-06', now: at('2025-08-01'), by: ANI, id: 'mt-1' as RecordId });
  const m2 = createMeeting(doc, { date: '2025-08-20', groupId: G2, now: at('2025-08-01'), by: ANI, id: 'mt-2' as RecordId });
  const m3 = createMeeting(doc, { date: '2025-09-03', now: at('2025-08-01'), by: ANI, id: 'mt-3' as RecordId });
  const m4 = createMeeting(doc, { date: '2025-10-01', now: at('2025-08-01'), by: ANI, id: 'mt-4' as RecordId });
  for (const m of [ANI, BUDI, DEDI]) markAttendance(doc, m1, m, true, ANI, at('2025-08-06'));
  markAttendance(doc, m1, CITRA, false, ANI, at('2025-08-06'));
  markAttendance(doc, m2, CITRA, true, CITRA, at('2025-08-20'));
  for (const m of [ANI, CITRA]) markAttendance(doc, m3, m, true, ANI, at('2025-09-03'));
  for (const m of [ANI, BUDI, CITRA]) markAttendance(doc, m4, m, true, ANI, at('2025-10-01'));

  // Problems: P1 (Budi, Kelompok 1, August), P2 (Citra, whole community, September), P3 (Ani, July: outside).
  const p1 = share(doc, BUDI, '2025-08-05', '2025-08-07', 'Anak berebut balok saat main.', 'p-1', G1);
  const p2 = share(doc, CITRA, '2025-09-09', '2025-09-10', 'Anak sulit antre cuci tangan.', 'p-2', null);
  const p3 = share(doc, ANI, '2025-07-19', '2025-07-20', 'Anak cepat bosan saat cerita.', 'p-3', null);

  const w1 = askWhy(doc, { problemId: p1, authorId: ANI, text: 'Baloknya sedikit.', now: at('2025-08-08'), id: 'w-1' as RecordId });
  const w2 = askWhy(doc, { problemId: p1, authorId: CITRA, text: 'Tidak ada aturan giliran.', now: at('2025-08-09'), id: 'w-2' as RecordId });
  const w3 = askWhy(doc, { problemId: p2, authorId: BUDI, text: 'Wastafelnya satu.', now: at('2025-09-11'), id: 'w-3' as RecordId });
  retractWhy(doc, w3, BUDI, at('2025-09-11'));
  markRootCause(doc, p1, w2, ANI, at('2025-08-12'));
  addComment(doc, { targetId: w1, authorId: BUDI, text: 'Setuju, hanya dua keranjang.', now: at('2025-08-10'), id: 'c-1' as RecordId });
  addComment(doc, { targetId: p2, authorId: DEDI, text: 'Menarik untuk dibahas.', now: at('2025-09-12'), id: 'c-2' as RecordId });

  const b1 = openWeeklyBoard(doc, { weekOf: '2025-08-13', by: ANI, now: at('2025-08-13') });
  addProblemToBoard(doc, b1, p1);
  const s1 = proposeSolution(doc, { boardId: b1, problemId: p1, text: 'Papan giliran bergambar.', by: BUDI, now: at('2025-08-13') });
  const s2 = proposeSolution(doc, { boardId: b1, problemId: p1, text: 'Tambah balok dari kardus.', by: ANI, now: at('2025-08-13') });
  const b2 = openWeeklyBoard(doc, { weekOf: '2025-09-17', by: ANI, now: at('2025-09-17') });
  addProblemToBoard(doc, b2, p2);
  const s3 = proposeSolution(doc, { boardId: b2, problemId: p2, text: 'Lagu antre cuci tangan.', by: CITRA, now: at('2025-09-17') });

  const t1 = startTrial(doc, { solutionId: s1, memberId: BUDI, when: '2025-08-14', className: 'Kelompok B1', lookFor: 'Anak menunggu giliran.', now: at('2025-08-13'), id: 't-1' as RecordId });
  linkTrialEntry(doc, t1, 'e-b1', '2025-08-15');
  linkTrialEntry(doc, t1, 'e-b2', '2025-08-18');
  doc.transact(() => {
    const record = doc.getMap<Y.Map<unknown>>('trials').get(t1)!;
    (record.get('reflection') as Y.Text).insert(0, 'Anak mulai menunggu tanpa diingatkan.');
    (record.get('evidence') as Y.Text).insert(0, '8 dari 10 anak menunggu giliran.');
  });
  recordOutcome(doc, t1, TrialOutcome.ADOPT, BUDI, at('2025-08-28'));
  const pr1 = adoptPractice(doc, { trialId: t1, by: BUDI, now: at('2025-08-29'), title: 'Papan giliran', id: 'pr-1' as RecordId });
  markPracticeTried(doc, pr1, CITRA, at('2025-09-05'));
  const t2 = startTrial(doc, { solutionId: s3, memberId: CITRA, when: '2025-09-18', className: 'Kelompok A', lookFor: 'Antre tanpa dorong.', now: at('2025-09-17'), id: 't-2' as RecordId });
  recordOutcome(doc, t2, TrialOutcome.ADAPT, CITRA, at('2025-09-30'));

  const goalAll = addGoal(doc, { what: 'Anak bergantian memakai alat main', forWhom: 'Kelompok B', byWhen: '2025-12-20', measure: '8 dari 10 anak', now: at('2025-08-01'), by: ANI });
  setGoalStatus(doc, goalAll, 'berjalan', ANI, at('2025-08-02'));
  const goalG2 = addGoal(doc, { what: 'Anak antre dengan tertib', forWhom: 'Kelompok A', byWhen: '2025-11-30', measure: 'Tanpa dorong selama seminggu', groupId: G2, now: at('2025-09-01'), by: CITRA });

  return { doc, ids: { p1, p2, p3, s1, s2, s3, t1, t2, pr1, goalAll, goalG2 } };
}
