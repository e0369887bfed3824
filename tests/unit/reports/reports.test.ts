// Every report figure on a hand-made community (reportFixture.ts); each expected number is worked out
// by hand in the comment beside it, from the fixture's story. Definitions: docs/REPORTS.md.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createJournalEntry, DomainError, todayIso, type RecordId } from '../../../src/domain';
import {
  communityReport,
  dayOfTime,
  figuresCsv,
  figuresJson,
  makePeriod,
  monthPeriod,
  monthsOf,
  portfolio,
  portfolioRecords,
  readCommunityFacts,
  reportRecords,
  semesterPeriod,
} from '../../../src/domain/reports';
import { ANI, at, BUDI, CITRA, DEDI, G1, G2, makeReportFixture } from './reportFixture';

const PERIOD = makePeriod('2025-08-01', '2025-09-30');
const NONE = 'Tanpa kelompok';

describe('periods', () => {
  it('months, semesters and custom dates', () => {
    expect(monthPeriod('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' }); // leap year
    expect(monthPeriod('2025-09')).toEqual({ from: '2025-09-01', to: '2025-09-30' });
    expect(semesterPeriod('2025-08-17')).toEqual({ from: '2025-07-01', to: '2025-12-31' });
    expect(semesterPeriod('2026-03-02')).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(monthsOf(makePeriod('2025-11-20', '2026-02-03'))).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(() => makePeriod('2025-09-30', '2025-08-01')).toThrow(DomainError);
    expect(() => makePeriod('2025-02-30', '2025-03-01')).toThrow(DomainError);
    expect(() => monthPeriod('2025-9')).toThrow(DomainError);
  });

  it('the local day of a time is the one the phone shows (the cached zone offset agrees with Date)', () => {
    for (let ms = at('2025-03-01'); ms < at('2025-11-30'); ms += 3_599_917) expect(dayOfTime(ms)).toBe(todayIso(new Date(ms)));
  });
});

describe('community report on the hand-made community (1 Aug – 30 Sep 2025)', () => {
  const { doc, ids } = makeReportFixture();
  const report = communityReport(doc, PERIOD, NONE);

  it('participation per teacher: the pengawas is not counted, retracted whys and out-of-period work are not', () => {
    const p = report.participation;
    expect(p.rows.map((r) => r.name)).toEqual(['Bu Ani', 'Bu Citra', 'Pak Budi']); // by name, as people read it; Pak Dedi is the pengawas
    const row = (id: RecordId) => p.rows.find((r) => r.memberId === id)!;
    // Ani: W1 and S2; P3 was shared in July. Meetings open to her: m1, m3 (m2 is Kelompok 2's); present at both.
    expect(row(ANI)).toMatchObject({ problems: 0, whys: 1, comments: 0, solutions: 1, contributions: 2, meetingsOpen: 2, meetingsAttended: 2, presences: 2, sharedJournalDays: 0 });
    // Budi: P1, C1, S1 (W3 retracted). Open m1, m3; present at m1. Journal days: P1's 5 Aug + T1's 15 and 18 Aug.
    expect(row(BUDI)).toMatchObject({ problems: 1, whys: 0, comments: 1, solutions: 1, contributions: 3, meetingsOpen: 2, meetingsAttended: 1, sharedJournalDays: 3 });
    // Citra: P2, W2, S3. Open m1, m2, m3; absent at m1. Journal day: P2's 9 Sep.
    expect(row(CITRA)).toMatchObject({ problems: 1, whys: 1, comments: 0, solutions: 1, contributions: 3, meetingsOpen: 3, meetingsAttended: 2, sharedJournalDays: 1 });
    expect(p.teachers).toBe(3);
    expect(p.takingPart).toBe(3);
    expect(p.meetingsHeld).toBe(3); // m4 is in October
    expect(p.attendancePercent).toBe(71); // 5 present of 7 open seats (3 + 1 + 3) = 71.4 %
    expect(p.byMonth).toEqual([
      // August: P1; W1, W2; C1; S1, S2 → 6. Present: m1 Ani + Budi, m2 Citra → 3 (Dedi is not a teacher).
      { month: '2025-08', meetingsHeld: 2, problems: 1, whys: 2, comments: 1, solutions: 2, contributions: 6, presences: 3 },
      // September: P2; S3 → 2 (C2 is the pengawas'). Present: m3 Ani + Citra.
      { month: '2025-09', meetingsHeld: 1, problems: 1, whys: 0, comments: 0, solutions: 1, contributions: 2, presences: 2 },
    ]);
    expect(p.byGroup).toEqual([
      { groupId: G1, name: 'Kelompok 1', teachers: 2, problems: 1, whys: 1, comments: 1, solutions: 2, contributions: 5, presences: 3 },
      { groupId: G2, name: 'Kelompok 2', teachers: 1, problems: 1, whys: 1, comments: 0, solutions: 1, contributions: 3, presences: 2 },
    ]);
  });

  it('collaboration: who worked with whom on which problem', () => {
    const c = report.collaboration;
    // P1 in August: Budi (shared, commented, proposed, tried), Ani (why, solution), Citra (why) → 3 pairs.
    // P2 in September: Citra (shared, proposed, tried), Dedi (comment); Budi's why was retracted → 1 pair.
    expect(c.sharedProblems).toBe(2);
    const pairs = c.pairs.map((p) => `${p.a}+${p.b}:${p.problems}`).sort();
    expect(pairs).toEqual([`${ANI}+${BUDI}:1`, `${ANI}+${CITRA}:1`, `${BUDI}+${CITRA}:1`, `${CITRA}+${DEDI}:1`]);
    expect(c.crossGroupPairs).toBe(2); // Ani–Citra and Budi–Citra (Dedi is in no group)
    expect(Object.fromEntries(c.colleagues)).toEqual({ [ANI]: 2, [BUDI]: 2, [CITRA]: 3, [DEDI]: 1 });
    expect(c.byMonth).toEqual([
      { month: '2025-08', sharedProblems: 1, pairs: 3 },
      { month: '2025-09', sharedProblems: 1, pairs: 1 },
    ]);
  });

  it('reflection: trials started, concluded, reflected on, with evidence, by outcome', () => {
    const r = report.reflection;
    // T1 (Budi): 14 Aug – berhasil 28 Aug, reflection and evidence written, 2 linked entries.
    // T2 (Citra): 18 Sep – perlu diubah 30 Sep, nothing written.
    expect(r).toMatchObject({ started: 2, concluded: 2, reflected: 1, withEvidence: 1, berhasil: 1, perluDiubah: 1, tidakBerhasil: 0, linkedEntries: 2 });
    expect(r.byMonth).toEqual([
      { month: '2025-08', started: 1, concluded: 1, reflected: 1, withEvidence: 1, berhasil: 1, perluDiubah: 0, tidakBerhasil: 0, linkedEntries: 2 },
      { month: '2025-09', started: 1, concluded: 1, reflected: 0, withEvidence: 0, berhasil: 0, perluDiubah: 1, tidakBerhasil: 0, linkedEntries: 0 },
    ]);
    expect(r.byMember.get(BUDI)).toMatchObject({ started: 1, reflected: 1 });
  });

  it('the cycle funnel per month and per small group', () => {
    const f = report.funnel;
    // Problems P1, P2 (P3 in July); root cause of P1 on 12 Aug; S1, S2, S3; T1, T2; PR1.
    expect(f.total).toEqual({ problems: 2, rootCauses: 1, solutions: 3, trials: 2, practices: 1 });
    expect(f.byMonth).toEqual([
      { month: '2025-08', problems: 1, rootCauses: 1, solutions: 2, trials: 1, practices: 1 },
      { month: '2025-09', problems: 1, rootCauses: 0, solutions: 1, trials: 1, practices: 0 },
    ]);
    expect(f.byGroup).toEqual([
      { groupId: G1, name: 'Kelompok 1', problems: 1, rootCauses: 1, solutions: 2, trials: 1, practices: 1 },
      { groupId: G2, name: 'Kelompok 2', problems: 1, rootCauses: 0, solutions: 1, trials: 1, practices: 0 },
    ]);
  });

  it('goals with their evidence, by scope and time', () => {
    const [all, g2] = report.goals;
    // Community-wide, agreed 1 Aug, by 20 Dec: T1 and T2; T1 berhasil and reflected; PR1 came from it.
    expect(all).toMatchObject({ goalId: ids.goalAll, status: 'berjalan', trials: [ids.t1, ids.t2], berhasil: 1, reflected: 1, practices: [{ id: ids.pr1, title: 'Papan giliran' }] });
    expect(all!.changes).toEqual([{ status: 'direncanakan', day: '2025-08-01' }, { status: 'berjalan', day: '2025-08-02' }]);
    // Kelompok 2's, agreed 1 Sep: only Citra's T2 (Budi's T1 is Kelompok 1's and earlier); no reflection written.
    expect(g2).toMatchObject({ goalId: ids.goalG2, groupId: G2, trials: [ids.t2], berhasil: 0, reflected: 0, practices: [] });
  });

  it('a month alone counts only that month', () => {
    const september = communityReport(doc, monthPeriod('2025-09'), NONE);
    expect(september.funnel.total).toEqual({ problems: 1, rootCauses: 0, solutions: 1, trials: 1, practices: 0 });
    expect(september.participation.meetingsHeld).toBe(1);
    // Budi: nothing in September but the retracted why, and absent from m3.
    expect(september.participation.rows.find((r) => r.memberId === BUDI)).toMatchObject({ contributions: 0, meetingsOpen: 1, meetingsAttended: 0 });
    expect(september.participation.takingPart).toBe(2);
  });

  it('no child is named in the figures: exports hold numbers and the adults’ and groups’ names only', () => {
    const records = reportRecords(report, () => '');
    const csv = figuresCsv(records);
    expect(csv.split('\r\n')[0]).toBe('section,row,measure,value');
    expect(csv).toContain('funnel,,problems,2\r\n');
    expect(csv).toContain('participation.member,Pak Budi,sharedJournalDays,3\r\n');
    expect(csv).toContain('participation.group,Kelompok 2,contributions,3\r\n');
    for (const text of ['berebut balok', 'Baloknya', 'Papan giliran bergambar', 'menunggu tanpa']) expect(csv).not.toContain(text);
    expect(JSON.parse(figuresJson(records)).figures).toContainEqual({ section: 'reflection', row: '', measure: 'berhasil', value: 1 });
  });

  it('CSV quotes what needs quoting and defuses formulas', () => {
    expect(figuresCsv([{ section: 'goal', row: '=HYPERLINK("x"), "a"', measure: 'trials', value: 2 }])).toBe(
      'section,row,measure,value\r\ngoal,"\'=HYPERLINK(""x""), ""a""",trials,2\r\n',
    );
  });
});

describe('my portfolio', () => {
  const { doc, ids } = makeReportFixture();
  const facts = readCommunityFacts(doc);

  it("Budi's: his trial with its reflection, the practice adopted from it, colleagues, and his own journal counts", () => {
    const personal = new Y.Doc();
    // Entries on 5, 15 (two), 18 Aug and 2 Oct: 4 entries on 3 days in the period.
    for (const [id, day] of [['e1', '2025-08-05'], ['e2', '2025-08-15'], ['e3', '2025-08-15'], ['e4', '2025-08-18'], ['e5', '2025-10-02']] as const) {
      createJournalEntry(personal, { date: day, now: at(day), id: id as RecordId });
    }
    const mine = portfolio(facts, BUDI, PERIOD, { personalDoc: personal, ungroupedName: NONE });
    expect(mine).toMatchObject({ name: 'Pak Budi', school: 'TK Melati', colleagues: ['Bu Ani', 'Bu Citra'], journal: { entries: 4, days: 3 } });
    expect(mine.participation).toMatchObject({ contributions: 3, meetingsAttended: 1, sharedJournalDays: 3 });
    expect(mine.reflection).toMatchObject({ started: 1, concluded: 1, reflected: 1, berhasil: 1, linkedEntries: 2 });
    expect(mine.trials).toHaveLength(1);
    expect(mine.trials[0]).toMatchObject({
      id: ids.t1,
      solutionText: 'Papan giliran bergambar.',
      className: 'Kelompok B1',
      startDate: '2025-08-14',
      outcome: 'berhasil',
      outcomeDay: '2025-08-28',
      reflection: 'Anak mulai menunggu tanpa diingatkan.',
      linkedEntries: 2,
    });
    expect(mine.trials[0]!.problemText).toContain('Anak berebut balok saat main.');
    expect(mine.practices).toEqual([{ id: ids.pr1, title: 'Papan giliran', practice: 'Papan giliran bergambar.', day: '2025-08-29', mine: true }]);
    expect(portfolioRecords(mine)).toContainEqual({ section: 'journal', row: '', measure: 'days', value: 3 });
  });

  it("Citra's: the practice she tried is listed as not hers; without her phone's journal there are no journal counts", () => {
    const hers = portfolio(facts, CITRA, PERIOD, { ungroupedName: NONE });
    expect(hers.journal).toBeNull();
    expect(hers.trials.map((t) => t.id)).toEqual([ids.t2]);
    expect(hers.practices).toEqual([expect.objectContaining({ id: ids.pr1, mine: false })]);
    expect(hers.colleagues).toEqual(['Bu Ani', 'Pak Budi', 'Pak Dedi']);
    // July alone: nothing of hers.
    const july = portfolio(facts, CITRA, monthPeriod('2025-07'), { ungroupedName: NONE });
    expect(july.trials).toEqual([]);
    expect(july.practices).toEqual([]);
  });
});
