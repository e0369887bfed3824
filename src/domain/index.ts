/**
 * The domain's public API: the schema of Sejawat's documents, constructors, validation, migrations
 * and queries over Yjs structures. Pure: imports only `yjs`; no DOM, no IO.
 */
export * from './ids';
export * from './protocol';
export * from './attachments';
export * from './personal/schema';
export * from './personal/DomainError';
export * from './personal/isoDate';
export * from './personal/profile';
export { inspectEntry, isRecordIdLike, RECORD_ID_MAX } from './personal/entryRecord';
export * from './personal/journal';
export * from './personal/validate';
export * from './personal/migrate';
export * from './personal/communities';
export { V0Key, V0Root, readV0Journal, type V0Record, type V0Skipped } from './personal/v0';
export {
  deterministicChain,
  deterministicClientId,
  deterministicUpdate,
  keyedClientId,
  type DeterministicPass,
} from './personal/deterministicWrite';
// The community document `c-<id>` (docs/SCHEMA.md, "Community document").
export * from './community/schema';
export * from './community/capabilities';
export * from './community/migrate';
export * from './community/info';
export { getMember, inspectMember, leaveCommunity, listMembers, addMember, removeMember, setMemberName, setMemberRole, setMemberSchool, type MemberView } from './community/members';
export * from './community/groups';
export * from './community/goals';
export * from './community/defaultNorms';
export * from './community/norms';
export * from './community/schedule';
export * from './community/nextMeetingDates';
export * from './community/meetings';
export * from './community/scheduledMeeting';
export * from './community/validate';
// The learning cycle, weekly board to good practice (docs/SCHEMA.md, "Cycle: boards, trials and good practices").
export * from './cycle/boards';
export * from './cycle/solutions';
export * from './cycle/trials';
export * from './cycle/practices';
// The learning cycle, journal to root cause (docs/SCHEMA.md, "Cycle: problems and why-chains").
export * from './personal/children';
export * from './personal/entryTags';
export * from './personal/entryLinks';
export * from './cycle/privacy';
export * from './cycle/problems';
export * from './cycle/seen';
export * from './cycle/whys';
export * from './cycle/comments';
export * from './cycle/shareProblem';
// Version history of shared texts, in the companion document `h-<id>` (docs/SCHEMA.md, "History document").
export * from './history/versions';
export * from './history/textPath';
export * from './history/editSessions';
export * from './history/restore';
