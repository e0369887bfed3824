/**
 * Reflection (refleksi, seed 000's second evaluation): trials the community looked back on. A trial
 * is reflected on when its outcome was recorded in the period and its reflection is written.
 * Definitions: docs/REPORTS.md, "Reflection".
 */
import type { RecordId } from '../ids';
import { TrialOutcome } from '../cycle/trials';
import type { CommunityFacts } from './facts';
import { inPeriod, monthsOf, type Period } from './period';

export interface ReflectionCounts {
  /** Trials that started in the period. */
  started: number;
  /** Trials whose outcome was recorded in the period. */
  concluded: number;
  /** Of those, with a written reflection. */
  reflected: number;
  /** Of those concluded, with written evidence. */
  withEvidence: number;
  berhasil: number;
  perluDiubah: number;
  tidakBerhasil: number;
  /** Journal entries linked to trials (references only), dated in the period. */
  linkedEntries: number;
}

export interface ReflectionFigures extends ReflectionCounts {
  byMonth: Array<{ month: string } & ReflectionCounts>;
  byMember: Map<RecordId, ReflectionCounts>;
}

const zero = (): ReflectionCounts => ({ started: 0, concluded: 0, reflected: 0, withEvidence: 0, berhasil: 0, perluDiubah: 0, tidakBerhasil: 0, linkedEntries: 0 });

export function reflection(facts: CommunityFacts, period: Period): ReflectionFigures {
  const total = zero();
  const months = monthsOf(period);
  const byMonth = new Map(months.map((m) => [m, { month: m, ...zero() }]));
  const byMember = new Map<RecordId, ReflectionCounts>();
  const buckets = (memberId: RecordId, day: string) => {
    const mine = byMember.get(memberId) ?? zero();
    byMember.set(memberId, mine);
    return [total, byMonth.get(day.slice(0, 7))!, mine];
  };
  for (const t of facts.trials) {
    if (inPeriod(period, t.startDate)) for (const b of buckets(t.memberId, t.startDate)) b.started += 1;
    for (const d of t.entryDays) if (inPeriod(period, d)) for (const b of buckets(t.memberId, d)) b.linkedEntries += 1;
    if (t.outcome === null || t.outcomeDay === null || !inPeriod(period, t.outcomeDay)) continue;
    for (const b of buckets(t.memberId, t.outcomeDay)) {
      b.concluded += 1;
      if (t.reflected) b.reflected += 1;
      if (t.hasEvidence) b.withEvidence += 1;
      if (t.outcome === TrialOutcome.ADOPT) b.berhasil += 1;
      else if (t.outcome === TrialOutcome.ADAPT) b.perluDiubah += 1;
      else b.tidakBerhasil += 1;
    }
  }
  return { ...total, byMonth: months.map((m) => byMonth.get(m)!), byMember };
}
