/**
 * Goal tracking: each shared goal with the evidence the community recorded toward it. The schema has
 * no explicit goal ↔ trial link, so evidence is found by scope and time: trials in the goal's scope
 * (tried by a member of its small group, or by anyone for a community-wide goal) that started
 * between the day the goal was agreed and its deadline, inside the period; the practices adopted from
 * them; and which of them carry a written reflection. Definitions: docs/REPORTS.md, "Goals".
 */
import type { RecordId } from '../ids';
import type { GoalStatus } from '../community/schema';
import { TrialOutcome } from '../cycle/trials';
import type { CommunityFacts } from './facts';
import { inPeriod, type Period } from './period';

export interface GoalEvidence {
  goalId: RecordId;
  what: string;
  measure: string;
  status: GoalStatus;
  byWhen: string;
  groupId: RecordId | null;
  /** Status changes in the period, oldest first. */
  changes: Array<{ status: GoalStatus; day: string }>;
  trials: RecordId[];
  berhasil: number;
  reflected: number;
  practices: Array<{ id: RecordId; title: string }>;
}

export function goalEvidence(facts: CommunityFacts, period: Period): GoalEvidence[] {
  const practicesByTrial = new Map<RecordId, Array<{ id: RecordId; title: string }>>();
  for (const pr of facts.practices) {
    if (pr.trialId === null) continue;
    const list = practicesByTrial.get(pr.trialId) ?? [];
    list.push({ id: pr.id, title: pr.title });
    practicesByTrial.set(pr.trialId, list);
  }
  return facts.goals.map((goal) => {
    const evidence: GoalEvidence = {
      goalId: goal.id,
      what: goal.what,
      measure: goal.measure,
      status: goal.status,
      byWhen: goal.byWhen,
      groupId: goal.groupId,
      changes: goal.history.filter((h) => inPeriod(period, h.day)),
      trials: [],
      berhasil: 0,
      reflected: 0,
      practices: [],
    };
    for (const t of facts.trials) {
      if (!inPeriod(period, t.startDate) || t.startDate < goal.createdDay || t.startDate > goal.byWhen) continue;
      if (!facts.problemById.has(t.problemId)) continue;
      if (goal.groupId !== null && facts.memberById.get(t.memberId)?.groupId !== goal.groupId) continue;
      evidence.trials.push(t.id);
      if (t.outcome === TrialOutcome.ADOPT) evidence.berhasil += 1;
      if (t.outcome !== null && t.reflected) evidence.reflected += 1;
      evidence.practices.push(...(practicesByTrial.get(t.id) ?? []));
    }
    return evidence;
  });
}
