/**
 * The stable address of a shared text in its document, as the history document names it:
 * the keys from the top-level map down to the text, joined by `/` (`solutions/<id>/text`,
 * `meetings/<id>/minutes`, `trials/<id>/reflection`). Every phone computes the same path for the
 * same text, since record ids and field names are the same everywhere.
 */
import * as Y from 'yjs';

/** The path of `text` in its document, or undefined when it is not reachable through map keys. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any shared type (Y.Text's event type is narrower)
export function textPath(text: Y.AbstractType<any>): string | undefined {
  const doc = text.doc;
  if (!doc) return undefined;
  const keys: string[] = [];
  let type: Y.AbstractType<unknown> = text as Y.AbstractType<unknown>;
  for (let depth = 0; depth < 8; depth++) {
    const item = type._item;
    if (item === null) {
      for (const [name, root] of doc.share) if (root === type) return [name, ...keys].join('/');
      return undefined;
    }
    if (item.deleted || typeof item.parentSub !== 'string') return undefined; // in an array, or gone
    keys.unshift(item.parentSub);
    type = item.parent as Y.AbstractType<unknown>;
  }
  return undefined;
}
