/** Validation of a whole personal document against schema v2. Reports; never throws, never writes. */
import type * as Y from 'yjs';
import { validateChildren } from './children';
import { inspectMembership } from './communities';
import { validateEntryLinks } from './entryLinks';
import { inspectEntry } from './entryRecord';
import { inspectEntryAdditions } from './entryTags';
import { normalizeProfileName } from './profile';
import { MetaKey, PERSONAL_KIND, PersonalRoot, ProfileKey, SCHEMA_VERSION, type SchemaProblem } from './schema';

function isTimestamp(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * Every problem that keeps `doc` from being a valid v2 personal document, `[]` when it is valid.
 * Unknown extra keys and top-level types are tolerated (a newer minor writer may add some), and the
 * v0 `journal` array left behind by migration is not a problem.
 */
export function validatePersonalDoc(doc: Y.Doc): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const meta = doc.getMap<unknown>(PersonalRoot.META);
  const schema = meta.get(MetaKey.SCHEMA);
  if (schema === undefined) {
    problems.push({ path: 'meta.schema', problem: 'missing: a v0 or empty document, migrate it first' });
  } else if (typeof schema !== 'number' || !Number.isInteger(schema) || schema < 1) {
    problems.push({ path: 'meta.schema', problem: 'not a version number' });
  } else if (schema !== SCHEMA_VERSION) {
    problems.push({ path: 'meta.schema', problem: `version ${schema}, expected ${SCHEMA_VERSION}` });
  }
  if (meta.get(MetaKey.KIND) !== PERSONAL_KIND) {
    problems.push({ path: 'meta.kind', problem: `not '${PERSONAL_KIND}'` });
  }
  if (!isTimestamp(meta.get(MetaKey.CREATED_AT))) {
    problems.push({ path: 'meta.createdAt', problem: 'not a timestamp in milliseconds' });
  }

  const profile = doc.getMap<unknown>(PersonalRoot.PROFILE);
  const name = profile.get(ProfileKey.NAME);
  if (name !== undefined && normalizeProfileName(name) !== name) {
    problems.push({ path: 'profile.name', problem: 'not a trimmed name of 1 to 80 characters' });
  }
  const updatedAt = profile.get(ProfileKey.UPDATED_AT);
  if (updatedAt !== undefined && !isTimestamp(updatedAt)) {
    problems.push({ path: 'profile.updatedAt', problem: 'not a timestamp in milliseconds' });
  }

  const entries = doc.getMap<unknown>(PersonalRoot.ENTRIES);
  for (const key of [...entries.keys()].sort()) {
    problems.push(...inspectEntry(key, entries.get(key)).problems);
    problems.push(...inspectEntryAdditions(key, entries.get(key)));
  }

  const communities = doc.getMap<unknown>(PersonalRoot.COMMUNITIES);
  for (const key of [...communities.keys()].sort()) {
    problems.push(...inspectMembership(key, communities.get(key)).problems);
  }
  // Additive fields of the learning cycle (no version bump): the roster, trial links, sharedAs.
  problems.push(...validateChildren(doc), ...validateEntryLinks(doc));
  return problems;
}

/** True when `validatePersonalDoc` finds nothing. */
export function isValidPersonalDoc(doc: Y.Doc): boolean {
  return validatePersonalDoc(doc).length === 0;
}
