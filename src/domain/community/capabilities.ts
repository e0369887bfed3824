/**
 * What each role may do in a community. Roles are data in the document and shape what the interface
 * offers; the relay enforces only the room key (DESIGN.md, "Rooms, keys, invites"). Anyone holding
 * the key can write anything, so these are the interface's rules, not a security boundary.
 */
import type * as Y from 'yjs';
import type { RecordId } from '../ids';
import { getMember } from './members';
import { Role } from './schema';

export interface Capabilities {
  /** Write shared content: goals, problems, solutions, meeting agendas, minutes and decisions. */
  editContent: boolean;
  /** Comment on shared content. */
  comment: boolean;
  /** Add and remove members, change roles. */
  manageMembers: boolean;
  /** Create, rename and archive small groups; split members into groups; move members. */
  manageGroups: boolean;
  /** Edit the agreements and norms (kesepakatan dan norma). */
  editNorms: boolean;
  /** Set the meeting schedule. */
  schedule: boolean;
  /** Show invite links, QR codes and short codes. */
  invite: boolean;
  /** Rotate the member key (needs the admin key as well, which only the founder holds). */
  rotateKey: boolean;
  /** See the community's progress: goals, attendance, activity over time. */
  seeProgress: boolean;
  /** Mark herself present at a meeting. */
  markOwnAttendance: boolean;
  /** Mark other members present or absent (the meeting's facilitator takes the register). */
  markAttendance: boolean;
}

const NONE: Capabilities = Object.freeze({
  editContent: false,
  comment: false,
  manageMembers: false,
  manageGroups: false,
  editNorms: false,
  schedule: false,
  invite: false,
  rotateKey: false,
  seeProgress: false,
  markOwnAttendance: false,
  markAttendance: false,
});

/**
 * The table (issue 4): a pengawas reads and comments, and follows progress; a kepala sekolah follows
 * progress, comments and marks her own attendance; a guru writes content and norms, marks her
 * attendance and comments; a fasilitator does everything.
 */
const TABLE: Readonly<Record<Role, Capabilities>> = Object.freeze({
  [Role.PENGAWAS]: Object.freeze({ ...NONE, comment: true, seeProgress: true }),
  [Role.KEPALA_SEKOLAH]: Object.freeze({ ...NONE, comment: true, seeProgress: true, markOwnAttendance: true }),
  [Role.GURU]: Object.freeze({ ...NONE, editContent: true, comment: true, editNorms: true, markOwnAttendance: true }),
  [Role.FASILITATOR]: Object.freeze(
    Object.fromEntries(Object.keys(NONE).map((key) => [key, true])) as unknown as Capabilities,
  ),
});

/** What a role may do. An unknown value (a damaged record) may do nothing. */
export function capabilitiesOf(role: Role): Capabilities {
  return Object.prototype.hasOwnProperty.call(TABLE, role) ? TABLE[role] : NONE;
}

/** What a member may do now: nothing once she has left or was removed, or when she is unknown. */
export function memberCapabilities(doc: Y.Doc, memberId: RecordId): Capabilities {
  const member = getMember(doc, memberId);
  return member?.active ? capabilitiesOf(member.role) : NONE;
}

/** The capabilities of nobody: a reader without a role (e.g. before her member record has synced). */
export const NO_CAPABILITIES: Capabilities = NONE;
