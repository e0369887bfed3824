/**
 * The children she teaches (`children`, a `Y.Array<string>` in her personal document): names that
 * never leave her phone, used to turn them into initials in anything she shares (cycle/privacy.ts).
 *
 * Additive to schema v2: absent reads as an empty roster. Edits are applied as a difference (remove
 * what is gone, append what is new), so a name added on one phone and another removed on the second
 * phone offline both survive the merge; a name added on both appears twice in the array and once
 * when read. A name removed on one phone while it is re-added on another stays (the safe side).
 */
import * as Y from 'yjs';
import { DomainError } from './DomainError';
import { PersonalRoot, type SchemaProblem } from './schema';

/** Longest child's name, in code points. */
export const CHILD_NAME_MAX = 80;
/** Most names on a roster (a few classes). */
export const CHILDREN_MAX = 200;

const CONTROL = /\p{Cc}/u;
const COLLATOR = new Intl.Collator('id', { sensitivity: 'base', numeric: true });

function childrenOf(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>(PersonalRoot.CHILDREN);
}

/** Spaces collapsed and trimmed, or undefined when not a name (empty, too long, control characters). */
export function normalizeChildName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const name = value.replace(/\s+/g, ' ').trim();
  if (name === '' || [...name].length > CHILD_NAME_MAX || CONTROL.test(name)) return undefined;
  return name;
}

function sameNameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/** Her roster, each name once (case aside), sorted as people read. Invalid items are skipped. */
export function listChildNames(personalDoc: Y.Doc): string[] {
  const seen = new Map<string, string>();
  for (const item of childrenOf(personalDoc).toArray()) {
    const name = normalizeChildName(item);
    if (name !== undefined && !seen.has(sameNameKey(name))) seen.set(sameNameKey(name), name);
  }
  return [...seen.values()].sort((a, b) => COLLATOR.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Makes her roster `names` (trimmed; duplicates, case aside, once). Writes only the difference.
 * Throws 'invalid-name' for a name that is empty, too long or has control characters, and
 * 'invalid-count' for more than CHILDREN_MAX names.
 */
export function setChildNames(personalDoc: Y.Doc, names: readonly string[]): void {
  const wanted = new Map<string, string>();
  for (const raw of names) {
    const name = normalizeChildName(raw);
    if (name === undefined) throw new DomainError('invalid-name', `a child's name has 1 to ${CHILD_NAME_MAX} characters on one line`);
    if (!wanted.has(sameNameKey(name))) wanted.set(sameNameKey(name), name);
  }
  if (wanted.size > CHILDREN_MAX) throw new DomainError('invalid-count', `at most ${CHILDREN_MAX} names`);
  const array = childrenOf(personalDoc);
  const items = array.toArray();
  const removals: number[] = [];
  const kept = new Set<string>();
  items.forEach((item, index) => {
    const name = normalizeChildName(item);
    // Exact spelling counts: `budi` replaced by `Budi` is a removal and an addition.
    if (name === undefined || name !== item || wanted.get(sameNameKey(name)) !== name || kept.has(name)) removals.push(index);
    else kept.add(name);
  });
  const additions = [...wanted.values()].filter((name) => !kept.has(name));
  if (removals.length === 0 && additions.length === 0) return;
  personalDoc.transact(() => {
    for (let i = removals.length - 1; i >= 0; i--) array.delete(removals[i]!, 1);
    if (additions.length > 0) array.push(additions);
  });
}

/** Problems of the roster (items that are not names), for validatePersonalDoc. */
export function validateChildren(personalDoc: Y.Doc): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  childrenOf(personalDoc)
    .toArray()
    .forEach((item, index) => {
      if (normalizeChildName(item) !== item) problems.push({ path: `${PersonalRoot.CHILDREN}.${index}`, problem: 'not a trimmed name' });
    });
  return problems;
}
