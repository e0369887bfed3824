/**
 * Restoring an earlier version: the difference from the live text to the chosen version, applied
 * as one edit on the live `Y.Text` (never a replacement of the whole field), so what a colleague
 * types at the same time, outside the changed stretch, still merges. The caller records the
 * restore as a new version (`recordVersion` with `restoredFrom`).
 */
import type * as Y from 'yjs';
import { diffText } from '../textDiff';

/** Origin of the restore's transaction. */
export const RESTORE_ORIGIN = 'sejawat:restore';

/** Makes `live` read `target` with one splice; false when it already does. */
export function restoreText(live: Y.Text, target: string): boolean {
  const splice = diffText(live.toString(), target, target.length);
  if (!splice) return false;
  const apply = () => {
    if (splice.remove > 0) live.delete(splice.index, splice.remove);
    if (splice.insert) live.insert(splice.index, splice.insert);
  };
  if (live.doc) live.doc.transact(apply, RESTORE_ORIGIN);
  else apply();
  return true;
}
