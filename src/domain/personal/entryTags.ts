/**
 * Tags and mode of a journal entry. Both additive to schema v2: an entry without them has no tags and
 * is a full entry, so no migration writes anything and a v2 app ignores them.
 *
 * - `tags`: a plain `string[]` of ENTRY_TAGS, the aspect of development (aspek perkembangan) and the
 *   learning area (area/sentra) the entry is about. Replaced as a whole: two phones tagging one
 *   entry offline keep the later choice (tags are picked, not typed, and shown on both phones).
 * - `mode`: `'full'` (the guided template, every field) or `'quick'` (the "3 lines" of a tired
 *   evening: QUICK_MODE_FIELDS). Only what the editor shows; every field stays in the entry.
 */
import * as Y from 'yjs';
import type { RecordId } from '../ids';
import { DomainError } from './DomainError';
import { inspectEntry } from './entryRecord';
import { EntryKey, PersonalRoot, type JournalTextField, type SchemaProblem } from './schema';

/** Aspects of development of the PAUD curriculum (nilai agama dan moral … seni). */
export const DEVELOPMENT_ASPECT_TAGS = [
  'aspek:nilai-agama-moral',
  'aspek:fisik-motorik',
  'aspek:kognitif',
  'aspek:bahasa',
  'aspek:sosial-emosional',
  'aspek:seni',
] as const;

/** Learning areas and centres (area / sentra) of a kindergarten classroom. */
export const LEARNING_AREA_TAGS = [
  'area:agama',
  'area:balok',
  'area:bahasa',
  'area:matematika',
  'area:sains',
  'area:seni',
  'area:musik',
  'area:main-peran',
  'area:bahan-alam',
  'area:persiapan',
  'area:luar-ruang',
] as const;

/** Every tag an entry can carry, in the order the picker shows them and `getEntryTags` returns them. */
export const ENTRY_TAGS = [...DEVELOPMENT_ASPECT_TAGS, ...LEARNING_AREA_TAGS] as const;
export type EntryTag = (typeof ENTRY_TAGS)[number];

export const EntryMode = { FULL: 'full', QUICK: 'quick' } as const;
export type EntryMode = (typeof EntryMode)[keyof typeof EntryMode];

/**
 * The three prompts of quick mode ("3 baris"): what the children did, what she did, and the gap
 * (what went other than it should). The gap is what a problem is shared from, so a quick entry can
 * still be shared.
 */
export const QUICK_MODE_FIELDS: readonly JournalTextField[] = ['activity', 'actions', 'gap'];

const TAG_SET: ReadonlySet<string> = new Set(ENTRY_TAGS);

export function isEntryTag(value: unknown): value is EntryTag {
  return typeof value === 'string' && TAG_SET.has(value);
}

function entryRecord(doc: Y.Doc, entryId: RecordId): Y.Map<unknown> {
  const record = doc.getMap<unknown>(PersonalRoot.ENTRIES).get(entryId);
  if (!inspectEntry(entryId, record).entry) throw new DomainError('not-found', `no journal entry ${String(entryId)}`);
  return record as Y.Map<unknown>;
}

/** Known tags of the value, once each, in ENTRY_TAGS order (unknown ones, from a newer app, skipped). */
function readTags(value: unknown): EntryTag[] {
  if (!Array.isArray(value)) return [];
  const present = new Set(value.filter(isEntryTag));
  return ENTRY_TAGS.filter((tag) => present.has(tag));
}

/** The entry's tags in ENTRY_TAGS order; `[]` for none, an unknown or a damaged entry. */
export function getEntryTags(personalDoc: Y.Doc, entryId: RecordId): EntryTag[] {
  const record = personalDoc.getMap<unknown>(PersonalRoot.ENTRIES).get(entryId);
  if (!(record instanceof Y.Map)) return [];
  return readTags((record as Y.Map<unknown>).get(EntryKey.TAGS));
}

/** Replaces the entry's tags. Throws 'invalid-kind' for a tag not in ENTRY_TAGS, 'not-found'. */
export function setEntryTags(personalDoc: Y.Doc, entryId: RecordId, tags: readonly string[]): void {
  for (const tag of tags) if (!isEntryTag(tag)) throw new DomainError('invalid-kind', `not an entry tag: ${String(tag)}`);
  const record = entryRecord(personalDoc, entryId);
  const next = readTags(tags);
  const current = record.get(EntryKey.TAGS);
  if (Array.isArray(current) && current.length === next.length && current.every((tag, i) => tag === next[i])) return;
  personalDoc.transact(() => record.set(EntryKey.TAGS, next));
}

/** Ids of the valid entries that carry `tag` (journal filters). */
export function entriesWithTag(personalDoc: Y.Doc, tag: EntryTag): RecordId[] {
  const ids: RecordId[] = [];
  personalDoc.getMap<unknown>(PersonalRoot.ENTRIES).forEach((value, key) => {
    if (inspectEntry(key, value).entry && readTags((value as Y.Map<unknown>).get(EntryKey.TAGS)).includes(tag)) ids.push(key as RecordId);
  });
  return ids.sort();
}

/** The entry's mode: `'quick'` only when it says so; anything else (absent, unknown) is `'full'`. */
export function getEntryMode(personalDoc: Y.Doc, entryId: RecordId): EntryMode {
  const record = personalDoc.getMap<unknown>(PersonalRoot.ENTRIES).get(entryId);
  return record instanceof Y.Map && (record as Y.Map<unknown>).get(EntryKey.MODE) === EntryMode.QUICK ? EntryMode.QUICK : EntryMode.FULL;
}

/** Switches the entry between the full template and quick mode. Throws 'invalid-kind', 'not-found'. */
export function setEntryMode(personalDoc: Y.Doc, entryId: RecordId, mode: EntryMode): void {
  if (mode !== EntryMode.FULL && mode !== EntryMode.QUICK) throw new DomainError('invalid-kind', `not an entry mode: ${String(mode)}`);
  const record = entryRecord(personalDoc, entryId);
  if (getEntryMode(personalDoc, entryId) === mode && (mode === EntryMode.FULL || record.get(EntryKey.MODE) === mode)) return;
  personalDoc.transact(() => record.set(EntryKey.MODE, mode));
}

/** Problems of the optional fields of one entry record (for validatePersonalDoc). */
export function inspectEntryAdditions(key: string, value: unknown): SchemaProblem[] {
  if (!(value instanceof Y.Map)) return [];
  const record = value as Y.Map<unknown>;
  const at = `${PersonalRoot.ENTRIES}.${key}`;
  const problems: SchemaProblem[] = [];
  const tags = record.get(EntryKey.TAGS);
  if (tags !== undefined && (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string'))) {
    problems.push({ path: `${at}.${EntryKey.TAGS}`, problem: 'not an array of tags' });
  }
  const mode = record.get(EntryKey.MODE);
  if (mode !== undefined && mode !== EntryMode.FULL && mode !== EntryMode.QUICK) {
    problems.push({ path: `${at}.${EntryKey.MODE}`, problem: "not 'full' or 'quick'" });
  }
  return problems;
}
