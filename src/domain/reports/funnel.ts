/**
 * The cycle funnel: problems → root causes → solutions → trials → good practices, each stage counted
 * on its own day (a month's trials may come from an earlier month's problems), per month and per small
 * group. Definitions: docs/REPORTS.md, "The cycle funnel".
 */
import type { RecordId } from '../ids';
import type { CommunityFacts } from './facts';
import { inPeriod, monthsOf, type Period } from './period';

export const FUNNEL_STAGES = ['problems', 'rootCauses', 'solutions', 'trials', 'practices'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export type FunnelCounts = Record<FunnelStage, number>;

export interface FunnelFigures {
  total: FunnelCounts;
  byMonth: Array<{ month: string } & FunnelCounts>;
  /** By the small group of the member who did it (problem author, the why's problem author for a root cause, proposer, tester, the trial's tester for a practice). */
  byGroup: Array<{ groupId: RecordId | null; name: string } & FunnelCounts>;
}

const zero = (): FunnelCounts => ({ problems: 0, rootCauses: 0, solutions: 0, trials: 0, practices: 0 });

export function funnel(facts: CommunityFacts, period: Period, ungroupedName: string): FunnelFigures {
  const total = zero();
  const months = monthsOf(period);
  const byMonth = new Map(months.map((m) => [m, { month: m, ...zero() }]));
  const byGroup = new Map<string, { groupId: RecordId | null; name: string } & FunnelCounts>();
  const groupRow = (memberId: RecordId | undefined) => {
    const groupId = (memberId && facts.memberById.get(memberId)?.groupId) || null;
    const key = groupId ?? '';
    let row = byGroup.get(key);
    if (!row) {
      row = { groupId, name: groupId === null ? ungroupedName : (facts.groupNames.get(groupId) ?? ungroupedName), ...zero() };
      byGroup.set(key, row);
    }
    return row;
  };
  const count = (stage: FunnelStage, day: string | null, memberId: RecordId | undefined) => {
    if (day === null || !inPeriod(period, day)) return;
    total[stage] += 1;
    byMonth.get(day.slice(0, 7))![stage] += 1;
    groupRow(memberId)[stage] += 1;
  };
  for (const p of facts.problems) {
    count('problems', p.day, p.authorId);
    count('rootCauses', p.rootCauseDay, p.authorId);
  }
  for (const s of facts.solutions) count('solutions', s.day, s.proposedBy);
  const testerOf = new Map<RecordId, RecordId>();
  for (const t of facts.trials) {
    testerOf.set(t.id, t.memberId);
    count('trials', t.startDate, t.memberId);
  }
  for (const pr of facts.practices) if (!pr.copied) count('practices', pr.day, pr.trialId ? testerOf.get(pr.trialId) : undefined);
  return {
    total,
    byMonth: months.map((m) => byMonth.get(m)!),
    byGroup: [...byGroup.values()].sort((a, b) => (a.groupId === null ? 1 : b.groupId === null ? -1 : a.name.localeCompare(b.name, 'id', { numeric: true }))),
  };
}
