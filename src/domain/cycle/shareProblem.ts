/**
 * Sharing the problem of a journal entry into a community (or one of its small groups).
 *
 * The entry stays in her personal document. Only the fields she ticks are copied, each under its
 * label, in the template's order, with children's names turned into initials unless she turned that
 * off for that field (privacy.ts). What `previewShare` returns is exactly what `shareProblem` writes:
 * the share screen shows it before anything leaves her phone. The problem links back to the entry by
 * its date and id only.
 */
import * as Y from 'yjs';
import { newRecordId, type RecordId } from '../ids';
import { DomainError } from '../personal/DomainError';
import { JOURNAL_TEXT_FIELDS, type JournalEntry, type JournalTextField } from '../personal/schema';
import { requireRecordId, requireTimestamp } from '../community/fields';
import { isLiveGroup } from '../community/groupRecord';
import { redactChildNames } from './privacy';
import { PROBLEM_TEXT_MAX, ProblemKey, problemsOf } from './problems';

/** Which part of her entry to share, and whether children's names in it become initials (default). */
export interface ShareChoice {
  field: JournalTextField;
  redact: boolean;
}

/**
 * The label written before each shared field. Part of the shared text (what peers read), so it is in
 * Bahasa Indonesia, the language of the community, whatever language her interface uses.
 */
export const SHARE_FIELD_LABELS: Readonly<Record<JournalTextField, string>> = Object.freeze({
  className: 'Kelas/kelompok',
  activity: 'Kegiatan dan perilaku anak',
  methods: 'Metode dan media',
  actions: 'Tindakan guru',
  expected: 'Yang seharusnya terjadi',
  gap: 'Masalah',
});

/** The fields the share screen ticks by default: the problem itself. */
export const DEFAULT_SHARE_CHOICES: readonly ShareChoice[] = Object.freeze([{ field: 'gap', redact: true }]);

/**
 * The exact text that would leave her phone: each chosen, non-empty field as `Label:\n<text>`, in the
 * template's order (JOURNAL_TEXT_FIELDS), separated by a blank line. A field chosen twice counts once
 * (redacted if either choice says so). `colleagueNames` may stay capitalised (privacy.ts).
 */
export function previewShare(entry: JournalEntry, choices: readonly ShareChoice[], childNames: readonly string[], colleagueNames: readonly string[] = []): string {
  const redact = new Map<JournalTextField, boolean>();
  for (const choice of choices) {
    if (!(JOURNAL_TEXT_FIELDS as readonly string[]).includes(choice.field)) continue;
    redact.set(choice.field, (redact.get(choice.field) ?? false) || choice.redact !== false);
  }
  const parts: string[] = [];
  for (const field of JOURNAL_TEXT_FIELDS) {
    if (!redact.has(field)) continue;
    const raw = entry.texts[field].toString().trim();
    if (raw === '') continue;
    const text = redact.get(field) ? redactChildNames(raw, childNames, colleagueNames) : raw;
    parts.push(`${SHARE_FIELD_LABELS[field]}:\n${text}`);
  }
  return parts.join('\n\n');
}

/**
 * Copies the chosen fields of her entry (previewShare's text, nothing else) into the community
 * document as a new problem and returns its id. Idempotent on an explicit `id`. Record the link in
 * her personal document with `recordEntryShared` (personal/entryLinks.ts).
 * Throws 'invalid-text' (nothing chosen, or every chosen field empty, or longer than
 * PROBLEM_TEXT_MAX), 'not-found' (a group that is not live), 'invalid-id', 'invalid-date'.
 */
export function shareProblem(
  communityDoc: Y.Doc,
  input: {
    entry: JournalEntry;
    choices: readonly ShareChoice[];
    childNames: readonly string[];
    colleagueNames?: readonly string[];
    authorId: RecordId;
    groupId?: RecordId | null;
    now: number;
    id?: RecordId;
  },
): RecordId {
  const authorId = requireRecordId(input.authorId, 'authorId');
  const now = requireTimestamp(input.now);
  const id = requireRecordId(input.id ?? newRecordId(), 'problem id');
  requireRecordId(input.entry?.id, 'entry id');
  const groupId = input.groupId ?? null;
  if (groupId !== null && !isLiveGroup(communityDoc, groupId)) throw new DomainError('not-found', `no group ${groupId}`);
  const problems = problemsOf(communityDoc);
  if (problems.has(id)) return id;
  const text = previewShare(input.entry, input.choices, input.childNames, input.colleagueNames ?? []);
  if (text === '') throw new DomainError('invalid-text', 'nothing to share: choose a field that has text');
  if ([...text].length > PROBLEM_TEXT_MAX) throw new DomainError('invalid-text', `a shared problem has at most ${PROBLEM_TEXT_MAX} characters`);
  const record = new Y.Map<unknown>();
  record.set(ProblemKey.ID, id);
  record.set(ProblemKey.AUTHOR_ID, authorId);
  record.set(ProblemKey.SOURCE, { date: input.entry.date, entryId: input.entry.id });
  record.set(ProblemKey.TEXT, new Y.Text(text));
  record.set(ProblemKey.GROUP_ID, groupId);
  record.set(ProblemKey.CREATED_AT, now);
  record.set(ProblemKey.ROOT_CAUSE_ID, null);
  record.set(ProblemKey.ROOT_CAUSE_BY, null);
  record.set(ProblemKey.ROOT_CAUSE_AT, null);
  record.set(ProblemKey.SEEN, new Y.Map<unknown>());
  communityDoc.transact(() => problems.set(id, record));
  return id;
}
