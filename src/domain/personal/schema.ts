/**
 * Schema v2 of the personal document `p-<id>`: names of the top-level types and of the fields,
 * and the shapes the queries return. (v2 = v1 plus `communities`: her communities and their keys.) The layout is a public contract documented in docs/SCHEMA.md;
 * renaming anything here is a schema change (bump SCHEMA_VERSION and write a migration).
 */
import type * as Y from 'yjs';
import type { RecordId } from '../ids';

/** The schema version this code writes and understands (`meta.schema`). */
export const SCHEMA_VERSION = 2;

/** `meta.kind` of a personal document. */
export const PERSONAL_KIND = 'personal';

/** Top-level shared types of a v2 personal document. */
export const PersonalRoot = {
  META: 'meta',
  PROFILE: 'profile',
  ENTRIES: 'entries',
  /** Since v2: community document name → her membership (personal/communities.ts). */
  COMMUNITIES: 'communities',
  /**
   * Additive (no version bump; absent = empty): `Y.Array<string>`, the names of the children she
   * teaches, used only on her phone to turn names into initials before anything is shared.
   */
  CHILDREN: 'children',
  /**
   * Additive: `Y.Map` `<communityDoc>/<entryId>` → problemId, where she shared an entry's problem.
   * One flat map, not a map per entry: two phones adding the first link of one entry offline would
   * each create that entry's map, and one of them (with its link) would be lost on merge.
   */
  SHARED_AS: 'sharedAs',
} as const;

export const MetaKey = { SCHEMA: 'schema', KIND: 'kind', CREATED_AT: 'createdAt' } as const;
export const ProfileKey = { NAME: 'name', UPDATED_AT: 'updatedAt' } as const;
export const EntryKey = {
  ID: 'id',
  DATE: 'date',
  CREATED_AT: 'createdAt',
  /** Additive, optional: string[] of ENTRY_TAGS (absent = none). */
  TAGS: 'tags',
  /** Additive, optional: 'full' | 'quick' (absent = 'full'). */
  MODE: 'mode',
  /** Additive, optional: the trial this entry records, and the community document holding it. */
  TRIAL_ID: 'trialId',
  TRIAL_DOC: 'trialDoc',
} as const;
/** Fields of a membership record in `communities` (since v2). */
export const MembershipKey = {
  DOC: 'doc',
  KEY: 'key',
  MEMBER_ID: 'memberId',
  MEMBER_SECRET: 'memberSecret',
  ADMIN_KEY: 'adminKey',
  NAME: 'name',
  JOINED_AT: 'joinedAt',
  LEFT_AT: 'leftAt',
} as const;

/**
 * The free-text fields of a journal entry (catatan harian), each a `Y.Text`:
 * `className` kelas/kelompok, `activity` the children's activity and behaviour, `methods` methods and
 * media, `actions` the teacher's own actions, `expected` what should have happened, `gap` the gap
 * between the two: the problem (masalah).
 */
export const JOURNAL_TEXT_FIELDS = ['className', 'activity', 'methods', 'actions', 'expected', 'gap'] as const;
export type JournalTextField = (typeof JOURNAL_TEXT_FIELDS)[number];

/** Fields a list preview is taken from, first non-empty wins: the problem says most about an entry. */
export const PREVIEW_FIELDS: readonly JournalTextField[] = ['gap', 'activity', 'actions', 'methods', 'expected'];
/** Length of a preview, in characters (code points), before the ellipsis. */
export const PREVIEW_LENGTH = 120;

/** A journal entry as shown in a list: plain values, cheap to render. */
export interface JournalEntrySummary {
  id: RecordId;
  /** Day of the lesson, `YYYY-MM-DD`. */
  date: string;
  /** Milliseconds since the epoch when the entry was made (tie-break within a day). */
  createdAt: number;
  className: string;
  /**
   * The first non-empty of gap, activity, actions, methods, expected; whitespace collapsed, at most
   * PREVIEW_LENGTH characters followed by `…` when cut; `''` for an empty entry.
   */
  preview: string;
}

/** A journal entry opened for editing: the live `Y.Text`s of the document, for editor bindings. */
export interface JournalEntry {
  id: RecordId;
  date: string;
  createdAt: number;
  texts: Record<JournalTextField, Y.Text>;
}

/** One problem found by validation: where (`entries.<id>.date`) and what, in English, for logs. */
export interface SchemaProblem {
  path: string;
  problem: string;
}
