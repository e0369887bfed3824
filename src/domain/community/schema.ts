/**
 * Schema v2 of the community document `c-<id>`: names of the top-level types, of the fields, and the
 * enums stored in them. The layout is a public contract documented in docs/SCHEMA.md; renaming
 * anything here is a schema change (bump COMMUNITY_SCHEMA_VERSION and add a migration step in
 * migrate.ts).
 */

/**
 * The schema version this code writes and understands (`meta.schema` of a community document).
 * 2: the learning cycle's maps (problems … practices, below). Additive, but a version all the same, as
 * personal v2 was for `communities`: a v1 app would show the community without its cycle and its
 * teacher would never learn she is missing the week's board; as "newer" it asks her to update.
 */
export const COMMUNITY_SCHEMA_VERSION = 2;

/** `meta.kind` of a community document. */
export const COMMUNITY_KIND = 'community';

/** Top-level shared types of a community document, each a `Y.Map`. The cycle's maps since v2. */
export const CommunityRoot = {
  META: 'meta',
  INFO: 'info',
  MEMBERS: 'members',
  GROUPS: 'groups',
  GOALS: 'goals',
  NORMS: 'norms',
  NORM_ACKS: 'normAcks',
  SCHEDULE: 'schedule',
  MEETINGS: 'meetings',
  // v2, the learning cycle (docs/SCHEMA.md, "The cycle"): shared problems, their why-chain and
  // comments (src/domain/cycle/problems.ts …), weekly boards, solutions, trials and good practices.
  PROBLEMS: 'problems',
  WHYS: 'whys',
  COMMENTS: 'comments',
  BOARDS: 'boards',
  SOLUTIONS: 'solutions',
  TRIALS: 'trials',
  PRACTICES: 'practices',
} as const;

export const InfoKey = {
  NAME: 'name',
  KIND: 'kind',
  FOCUS: 'focus',
  SCHOOLS: 'schools',
  CREATED_AT: 'createdAt',
  CREATED_BY: 'createdBy',
} as const;

export const MemberKey = {
  ID: 'id',
  NAME: 'name',
  ROLE: 'role',
  SCHOOL: 'school',
  JOINED_AT: 'joinedAt',
  GROUP_ID: 'groupId',
  ROLE_CHANGED_AT: 'roleChangedAt',
  REMOVED_AT: 'removedAt',
  REMOVED_BY: 'removedBy',
  LEFT_AT: 'leftAt',
} as const;

export const GroupKey = { ID: 'id', NAME: 'name', CREATED_AT: 'createdAt', ARCHIVED_AT: 'archivedAt' } as const;

export const GoalKey = {
  ID: 'id',
  WHAT: 'what',
  FOR_WHOM: 'forWhom',
  BY_WHEN: 'byWhen',
  MEASURE: 'measure',
  STATUS: 'status',
  HISTORY: 'history',
  GROUP_ID: 'groupId',
  CREATED_AT: 'createdAt',
  CREATED_BY: 'createdBy',
} as const;

export const NormKey = {
  ID: 'id',
  TITLE: 'title',
  TEXT: 'text',
  ORDER: 'order',
  CREATED_AT: 'createdAt',
  CREATED_BY: 'createdBy',
  REMOVED_AT: 'removedAt',
} as const;

export const ScheduleKey = {
  WEEKDAY: 'weekday',
  TIME: 'time',
  PLACE: 'place',
  EVERY_WEEKS: 'everyWeeks',
  START_DATE: 'startDate',
  GROUP_ID: 'groupId',
} as const;

export const MeetingKey = {
  ID: 'id',
  DATE: 'date',
  TIME: 'time',
  PLACE: 'place',
  GROUP_ID: 'groupId',
  AGENDA: 'agenda',
  MINUTES: 'minutes',
  DECISIONS: 'decisions',
  ATTENDANCE: 'attendance',
  CREATED_AT: 'createdAt',
  CREATED_BY: 'createdBy',
} as const;

/** The `Y.Text` fields of each record kind (created empty, repaired by migration when missing). */
export const GOAL_TEXT_FIELDS = ['what', 'forWhom', 'measure'] as const;
export type GoalTextField = (typeof GOAL_TEXT_FIELDS)[number];
export const NORM_TEXT_FIELDS = ['title', 'text'] as const;
export const MEETING_TEXT_FIELDS = ['agenda', 'minutes', 'decisions'] as const;
export type MeetingTextField = (typeof MEETING_TEXT_FIELDS)[number];

/** Kinds of komunitas belajar (DOMAIN.md): within one school, between schools (gugus PAUD, KKG), online. */
export const CommunityKind = { IN_SCHOOL: 'dalam-sekolah', BETWEEN_SCHOOLS: 'antar-sekolah', ONLINE: 'daring' } as const;
export type CommunityKind = (typeof CommunityKind)[keyof typeof CommunityKind];

/** A member's role. Data in the document that shapes what the interface offers (capabilities.ts). */
export const Role = {
  GURU: 'guru',
  FASILITATOR: 'fasilitator',
  KEPALA_SEKOLAH: 'kepala-sekolah',
  PENGAWAS: 'pengawas',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/** Where a shared goal (tujuan bersama) stands. */
export const GoalStatus = {
  PLANNED: 'direncanakan',
  ONGOING: 'berjalan',
  ACHIEVED: 'tercapai',
  NOT_ACHIEVED: 'tidak-tercapai',
} as const;
export type GoalStatus = (typeof GoalStatus)[keyof typeof GoalStatus];

/** How often the community meets: every week, every two weeks, every four weeks. */
export const EVERY_WEEKS = [1, 2, 4] as const;
export type EveryWeeks = (typeof EVERY_WEEKS)[number];

const KINDS: readonly unknown[] = Object.values(CommunityKind);
const ROLES: readonly unknown[] = Object.values(Role);
const STATUSES: readonly unknown[] = Object.values(GoalStatus);

export function isCommunityKind(value: unknown): value is CommunityKind {
  return KINDS.includes(value);
}

export function isRole(value: unknown): value is Role {
  return ROLES.includes(value);
}

export function isGoalStatus(value: unknown): value is GoalStatus {
  return STATUSES.includes(value);
}
