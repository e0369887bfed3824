/** One splice that turns `before` into `after`: delete `remove` chars at `index`, insert `insert`. */
export interface Splice {
  index: number;
  remove: number;
  insert: string;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The smallest single splice from `before` to `after`. `cursor` (the caret after the edit) breaks
 * ties in repeated characters, so typing "a" before "a" is an insert at the caret, which keeps
 * concurrent edits by a colleague anchored where she expects. Never splits a surrogate pair (an
 * emoji), which Y.Text would otherwise store as two broken halves.
 */
export function diffText(before: string, after: string, cursor = after.length): Splice | undefined {
  if (before === after) return undefined;
  const growth = after.length - before.length;
  const minLength = Math.min(before.length, after.length);
  // The unchanged prefix cannot extend past the caret's position before the edit.
  const prefixLimit = Math.max(0, Math.min(minLength, cursor - Math.max(growth, 0)));
  let prefix = 0;
  while (prefix < prefixLimit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  const suffixLimit = minLength - prefix;
  while (
    suffix < suffixLimit &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  if (prefix > 0 && isHighSurrogate(after.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLowSurrogate(after.charCodeAt(after.length - suffix))) suffix--;
  return {
    index: prefix,
    remove: before.length - prefix - suffix,
    insert: after.slice(prefix, after.length - suffix),
  };
}

/**
 * Where a caret at `position` moves when a remote change (a Y.Text delta over the old text) is
 * applied. Text inserted exactly at her caret goes after it, so the caret stays with her own words.
 */
export function transformPosition(
  position: number,
  delta: ReadonlyArray<{ insert?: unknown; retain?: number; delete?: number }>,
): number {
  let oldIndex = 0;
  let moved = position;
  for (const op of delta) {
    if (oldIndex >= position) break;
    if (op.retain !== undefined) {
      oldIndex += op.retain;
    } else if (op.delete !== undefined) {
      moved -= Math.min(op.delete, position - oldIndex);
      oldIndex += op.delete;
    } else if (typeof op.insert === 'string') {
      moved += op.insert.length;
    }
  }
  return moved;
}
