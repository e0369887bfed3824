/**
 * The community report (laporan komunitas) for the kepala sekolah and pengawas, and the progress
 * screen: every figure family over one period, from one read of the community document.
 */
import type * as Y from 'yjs';
import { collaboration, type CollaborationFigures } from './collaboration';
import { readCommunityFacts, type CommunityFacts } from './facts';
import { funnel, type FunnelFigures } from './funnel';
import { goalEvidence, type GoalEvidence } from './goals';
import { participation, type ParticipationFigures } from './participation';
import { monthsOf, type Period } from './period';
import { reflection, type ReflectionFigures } from './reflection';

export interface CommunityReport {
  period: Period;
  months: string[];
  participation: ParticipationFigures;
  collaboration: CollaborationFigures;
  reflection: ReflectionFigures;
  funnel: FunnelFigures;
  goals: GoalEvidence[];
}

/** Every figure over `period` from facts already read. `ungroupedName` labels members in no small group. */
export function reportFromFacts(facts: CommunityFacts, period: Period, ungroupedName: string): CommunityReport {
  return {
    period,
    months: monthsOf(period),
    participation: participation(facts, period, ungroupedName),
    collaboration: collaboration(facts, period),
    reflection: reflection(facts, period),
    funnel: funnel(facts, period, ungroupedName),
    goals: goalEvidence(facts, period),
  };
}

/** Reads the community document once and computes the report. */
export function communityReport(doc: Y.Doc, period: Period, ungroupedName: string): CommunityReport {
  return reportFromFacts(readCommunityFacts(doc), period, ungroupedName);
}
