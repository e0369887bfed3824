/**
 * One pass over a community document, reading every valid record once into plain facts (who did what
 * on which day) for the figures (participation.ts, collaboration.ts, reflection.ts, funnel.ts,
 * goals.ts, portfolio.ts). Damaged records are skipped, as every reader does. Nothing here reads a
 * personal document: the community sees only what was shared into it.
 */
import * as Y from 'yjs';
import type { RecordId } from '../ids';
import { readGroups } from '../community/groupRecord';
import { listGoals } from '../community/goals';
import { inspectMeeting, meetingsOf } from '../community/meetings';
import { listMembers, type MemberView } from '../community/members';
import type { GoalStatus } from '../community/schema';
import { commentsOf, inspectComment } from '../cycle/comments';
import { inspectPractice, practicesOf } from '../cycle/practices';
import { inspectProblem, problemsOf } from '../cycle/problems';
import { inspectSolution, solutionsOf } from '../cycle/solutions';
import { inspectTrial, trialsOf, type TrialOutcome } from '../cycle/trials';
import { inspectWhy, whysOf } from '../cycle/whys';
import { dayOfTime } from './period';

export interface MeetingFact { id: RecordId; date: string; groupId: RecordId | null; present: RecordId[] }
export interface ProblemFact { id: RecordId; authorId: RecordId; groupId: RecordId | null; day: string; sourceDate: string; rootCauseDay: string | null; text: Y.Text }
export interface WhyFact { id: RecordId; problemId: RecordId; authorId: RecordId; day: string }
export interface CommentFact { id: RecordId; targetId: RecordId; authorId: RecordId; day: string }
export interface SolutionFact { id: RecordId; problemId: RecordId; proposedBy: RecordId; day: string; text: Y.Text }
export interface TrialFact {
  id: RecordId;
  problemId: RecordId;
  solutionId: RecordId;
  memberId: RecordId;
  startDate: string;
  endDate: string;
  className: string;
  lookFor: Y.Text;
  reflection: Y.Text;
  evidence: Y.Text;
  /** Its reflection / evidence has something written (not only spaces). */
  reflected: boolean;
  hasEvidence: boolean;
  outcome: TrialOutcome | null;
  outcomeDay: string | null;
  entryDays: string[];
}
export interface PracticeFact { id: RecordId; trialId: RecordId | null; problemId: RecordId | null; day: string; title: string; practice: string; triedBy: RecordId[]; copied: boolean }
export interface GoalFact { id: RecordId; what: string; measure: string; status: GoalStatus; byWhen: string; groupId: RecordId | null; createdDay: string; history: Array<{ status: GoalStatus; day: string }> }

export interface CommunityFacts {
  /** Every member, former ones too (what they did stays attributed), by name. */
  members: MemberView[];
  memberById: Map<RecordId, MemberView>;
  /** Group names, archived groups included (old figures still name them). */
  groupNames: Map<RecordId, string>;
  meetings: MeetingFact[];
  problems: ProblemFact[];
  problemById: Map<RecordId, ProblemFact>;
  whys: WhyFact[];
  /** Live whys only: a why its author retracted is not counted. */
  whyById: Map<RecordId, WhyFact>;
  comments: CommentFact[];
  /** Solutions not retracted. */
  solutions: SolutionFact[];
  solutionById: Map<RecordId, SolutionFact>;
  trials: TrialFact[];
  /** Practices not archived. */
  practices: PracticeFact[];
  goals: GoalFact[];
}

/** Whether a text has something written in it, not only spaces. */
function written(text: Y.Text): boolean {
  return text.length > 0 && text.toString().trim() !== '';
}

/** Reads the community document once. `today` only matters for trial status, which no figure uses. */
export function readCommunityFacts(doc: Y.Doc): CommunityFacts {
  const members = listMembers(doc, { includeFormer: true });
  const groupNames = new Map<RecordId, string>();
  for (const group of readGroups(doc).values()) groupNames.set(group.id, group.name);

  const meetings: MeetingFact[] = [];
  meetingsOf(doc).forEach((value, key) => {
    const { meeting } = inspectMeeting(key, value);
    if (!meeting) return;
    const present: RecordId[] = [];
    meeting.attendance.forEach((a, memberId) => a.present && present.push(memberId));
    meetings.push({ id: meeting.id, date: meeting.date, groupId: meeting.groupId, present });
  });

  const problems: ProblemFact[] = [];
  const rootCauseIds = new Map<RecordId, string>();
  problemsOf(doc).forEach((value, key) => {
    const { problem } = inspectProblem(key, value);
    if (!problem) return;
    if (problem.rootCauseId !== null) rootCauseIds.set(problem.id, problem.rootCauseId);
    problems.push({
      id: problem.id,
      authorId: problem.authorId,
      groupId: problem.groupId,
      day: dayOfTime(problem.createdAt),
      sourceDate: problem.source.date,
      rootCauseDay: problem.rootCauseId !== null && problem.rootCauseAt !== null ? dayOfTime(problem.rootCauseAt) : null,
      text: problem.text,
    });
  });

  const whys: WhyFact[] = [];
  const whyProblem = new Map<RecordId, RecordId>();
  whysOf(doc).forEach((value, key) => {
    const { why } = inspectWhy(key, value);
    if (!why || why.retractedAt !== undefined) return;
    whyProblem.set(why.id, why.problemId);
    whys.push({ id: why.id, problemId: why.problemId, authorId: why.authorId, day: dayOfTime(why.createdAt) });
  });
  // A root cause counts only while it names a live why of its problem.
  for (const problem of problems) {
    const whyId = rootCauseIds.get(problem.id);
    if (whyId === undefined || whyProblem.get(whyId as RecordId) !== problem.id) problem.rootCauseDay = null;
  }

  const comments: CommentFact[] = [];
  commentsOf(doc).forEach((value, key) => {
    const { comment } = inspectComment(key, value);
    if (comment) comments.push({ id: comment.id, targetId: comment.targetId, authorId: comment.authorId, day: dayOfTime(comment.createdAt) });
  });

  const solutions: SolutionFact[] = [];
  solutionsOf(doc).forEach((value, key) => {
    const { solution } = inspectSolution(key, value);
    if (!solution || solution.retractedAt !== undefined) return;
    solutions.push({ id: solution.id, problemId: solution.problemId, proposedBy: solution.proposedBy, day: dayOfTime(solution.createdAt), text: solution.text });
  });

  const trials: TrialFact[] = [];
  trialsOf(doc).forEach((value, key) => {
    const { trial } = inspectTrial(key, value, '2000-01-01');
    if (!trial) return;
    trials.push({
      id: trial.id,
      problemId: trial.problemId,
      solutionId: trial.solutionId,
      memberId: trial.memberId,
      startDate: trial.startDate,
      endDate: trial.endDate,
      className: trial.className,
      lookFor: trial.lookFor,
      reflection: trial.reflection,
      evidence: trial.evidence,
      reflected: written(trial.reflection),
      hasEvidence: written(trial.evidence),
      outcome: trial.outcome,
      outcomeDay: trial.outcome !== null && trial.outcomeAt !== null ? dayOfTime(trial.outcomeAt) : null,
      entryDays: trial.entryRefs.map((r) => r.date),
    });
  });

  const practices: PracticeFact[] = [];
  practicesOf(doc).forEach((value, key) => {
    const { practice } = inspectPractice(key, value);
    if (!practice || practice.archivedAt !== undefined) return;
    practices.push({
      id: practice.id,
      trialId: practice.trialId,
      problemId: practice.problemId,
      day: dayOfTime(practice.createdAt),
      title: practice.title.toString(),
      practice: practice.practice.toString(),
      triedBy: practice.triedBy,
      copied: practice.sourceCommunityName !== undefined,
    });
  });

  const goals: GoalFact[] = listGoals(doc).map((g) => ({
    id: g.id,
    what: g.what.toString(),
    measure: g.measure.toString(),
    status: g.status,
    byWhen: g.byWhen,
    groupId: g.groupId,
    createdDay: dayOfTime(g.createdAt),
    history: g.history.map((h) => ({ status: h.status, day: dayOfTime(h.at) })),
  }));

  const byId = <T extends { id: RecordId }>(items: T[]) => new Map(items.map((i) => [i.id, i]));
  return {
    members,
    memberById: byId(members),
    groupNames,
    meetings,
    problems,
    problemById: byId(problems),
    whys,
    whyById: byId(whys),
    comments,
    solutions,
    solutionById: byId(solutions),
    trials,
    practices,
    goals,
  };
}
