import { useId, useLayoutEffect, useRef } from 'preact/hooks';
import type * as Y from 'yjs';
import { t } from '../../i18n';
import { bindText } from './textBinding';

interface Props {
  text: Y.Text;
  label: string;
  hint?: string;
  multiline?: boolean;
  readOnly?: boolean;
  name?: string;
  /** Colleagues writing in this field right now (presence), shown beside the label. */
  editors?: string[];
  onFocusChange?: (focused: boolean) => void;
}

/** A labelled field whose content is a shared Y.Text (see `bindText`). */
export function CollabText({ text, label, hint, multiline = true, readOnly = false, name, editors, onFocusChange }: Props) {
  const id = useId();
  const ref = useRef<HTMLTextAreaElement & HTMLInputElement>(null);

  // A layout effect: the field shows her text in the same frame it appears, never empty first.
  useLayoutEffect(() => {
    const field = ref.current;
    if (!field) return undefined;
    const grow = () => {
      if (field instanceof HTMLTextAreaElement) {
        field.style.height = 'auto';
        field.style.height = `${field.scrollHeight + 2}px`;
      }
    };
    const unbind = bindText(field, text);
    grow();
    field.addEventListener('input', grow);
    field.addEventListener('sejawat:remote-change', grow);
    return () => {
      unbind();
      field.removeEventListener('input', grow);
      field.removeEventListener('sejawat:remote-change', grow);
    };
  }, [text]);

  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {editors && editors.length > 0 && (
        <p class="editing" aria-live="polite">
          {editors.map((who) => t('meeting.editing', { name: who })).join(' · ')}
        </p>
      )}
      {hint && (
        <p id={hintId} class="hint">
          {hint}
        </p>
      )}
      {multiline ? (
        <textarea id={id} name={name} ref={ref} rows={3} readOnly={readOnly} aria-describedby={hintId}
          onFocus={() => onFocusChange?.(true)} onBlur={() => onFocusChange?.(false)} />
      ) : (
        <input id={id} name={name} ref={ref} type="text" readOnly={readOnly} aria-describedby={hintId}
          onFocus={() => onFocusChange?.(true)} onBlur={() => onFocusChange?.(false)} />
      )}
    </div>
  );
}
