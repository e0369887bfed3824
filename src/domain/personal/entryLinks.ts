/**
 * Links from her private journal to the community side of the cycle, kept in her personal document
 * only. Both additive to schema v2 (absent = no link).
 *
 * - Trial link: an entry written during a trial (ujicoba) carries `trialId` and `trialDoc` (the
 *   community document holding the trial). Plain values on the entry: one trial per entry.
 * - Shared as: `sharedAs` (top level) `<communityDoc>/<entryId>` → problemId, so she sees where she
 *   shared an entry's problem. A document name never contains `/`, so the key splits at its first one.
 */
import * as Y from 'yjs';
import { DocKind, docKind, isDocName, type DocName, type RecordId } from '../ids';
import { DomainError } from './DomainError';
import { inspectEntry, isRecordIdLike } from './entryRecord';
import { listJournalEntries } from './journal';
import { EntryKey, PersonalRoot, type JournalEntrySummary, type SchemaProblem } from './schema';

function requireCommunityDoc(value: unknown): DocName {
  if (!isDocName(value) || docKind(value) !== DocKind.COMMUNITY) throw new DomainError('invalid-id', `not a community document name: ${String(value)}`);
  return value;
}

function entryRecord(doc: Y.Doc, entryId: RecordId): Y.Map<unknown> {
  const record = doc.getMap<unknown>(PersonalRoot.ENTRIES).get(entryId);
  if (!inspectEntry(entryId, record).entry) throw new DomainError('not-found', `no journal entry ${String(entryId)}`);
  return record as Y.Map<unknown>;
}

/**
 * Marks the entry as written for a trial of `communityDoc` (`trialId`), or removes the link with
 * `trialId = null`. Throws 'not-found' (entry), 'invalid-id' (document name or trial id).
 */
export function linkEntryToTrial(personalDoc: Y.Doc, entryId: RecordId, communityDoc: DocName, trialId: RecordId | null): void {
  const doc = requireCommunityDoc(communityDoc);
  if (trialId !== null && !isRecordIdLike(trialId)) throw new DomainError('invalid-id', 'not a trial id');
  const record = entryRecord(personalDoc, entryId);
  personalDoc.transact(() => {
    if (trialId === null) {
      if (record.has(EntryKey.TRIAL_ID)) record.delete(EntryKey.TRIAL_ID);
      if (record.has(EntryKey.TRIAL_DOC)) record.delete(EntryKey.TRIAL_DOC);
      return;
    }
    if (record.get(EntryKey.TRIAL_ID) !== trialId) record.set(EntryKey.TRIAL_ID, trialId);
    if (record.get(EntryKey.TRIAL_DOC) !== doc) record.set(EntryKey.TRIAL_DOC, doc);
  });
}

/** The trial an entry records, or undefined. */
export function getEntryTrial(personalDoc: Y.Doc, entryId: RecordId): { doc: DocName; trialId: RecordId } | undefined {
  const record = personalDoc.getMap<unknown>(PersonalRoot.ENTRIES).get(entryId);
  if (!(record instanceof Y.Map)) return undefined;
  const trialId = (record as Y.Map<unknown>).get(EntryKey.TRIAL_ID);
  const doc = (record as Y.Map<unknown>).get(EntryKey.TRIAL_DOC);
  if (!isRecordIdLike(trialId) || !isDocName(doc)) return undefined;
  return { doc, trialId };
}

/**
 * Ids of her valid entries linked to `trialId` (of `communityDoc` when given), oldest first: the
 * trial's story in the order it happened. `entryTrialSummaries` gives the same entries as summaries.
 */
export function entriesOfTrial(personalDoc: Y.Doc, trialId: RecordId, communityDoc?: DocName): RecordId[] {
  return entryTrialSummaries(personalDoc, trialId, communityDoc).map((entry) => entry.id);
}

/** Summaries of her valid entries linked to `trialId`, oldest first. */
export function entryTrialSummaries(personalDoc: Y.Doc, trialId: RecordId, communityDoc?: DocName): JournalEntrySummary[] {
  return listJournalEntries(personalDoc)
    .filter((entry) => {
      const link = getEntryTrial(personalDoc, entry.id);
      return link !== undefined && link.trialId === trialId && (communityDoc === undefined || link.doc === communityDoc);
    })
    .reverse();
}

function sharedAsOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(PersonalRoot.SHARED_AS);
}

/** Remembers that she shared the entry's problem into `communityDoc` as `problemId`. Throws 'invalid-id'. */
export function recordEntryShared(personalDoc: Y.Doc, entryId: RecordId, communityDoc: DocName, problemId: RecordId): void {
  const doc = requireCommunityDoc(communityDoc);
  if (!isRecordIdLike(entryId)) throw new DomainError('invalid-id', 'not an entry id');
  if (!isRecordIdLike(problemId)) throw new DomainError('invalid-id', 'not a problem id');
  const key = `${doc}/${entryId}`;
  const map = sharedAsOf(personalDoc);
  if (map.get(key) !== problemId) personalDoc.transact(() => map.set(key, problemId));
}

/** Where the entry's problem was shared: community document → problem id, sorted by document name. */
export function entrySharedAs(personalDoc: Y.Doc, entryId: RecordId): Array<{ doc: DocName; problemId: RecordId }> {
  const out: Array<{ doc: DocName; problemId: RecordId }> = [];
  sharedAsOf(personalDoc).forEach((problemId, key) => {
    const slash = key.indexOf('/');
    if (slash < 0 || key.slice(slash + 1) !== entryId) return;
    const doc = key.slice(0, slash);
    if (isDocName(doc) && isRecordIdLike(problemId)) out.push({ doc, problemId });
  });
  return out.sort((a, b) => (a.doc < b.doc ? -1 : a.doc > b.doc ? 1 : 0));
}

/** Problems of `sharedAs` and of the trial links (for validatePersonalDoc). */
export function validateEntryLinks(personalDoc: Y.Doc): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const map = sharedAsOf(personalDoc);
  for (const key of [...map.keys()].sort()) {
    const slash = key.indexOf('/');
    const doc = slash < 0 ? '' : key.slice(0, slash);
    if (!isDocName(doc) || docKind(doc) !== DocKind.COMMUNITY || !isRecordIdLike(key.slice(slash + 1))) {
      problems.push({ path: `${PersonalRoot.SHARED_AS}.${key}`, problem: 'key is not <communityDoc>/<entryId>' });
    } else if (!isRecordIdLike(map.get(key))) {
      problems.push({ path: `${PersonalRoot.SHARED_AS}.${key}`, problem: 'not a problem id' });
    }
  }
  const entries = personalDoc.getMap<unknown>(PersonalRoot.ENTRIES);
  for (const key of [...entries.keys()].sort()) {
    const record = entries.get(key);
    if (!(record instanceof Y.Map)) continue;
    const trialId = (record as Y.Map<unknown>).get(EntryKey.TRIAL_ID);
    const trialDoc = (record as Y.Map<unknown>).get(EntryKey.TRIAL_DOC);
    if (trialId === undefined && trialDoc === undefined) continue;
    if (!isRecordIdLike(trialId) || !isDocName(trialDoc)) {
      problems.push({ path: `${PersonalRoot.ENTRIES}.${key}.${EntryKey.TRIAL_ID}`, problem: 'not a trial id with its community document' });
    }
  }
  return problems;
}
