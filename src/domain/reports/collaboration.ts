/**
 * Collaboration (kolaborasi, seed 000's third evaluation): who worked with whom. Two members worked
 * together on a problem when both did something in its thread in the period: shared it, wrote a
 * why, commented (on the problem, one of its whys, solutions, trials or practices), proposed a
 * solution to it, or tried one. Definitions: docs/REPORTS.md, "Collaboration".
 */
import type { RecordId } from '../ids';
import type { CommunityFacts } from './facts';
import { inPeriod, monthsOf, type Period } from './period';

export interface CollaborationPair {
  /** The two members, `a` < `b` by id. */
  a: RecordId;
  b: RecordId;
  /** Problems both worked on in the period. */
  problems: number;
}

export interface CollaborationFigures {
  /** Problems on which at least two members worked in the period. */
  sharedProblems: number;
  pairs: CollaborationPair[];
  /** Pairs whose two members are in different small groups (both in one). */
  crossGroupPairs: number;
  /** Member id → how many colleagues she worked with. */
  colleagues: Map<RecordId, number>;
  byMonth: Array<{ month: string; sharedProblems: number; pairs: number }>;
}

/** Member ids acting in each problem's thread, by month: problemId → month → members. */
function threads(facts: CommunityFacts, period: Period): Map<RecordId, Map<string, Set<RecordId>>> {
  const out = new Map<RecordId, Map<string, Set<RecordId>>>();
  const add = (problemId: RecordId | null | undefined, memberId: RecordId, day: string) => {
    if (!problemId || !inPeriod(period, day) || !facts.problemById.has(problemId)) return;
    const months = out.get(problemId) ?? new Map<string, Set<RecordId>>();
    out.set(problemId, months);
    const month = day.slice(0, 7);
    const members = months.get(month) ?? new Set<RecordId>();
    months.set(month, members);
    members.add(memberId);
  };
  const problemOfTarget = new Map<RecordId, RecordId>();
  for (const p of facts.problems) problemOfTarget.set(p.id, p.id);
  for (const w of facts.whys) problemOfTarget.set(w.id, w.problemId);
  for (const s of facts.solutions) problemOfTarget.set(s.id, s.problemId);
  for (const t of facts.trials) problemOfTarget.set(t.id, t.problemId);
  for (const pr of facts.practices) if (pr.problemId) problemOfTarget.set(pr.id, pr.problemId);

  for (const p of facts.problems) add(p.id, p.authorId, p.day);
  for (const w of facts.whys) add(w.problemId, w.authorId, w.day);
  for (const c of facts.comments) add(problemOfTarget.get(c.targetId), c.authorId, c.day);
  for (const s of facts.solutions) add(s.problemId, s.proposedBy, s.day);
  for (const t of facts.trials) add(t.problemId, t.memberId, t.startDate);
  // The author worked with whoever answered her problem in a month, even if she wrote nothing that month.
  for (const [problemId, months] of out) {
    const author = facts.problemById.get(problemId)!.authorId;
    for (const members of months.values()) if (members.size > 0) members.add(author);
  }
  return out;
}

function pairKey(x: RecordId, y: RecordId): string {
  return x < y ? `${x}\u0000${y}` : `${y}\u0000${x}`;
}

export function collaboration(facts: CommunityFacts, period: Period): CollaborationFigures {
  const byProblem = threads(facts, period);
  const pairCounts = new Map<string, number>();
  const months = monthsOf(period);
  const monthly = new Map(months.map((m) => [m, { month: m, sharedProblems: 0, pairKeys: new Set<string>() }]));
  let sharedProblems = 0;
  for (const perMonth of byProblem.values()) {
    const all = new Set<RecordId>();
    for (const [month, members] of perMonth) {
      for (const m of members) all.add(m);
      if (members.size < 2) continue;
      const bucket = monthly.get(month)!;
      bucket.sharedProblems += 1;
      const list = [...members];
      for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) bucket.pairKeys.add(pairKey(list[i]!, list[j]!));
    }
    if (all.size < 2) continue;
    sharedProblems += 1;
    const list = [...all];
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const key = pairKey(list[i]!, list[j]!);
        pairCounts.set(key, (pairCounts.get(key) ?? 0) + 1);
      }
    }
  }
  const pairs: CollaborationPair[] = [];
  const colleagues = new Map<RecordId, number>();
  let crossGroupPairs = 0;
  for (const [key, problems] of pairCounts) {
    const [a, b] = key.split('\u0000') as [RecordId, RecordId];
    pairs.push({ a, b, problems });
    colleagues.set(a, (colleagues.get(a) ?? 0) + 1);
    colleagues.set(b, (colleagues.get(b) ?? 0) + 1);
    const ga = facts.memberById.get(a)?.groupId ?? null;
    const gb = facts.memberById.get(b)?.groupId ?? null;
    if (ga !== null && gb !== null && ga !== gb) crossGroupPairs += 1;
  }
  pairs.sort((x, y) => y.problems - x.problems || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
  return {
    sharedProblems,
    pairs,
    crossGroupPairs,
    colleagues,
    byMonth: months.map((m) => ({ month: m, sharedProblems: monthly.get(m)!.sharedProblems, pairs: monthly.get(m)!.pairKeys.size })),
  };
}
