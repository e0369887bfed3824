/**
 * My portfolio (portofolio saya): a teacher's own trials, reflections and good practices over a
 * period, as evidence (bukti dukung) of her participation. Made on her phone from the community
 * document (what she shared) and, for her journal counts only, her own personal document: no journal
 * text is ever copied into it. Definitions: docs/REPORTS.md, "My portfolio".
 */
import * as Y from 'yjs';
import type { RecordId } from '../ids';
import { inspectEntry } from '../personal/entryRecord';
import { PersonalRoot } from '../personal/schema';
import { compareCodeUnits } from '../community/fields';
import type { TrialOutcome } from '../cycle/trials';
import type { CommunityFacts } from './facts';
import { participation, type ParticipationRow } from './participation';
import { collaboration } from './collaboration';
import { reflection, type ReflectionCounts } from './reflection';
import { inPeriod, type Period } from './period';

export interface PortfolioTrial {
  id: RecordId;
  problemId: RecordId;
  problemText: string;
  solutionText: string;
  className: string;
  startDate: string;
  endDate: string;
  lookFor: string;
  reflection: string;
  evidence: string;
  outcome: TrialOutcome | null;
  outcomeDay: string | null;
  linkedEntries: number;
}

export interface PortfolioPractice { id: RecordId; title: string; practice: string; day: string; mine: boolean }

export interface Portfolio {
  memberId: RecordId;
  name: string;
  school: string;
  period: Period;
  /** Her row of the community's participation (null when she is not a teacher in the period). */
  participation: ParticipationRow | null;
  reflection: ReflectionCounts;
  /** Colleagues she worked with on a problem in the period, by name. */
  colleagues: string[];
  /** Her trials that started or were concluded in the period, oldest start first. */
  trials: PortfolioTrial[];
  /** Practices adopted in the period from her trials (`mine`), and others' practices she marked as tried (adopted by the period's end). */
  practices: PortfolioPractice[];
  /** From her own journal on this phone: entries and distinct days in the period (never their text). */
  journal: { entries: number; days: number } | null;
}

/** Entries and distinct days of her journal in the period (her personal document, on her phone). */
export function journalCounts(personalDoc: Y.Doc, period: Period): { entries: number; days: number } {
  let entries = 0;
  const days = new Set<string>();
  personalDoc.getMap<unknown>(PersonalRoot.ENTRIES).forEach((value, key) => {
    const { entry } = inspectEntry(key, value);
    if (!entry || !inPeriod(period, entry.date)) return;
    entries += 1;
    days.add(entry.date);
  });
  return { entries, days: days.size };
}

export function portfolio(facts: CommunityFacts, memberId: RecordId, period: Period, opts: { personalDoc?: Y.Doc; ungroupedName: string }): Portfolio {
  const me = facts.memberById.get(memberId);
  const row = participation(facts, period, opts.ungroupedName).rows.find((r) => r.memberId === memberId) ?? null;
  const refl = reflection(facts, period).byMember.get(memberId) ?? { started: 0, concluded: 0, reflected: 0, withEvidence: 0, berhasil: 0, perluDiubah: 0, tidakBerhasil: 0, linkedEntries: 0 };
  const colleagues = collaboration(facts, period)
    .pairs.filter((p) => p.a === memberId || p.b === memberId)
    .map((p) => facts.memberById.get(p.a === memberId ? p.b : p.a)?.name ?? '')
    .filter((n) => n !== '')
    .sort((a, b) => a.localeCompare(b, 'id'));
  const trials: PortfolioTrial[] = facts.trials
    .filter((t) => t.memberId === memberId && (inPeriod(period, t.startDate) || (t.outcomeDay !== null && inPeriod(period, t.outcomeDay))))
    .sort((a, b) => compareCodeUnits(a.startDate, b.startDate) || compareCodeUnits(a.id, b.id))
    .map((t) => ({
      id: t.id,
      problemId: t.problemId,
      problemText: facts.problemById.get(t.problemId)?.text.toString() ?? '',
      solutionText: facts.solutionById.get(t.solutionId)?.text.toString() ?? '',
      className: t.className,
      startDate: t.startDate,
      endDate: t.endDate,
      lookFor: t.lookFor.toString(),
      reflection: t.reflection.toString(),
      evidence: t.evidence.toString(),
      outcome: t.outcome,
      outcomeDay: t.outcomeDay,
      linkedEntries: t.entryDays.length,
    }));
  const myTrials = new Set(facts.trials.filter((t) => t.memberId === memberId).map((t) => t.id));
  const practices: PortfolioPractice[] = facts.practices
    .map((p) => ({ id: p.id, title: p.title, practice: p.practice, day: p.day, mine: p.trialId !== null && myTrials.has(p.trialId), tried: p.triedBy.includes(memberId) }))
    .filter((p) => (p.mine ? inPeriod(period, p.day) : p.tried && p.day <= period.to))
    .map(({ tried: _tried, ...p }) => p)
    .sort((a, b) => compareCodeUnits(a.day, b.day) || compareCodeUnits(a.id, b.id));
  return {
    memberId,
    name: me?.name ?? '',
    school: me?.school ?? '',
    period,
    participation: row,
    reflection: refl,
    colleagues,
    trials,
    practices,
    journal: opts.personalDoc ? journalCounts(opts.personalDoc, period) : null,
  };
}
