/**
 * Version history of shared texts (docs/SCHEMA.md, "History document"): earlier versions of a
 * community's `Y.Text`s, with who wrote them, kept in the companion document `h-<id>` so the live
 * community document never grows for them (it keeps `gc` on; Yjs snapshots would need it off).
 *
 * A version is one plain value `{ path, text, by, at, restoredFrom? }` under its own random key in
 * the flat top-level map `versions`: two phones recording offline add different keys, so both
 * versions survive the merge (an inner map per text, made on two phones at once, would lose one).
 *
 * Pruning only ever deletes a version because a newer one of the same text makes it redundant
 * (see `versionsToPrune`), so two phones pruning different views concurrently keep, together, what
 * either would keep of the merged history.
 */
import * as Y from 'yjs';
import { newRecordId } from '../ids';
import { DomainError } from '../personal/DomainError';
import type { SchemaProblem } from '../personal/schema';

export const HISTORY_SCHEMA_VERSION = 1;
export const HistoryRoot = { META: 'meta', VERSIONS: 'versions' } as const;

/** The newest versions of a text, always kept. */
export const KEEP_RECENT = 10;
/** Older versions within this many days of a text's newest: the newest of each day is kept. */
export const DAILY_DAYS = 30;
/** A text longer than this is not recorded (a version is a whole copy). */
export const VERSION_TEXT_MAX = 50_000;
export const PATH_MAX = 300;

const DAY_MS = 86_400_000;

export interface TextVersion {
  /** Its key in `versions`. */
  id: string;
  /** The text's address in the community document (`textPath`), e.g. `solutions/<id>/text`. */
  path: string;
  text: string;
  /** Member id of who wrote it (her editing session ended) or restored it. */
  by: string;
  at: number;
  /** `at` of the version this one restored. */
  restoredFrom?: number;
}

function versionsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(HistoryRoot.VERSIONS);
}

/**
 * Checks a history document can be read and written by this app: refuses another kind of document
 * (`invalid-schema`) and a newer history (`newer-schema`, read-only). Writes nothing: an empty
 * document is a history not yet begun (`meta` is written with the first version).
 */
export function initHistoryDoc(doc: Y.Doc, _now?: number): void {
  const meta = doc.getMap<unknown>(HistoryRoot.META);
  if (meta.size === 0) return;
  if (meta.get('kind') !== 'history') throw new DomainError('invalid-schema', 'not a history document');
  const schema = meta.get('schema');
  if (typeof schema !== 'number' || !Number.isInteger(schema) || schema < 1) throw new DomainError('invalid-schema', 'bad history schema');
  if (schema > HISTORY_SCHEMA_VERSION) throw new DomainError('newer-schema', `history schema ${schema}`);
}

/** A stored value read as a version, or undefined when damaged (readers skip it). */
export function inspectVersion(id: string, value: unknown): TextVersion | undefined {
  if (typeof value !== 'object' || value === null || value instanceof Y.AbstractType || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.path !== 'string' || v.path.length === 0 || v.path.length > PATH_MAX) return undefined;
  if (typeof v.text !== 'string' || v.text.length > VERSION_TEXT_MAX) return undefined;
  if (typeof v.by !== 'string' || v.by.length === 0 || v.by.length > 128) return undefined;
  if (typeof v.at !== 'number' || !Number.isFinite(v.at) || v.at < 0) return undefined;
  if (v.restoredFrom !== undefined && (typeof v.restoredFrom !== 'number' || !Number.isFinite(v.restoredFrom))) return undefined;
  return {
    id,
    path: v.path,
    text: v.text,
    by: v.by,
    at: v.at,
    ...(v.restoredFrom !== undefined ? { restoredFrom: v.restoredFrom as number } : {}),
  };
}

/** Newest first: later `at`, then larger id, so every phone shows one order. */
function newestFirst(a: TextVersion, b: TextVersion): number {
  return b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** The valid versions of the text at `path`, newest first. */
export function listVersions(doc: Y.Doc, path: string): TextVersion[] {
  const out: TextVersion[] = [];
  versionsMap(doc).forEach((value, id) => {
    // The path first: most entries are other texts' versions, not worth inspecting.
    if ((value as { path?: unknown } | null)?.path !== path) return;
    const version = inspectVersion(id, value);
    if (version) out.push(version);
  });
  return out.sort(newestFirst);
}

export interface RecordVersionInput {
  path: string;
  text: string;
  by: string;
  at: number;
  restoredFrom?: number;
  /** Key of the new version; random when absent. */
  id?: string;
}

export type RecordOutcome = 'recorded' | 'unchanged' | 'too-long';

/**
 * Records a version of the text at `path` unless it equals the latest recorded one (`unchanged`),
 * then prunes that text's versions, all in one transaction. A restore is always recorded (it says
 * who restored what), even when the text already equals the latest version.
 */
export function recordVersion(doc: Y.Doc, input: RecordVersionInput): RecordOutcome {
  if (typeof input.path !== 'string' || input.path.length === 0 || input.path.length > PATH_MAX) {
    throw new DomainError('invalid-id', 'bad text path');
  }
  if (typeof input.by !== 'string' || input.by.length === 0 || input.by.length > 128) throw new DomainError('invalid-id', 'bad member id');
  if (!Number.isFinite(input.at) || input.at < 0) throw new DomainError('invalid-date', 'bad time');
  if (input.text.length > VERSION_TEXT_MAX) return 'too-long';
  initHistoryDoc(doc);
  const existing = listVersions(doc, input.path);
  if (input.restoredFrom === undefined && existing[0]?.text === input.text) return 'unchanged';
  doc.transact(() => {
    const meta = doc.getMap<unknown>(HistoryRoot.META);
    if (meta.size === 0) {
      meta.set('schema', HISTORY_SCHEMA_VERSION);
      meta.set('kind', 'history');
      meta.set('createdAt', input.at);
    }
    const id = input.id ?? newRecordId();
    // Never at or before the latest version of the text: a session's end and the restore that
    // follows it in the same millisecond still list in the order they happened.
    const at = Math.max(input.at, (existing[0]?.at ?? -1) + 1);
    const value: Record<string, unknown> = { path: input.path, text: input.text, by: input.by, at };
    if (input.restoredFrom !== undefined) value.restoredFrom = input.restoredFrom;
    const map = versionsMap(doc);
    map.set(id, value);
    const added = inspectVersion(id, value)!;
    for (const old of versionsToPrune([added, ...existing.filter((v) => v.id !== id)])) map.delete(old);
  });
  return 'recorded';
}

/** Days since the epoch (UTC) and ISO-like weeks (Monday to Sunday) of a time. */
const dayOf = (at: number) => Math.floor(at / DAY_MS);
const weekOf = (at: number) => Math.floor((dayOf(at) + 3) / 7); // 1970-01-01 was a Thursday

/**
 * Which versions of one text to delete. Kept: the `KEEP_RECENT` newest; beyond them, the newest of
 * each (UTC) day for versions within `DAILY_DAYS` of the text's newest version, and the newest of
 * each week for older ones. A text edited every day for a year keeps about 10 + 30 + 48 versions.
 *
 * Every deletion is justified by a *newer* version of the same day or week, and by at least
 * `KEEP_RECENT` newer ones; ages are measured from the newest version, never from a phone's clock.
 * So a phone that sees only part of the history never deletes a version the merged history would
 * keep: what it saw as newer also exists in the merge (invariant tested with concurrent pruning).
 */
export function versionsToPrune(versions: readonly TextVersion[]): string[] {
  const sorted = [...versions].sort(newestFirst);
  const newest = sorted[0];
  if (!newest) return [];
  const seenDays = new Set<number>();
  const seenWeeks = new Set<number>();
  const prune: string[] = [];
  sorted.forEach((v, index) => {
    const day = dayOf(v.at);
    const week = weekOf(v.at);
    const recentEnough = newest.at - v.at <= DAILY_DAYS * DAY_MS;
    const firstOfDay = !seenDays.has(day);
    const firstOfWeek = !seenWeeks.has(week);
    seenDays.add(day);
    seenWeeks.add(week);
    if (index < KEEP_RECENT) return;
    if (recentEnough ? firstOfDay : firstOfWeek) return;
    prune.push(v.id);
  });
  return prune;
}

/** Deletes, for every text, what `versionsToPrune` says (also removes damaged entries). */
export function pruneHistory(doc: Y.Doc): number {
  const byPath = new Map<string, TextVersion[]>();
  const damaged: string[] = [];
  versionsMap(doc).forEach((value, id) => {
    const version = inspectVersion(id, value);
    if (!version) return void damaged.push(id);
    const list = byPath.get(version.path) ?? [];
    list.push(version);
    byPath.set(version.path, list);
  });
  const doomed = [...damaged, ...[...byPath.values()].flatMap(versionsToPrune)];
  if (doomed.length === 0) return 0;
  doc.transact(() => {
    const map = versionsMap(doc);
    for (const id of doomed) map.delete(id);
  });
  return doomed.length;
}

/** Problems of a history document (`[]` when sound). Damaged versions are reported, never thrown on. */
export function validateHistoryDoc(doc: Y.Doc): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  try {
    initHistoryDoc(doc);
  } catch (error) {
    problems.push({ path: 'meta', problem: (error as Error).message });
  }
  const keys = [...versionsMap(doc).keys()].sort();
  for (const id of keys) {
    if (!inspectVersion(id, versionsMap(doc).get(id))) problems.push({ path: `versions.${id}`, problem: 'not a valid version' });
  }
  return problems;
}
