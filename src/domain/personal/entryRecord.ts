/**
 * Reading one journal entry record defensively. A document arrives from other phones and from the
 * relay: any value can sit under any key. Every query goes through `inspectEntry`, so the list, the
 * editor, the counter and the validator agree on what a valid entry is.
 */
import * as Y from 'yjs';
import type { RecordId } from '../ids';
import { isIsoDate } from './isoDate';
import { EntryKey, JOURNAL_TEXT_FIELDS, type JournalEntry, type JournalTextField, type SchemaProblem } from './schema';

/** Longest record id accepted as a map key (v0 prototype ids are UUIDs; v1 ids are 16 characters). */
export const RECORD_ID_MAX = 128;

export function isRecordIdLike(value: unknown): value is RecordId {
  return typeof value === 'string' && value.length > 0 && value.length <= RECORD_ID_MAX;
}

/** The entry if the record under `key` is valid, and every problem found (empty when valid). */
export function inspectEntry(key: string, value: unknown): { entry?: JournalEntry; problems: SchemaProblem[] } {
  const at = `entries.${key}`;
  if (!(value instanceof Y.Map)) return { problems: [{ path: at, problem: 'not a Y.Map' }] };
  const record = value as Y.Map<unknown>;
  const problems: SchemaProblem[] = [];
  const id = record.get(EntryKey.ID);
  if (!isRecordIdLike(key)) problems.push({ path: at, problem: 'key is not a record id' });
  if (id !== key) problems.push({ path: `${at}.id`, problem: 'id differs from its key' });
  const date = record.get(EntryKey.DATE);
  if (!isIsoDate(date)) problems.push({ path: `${at}.date`, problem: 'not a YYYY-MM-DD date' });
  const createdAt = record.get(EntryKey.CREATED_AT);
  if (typeof createdAt !== 'number' || !Number.isFinite(createdAt) || createdAt < 0) {
    problems.push({ path: `${at}.createdAt`, problem: 'not a timestamp in milliseconds' });
  }
  const texts: Partial<Record<JournalTextField, Y.Text>> = {};
  for (const field of JOURNAL_TEXT_FIELDS) {
    const text = record.get(field);
    if (text instanceof Y.Text) texts[field] = text;
    else problems.push({ path: `${at}.${field}`, problem: text === undefined ? 'missing Y.Text' : 'not a Y.Text' });
  }
  if (problems.length > 0) return { problems };
  return {
    entry: {
      id: key as RecordId,
      date: date as string,
      createdAt: createdAt as number,
      texts: texts as Record<JournalTextField, Y.Text>,
    },
    problems,
  };
}
