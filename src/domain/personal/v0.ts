/**
 * Schema v0: the prototype's personal document, read only to migrate it (see docs/SCHEMA.md).
 *
 * - no `meta` map (so no `meta.schema`);
 * - `profile` Y.Map with `name` (string), the same place v1 keeps it;
 * - `journal` Y.Array of Y.Maps with plain string fields `id` (a UUID made on the phone), `date`
 *   (`YYYY-MM-DD`), `happened`, `shouldHave`, `problem`; entries were appended, so older first.
 *
 * v1 never writes to `journal`: it is left untouched after migration, so nothing is ever destroyed.
 */
import * as Y from 'yjs';
import { isRecordIdLike } from './entryRecord';
import { isIsoDate } from './isoDate';

export const V0Root = { JOURNAL: 'journal', PROFILE: 'profile' } as const;
export const V0Key = {
  ID: 'id',
  DATE: 'date',
  HAPPENED: 'happened',
  SHOULD_HAVE: 'shouldHave',
  PROBLEM: 'problem',
} as const;

/** A usable v0 record: plain strings, position in the `journal` array. */
export interface V0Record {
  index: number;
  id: string;
  date: string;
  happened: string;
  shouldHave: string;
  problem: string;
}

/** A v0 record that cannot be migrated (it stays in `journal`, untouched). */
export interface V0Skipped {
  index: number;
  problem: string;
}

function plainText(value: unknown): string {
  if (typeof value === 'string') return value;
  // Lenient: a prototype build may have stored a Y.Text; its text is what the teacher wrote.
  if (value instanceof Y.Text) return value.toString();
  return '';
}

/** Accepts `YYYY-MM-DD`, or the date part of an ISO timestamp (`2024-03-05T08:00:00Z`). */
function v0Date(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const day = value.slice(0, 10);
  return isIsoDate(day) && (value.length === 10 || value[10] === 'T') ? day : undefined;
}

/** Every v0 record in array order, split into usable ones and skipped ones with the reason. */
export function readV0Journal(doc: Y.Doc): { records: V0Record[]; skipped: V0Skipped[] } {
  const records: V0Record[] = [];
  const skipped: V0Skipped[] = [];
  const seen = new Set<string>();
  doc.getArray<unknown>(V0Root.JOURNAL).forEach((value, index) => {
    if (!(value instanceof Y.Map)) return void skipped.push({ index, problem: 'not a Y.Map' });
    const map = value as Y.Map<unknown>;
    const id = map.get(V0Key.ID);
    if (!isRecordIdLike(id)) return void skipped.push({ index, problem: 'no usable id' });
    if (seen.has(id)) return void skipped.push({ index, problem: `duplicate id ${id}` });
    const date = v0Date(map.get(V0Key.DATE));
    if (date === undefined) return void skipped.push({ index, problem: 'no usable date' });
    seen.add(id);
    records.push({
      index,
      id,
      date,
      happened: plainText(map.get(V0Key.HAPPENED)),
      shouldHave: plainText(map.get(V0Key.SHOULD_HAVE)),
      problem: plainText(map.get(V0Key.PROBLEM)),
    });
  });
  return { records, skipped };
}
