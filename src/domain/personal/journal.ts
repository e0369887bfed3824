/** The daily journal (catatan harian): create, open, list and count entries of `entries`. */
import * as Y from 'yjs';
import { newRecordId, type RecordId } from '../ids';
import { DomainError } from './DomainError';
import { inspectEntry, isRecordIdLike } from './entryRecord';
import { EntryMode } from './entryTags';
import { isIsoDate } from './isoDate';
import {
  EntryKey,
  JOURNAL_TEXT_FIELDS,
  PersonalRoot,
  PREVIEW_FIELDS,
  PREVIEW_LENGTH,
  type JournalEntry,
  type JournalEntrySummary,
} from './schema';

function entriesOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(PersonalRoot.ENTRIES);
}

/**
 * Creates an empty entry for `date` and returns its id (a new `newRecordId()` unless `id` is given).
 * Idempotent on `id`: when an entry with that id exists it is left as it is and its id returned, so a
 * retried "new entry" never makes two. `mode: 'quick'` makes it a "3 baris" entry (entryTags.ts).
 * Throws DomainError('invalid-date') for anything but a real `YYYY-MM-DD` day, or for a `now` that is not a timestamp; DomainError('invalid-id') for an empty id.
 */
export function createJournalEntry(doc: Y.Doc, input: { date: string; now: number; id?: RecordId; mode?: EntryMode }): RecordId {
  if (!isIsoDate(input.date)) throw new DomainError('invalid-date', `not a YYYY-MM-DD date: ${String(input.date)}`);
  if (!Number.isFinite(input.now) || input.now < 0) throw new DomainError('invalid-date', 'now is not a timestamp');
  const id = input.id ?? newRecordId();
  if (!isRecordIdLike(id)) throw new DomainError('invalid-id', 'a record id has 1 to 128 characters');
  const entries = entriesOf(doc);
  if (entries.has(id)) return id;
  const record = new Y.Map<unknown>();
  record.set(EntryKey.ID, id);
  record.set(EntryKey.DATE, input.date);
  record.set(EntryKey.CREATED_AT, input.now);
  for (const field of JOURNAL_TEXT_FIELDS) record.set(field, new Y.Text());
  // Quick mode ("3 baris") is remembered on the entry; a full entry leaves `mode` out (the default).
  if (input.mode === EntryMode.QUICK) record.set(EntryKey.MODE, EntryMode.QUICK);
  doc.transact(() => entries.set(id, record));
  return id;
}

/**
 * The entry with its live `Y.Text`s, or undefined when there is none or it is damaged (a missing
 * field is not created here: reading is pure; `migratePersonalDoc` repairs what can be repaired).
 */
export function getJournalEntry(doc: Y.Doc, id: RecordId): JournalEntry | undefined {
  const entries = entriesOf(doc);
  if (!entries.has(id)) return undefined;
  return inspectEntry(id, entries.get(id)).entry;
}

/** Moves an entry to another day. Throws 'invalid-date', or 'not-found' when there is no valid entry. */
export function setJournalEntryDate(doc: Y.Doc, id: RecordId, date: string): void {
  if (!isIsoDate(date)) throw new DomainError('invalid-date', `not a YYYY-MM-DD date: ${String(date)}`);
  const record = entriesOf(doc).get(id);
  if (!(record instanceof Y.Map) || inspectEntry(id, record).entry === undefined) {
    throw new DomainError('not-found', `no journal entry ${id}`);
  }
  doc.transact(() => (record as Y.Map<unknown>).set(EntryKey.DATE, date));
}

/** The first non-empty preview field, whitespace collapsed, cut at PREVIEW_LENGTH characters. */
export function entryPreview(entry: JournalEntry): string {
  for (const field of PREVIEW_FIELDS) {
    const text = entry.texts[field].toString().replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    const chars = [...text]; // code points, so an emoji is never cut in half
    return chars.length <= PREVIEW_LENGTH ? text : `${chars.slice(0, PREVIEW_LENGTH).join('').trimEnd()}…`;
  }
  return '';
}

/** Newest first: later date, then later createdAt, then id (so the order is the same on every phone). */
export function compareEntriesNewestFirst(
  a: Pick<JournalEntrySummary, 'date' | 'createdAt' | 'id'>,
  b: Pick<JournalEntrySummary, 'date' | 'createdAt' | 'id'>,
): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1;
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Summaries of every valid entry, newest first. Damaged records are skipped (validate reports them). */
export function listJournalEntries(doc: Y.Doc): JournalEntrySummary[] {
  const summaries: JournalEntrySummary[] = [];
  entriesOf(doc).forEach((value, key) => {
    const { entry } = inspectEntry(key, value);
    if (!entry) return;
    summaries.push({
      id: entry.id,
      date: entry.date,
      createdAt: entry.createdAt,
      className: entry.texts.className.toString().replace(/\s+/g, ' ').trim(),
      preview: entryPreview(entry),
    });
  });
  return summaries.sort(compareEntriesNewestFirst);
}

/** The number of valid entries (the same entries `listJournalEntries` returns). */
export function countJournalEntries(doc: Y.Doc): number {
  let count = 0;
  entriesOf(doc).forEach((value, key) => {
    if (inspectEntry(key, value).entry) count += 1;
  });
  return count;
}
