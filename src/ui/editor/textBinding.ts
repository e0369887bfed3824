import type * as Y from 'yjs';
import { diffText, transformPosition } from '../../domain/textDiff';

type TextField = HTMLTextAreaElement | HTMLInputElement;

/**
 * Binds a textarea or input to a Y.Text, both ways.
 *
 * Every `input` event (also during IME composition, which Android keyboards use for every word)
 * becomes one splice in one Yjs transaction, so the field and the Y.Text never drift apart and
 * no keystroke waits for a later event to be saved. A remote change rewrites the field's value and
 * moves her caret and selection through the change, so a colleague typing in the same field never
 * moves her cursor or eats her letters.
 */
export function bindText(field: TextField, text: Y.Text): () => void {
  const origin = { field }; // identifies our own transactions in the observer
  let shown = text.toString();
  field.value = shown;

  const onInput = () => {
    const next = field.value;
    const splice = diffText(shown, next, field.selectionEnd ?? next.length);
    shown = next;
    if (!splice) return;
    text.doc!.transact(() => {
      if (splice.remove > 0) text.delete(splice.index, splice.remove);
      if (splice.insert) text.insert(splice.index, splice.insert);
    }, origin);
  };

  const onRemote = (event: Y.YTextEvent, transaction: Y.Transaction) => {
    if (transaction.origin === origin) return;
    const focused = field.ownerDocument.activeElement === field;
    const start = field.selectionStart ?? 0;
    const end = field.selectionEnd ?? 0;
    const direction = field.selectionDirection ?? 'none';
    const { scrollTop } = field;
    shown = text.toString();
    field.value = shown;
    if (focused) {
      const delta = event.delta as Array<{ insert?: unknown; retain?: number; delete?: number }>;
      field.setSelectionRange(transformPosition(start, delta), transformPosition(end, delta), direction);
    }
    field.scrollTop = scrollTop;
    field.dispatchEvent(new Event('sejawat:remote-change'));
  };

  field.addEventListener('input', onInput);
  text.observe(onRemote);
  return () => {
    field.removeEventListener('input', onInput);
    text.unobserve(onRemote);
  };
}
