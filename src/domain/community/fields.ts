/**
 * Reading and checking single field values of community records. A community document arrives from
 * every member's phone and from the relay: any value can sit under any key, so every reader goes
 * through these checks and none of them throws.
 */
import * as Y from 'yjs';
import type { RecordId } from '../ids';
import { isRecordIdLike } from '../personal/entryRecord';
import { DomainError } from '../personal/DomainError';
import type { SchemaProblem } from '../personal/schema';

export { isRecordIdLike };

/** Longest one-line name (community, member, group, norm title), in code points after trimming. */
export const NAME_MAX = 80;
/** Longest school or place name. */
export const PLACE_MAX = 120;
/** Longest free text given at creation (focus, goal fields, norm text), in code points. */
export const TEXT_MAX = 2000;

// Control characters (newlines, tabs, NUL...) have no place in a value shown on one line.
const CONTROL = /\p{Cc}/u;

export function isTimestamp(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** A trimmed one-line string of `min..max` code points, or undefined. */
export function normalizeLine(value: unknown, min: number, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  const length = [...trimmed].length;
  if (length < min || length > max || CONTROL.test(trimmed)) return undefined;
  return trimmed;
}

/** True for a string that is already a trimmed one-line string of `min..max` code points. */
export function isLine(value: unknown, min: number, max: number): value is string {
  return typeof value === 'string' && normalizeLine(value, min, max) === value;
}

/** Free text of at most `max` code points (newlines allowed), or undefined. */
export function isTextWithin(value: unknown, max: number): value is string {
  return typeof value === 'string' && [...value].length <= max;
}

/** `null`, or a record id; anything else is not a group reference. */
export function isGroupRef(value: unknown): value is RecordId | null {
  return value === null || isRecordIdLike(value);
}

export function requireRecordId(value: unknown, what: string): RecordId {
  if (!isRecordIdLike(value)) throw new DomainError('invalid-id', `${what} is not a record id (1 to 128 characters)`);
  return value;
}

export function requireTimestamp(value: unknown, what = 'now'): number {
  if (!isTimestamp(value)) throw new DomainError('invalid-date', `${what} is not a timestamp in milliseconds`);
  return value;
}

/** Collects problems for one record, under `<root>.<key>`. */
export class Problems {
  readonly list: SchemaProblem[] = [];
  constructor(readonly at: string) {}

  add(field: string | undefined, problem: string): void {
    this.list.push({ path: field === undefined ? this.at : `${this.at}.${field}`, problem });
  }

  /** Checks that `record[field]` is a `Y.Text` and returns it. */
  text(record: Y.Map<unknown>, field: string): Y.Text | undefined {
    const value = record.get(field);
    if (value instanceof Y.Text) return value;
    this.add(field, value === undefined ? 'missing Y.Text' : 'not a Y.Text');
    return undefined;
  }

  timestamp(record: Y.Map<unknown>, field: string, optional = false): number | undefined {
    const value = record.get(field);
    if (optional && value === undefined) return undefined;
    if (isTimestamp(value)) return value;
    this.add(field, 'not a timestamp in milliseconds');
    return undefined;
  }

  /** Checks the record is a `Y.Map` whose key is a record id and whose `id` equals the key. */
  record(key: string, value: unknown, idField = 'id'): Y.Map<unknown> | undefined {
    if (!(value instanceof Y.Map)) {
      this.add(undefined, 'not a Y.Map');
      return undefined;
    }
    const record = value as Y.Map<unknown>;
    if (!isRecordIdLike(key)) this.add(undefined, 'key is not a record id');
    if (record.get(idField) !== key) this.add(idField, 'id differs from its key');
    return record;
  }
}

/** Names compare as people read them (case and accents aside, "Kelompok 2" before "Kelompok 10"). */
const COLLATOR = new Intl.Collator('id', { sensitivity: 'base', numeric: true });

/** By name as people read it, then by exact name, then by id: the same order on every phone. */
export function compareByName(a: { name: string; id: string }, b: { name: string; id: string }): number {
  return COLLATOR.compare(a.name, b.name) || compareCodeUnits(a.name, b.name) || compareCodeUnits(a.id, b.id);
}

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The keys of a `Y.Map` sorted: map iteration order differs between phones. */
export function sortedKeys(map: Y.Map<unknown>): string[] {
  return [...map.keys()].sort(compareCodeUnits);
}
