/** The teacher's profile in her personal document: `profile.name`, `profile.updatedAt`. */
import type * as Y from 'yjs';
import { DomainError } from './DomainError';
import { PersonalRoot, ProfileKey } from './schema';

/** Longest name, in characters (code points) after trimming. */
export const PROFILE_NAME_MAX = 80;

// Control characters (newlines, tabs, NUL...) have no place in a name shown on one line.
const CONTROL = /\p{Cc}/u;

/** The trimmed name if it is acceptable, else undefined: 1..80 characters, no control characters. */
export function normalizeProfileName(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  const trimmed = name.trim();
  const length = [...trimmed].length;
  if (length < 1 || length > PROFILE_NAME_MAX || CONTROL.test(trimmed)) return undefined;
  return trimmed;
}

/** Sets the teacher's name (trimmed). Throws DomainError('invalid-name') outside 1..80 characters. */
export function setProfileName(doc: Y.Doc, name: string, now: number): void {
  const normalized = normalizeProfileName(name);
  if (normalized === undefined) throw new DomainError('invalid-name', 'a name has 1 to 80 characters');
  const profile = doc.getMap<unknown>(PersonalRoot.PROFILE);
  doc.transact(() => {
    profile.set(ProfileKey.NAME, normalized);
    profile.set(ProfileKey.UPDATED_AT, now);
  });
}

/** The teacher's name, or undefined when she has not given one (or it is not a usable string). */
export function getProfileName(doc: Y.Doc): string | undefined {
  const name = doc.getMap<unknown>(PersonalRoot.PROFILE).get(ProfileKey.NAME);
  return typeof name === 'string' && name.trim() !== '' ? name : undefined;
}
