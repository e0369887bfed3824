import { lazy, Suspense } from 'preact/compat';
import { useContext, useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type * as Y from 'yjs';
import { t } from '../../i18n';
import { TextHistoryContext } from './historyContext';
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

// Loaded when she first opens a Riwayat: the journal's fields never need it.
const TextHistoryPanel = lazy(() => import('./TextHistoryPanel').then((m) => ({ default: m.TextHistoryPanel })));

/**
 * A labelled field whose content is a shared Y.Text (see `bindText`). Inside a community's
 * `TextHistoryContext` it also records her editing sessions and offers *Riwayat* (version history).
 */
export function CollabText({ text, label, hint, multiline = true, readOnly = false, name, editors, onFocusChange }: Props) {
  const id = useId();
  const ref = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const scope = useContext(TextHistoryContext);
  const history = scope && text.doc === scope.doc ? scope : undefined;
  const path = history?.history.pathOf(text);
  const [showHistory, setShowHistory] = useState(false);

  // Her session on this text ends when she leaves the field or the field leaves the screen.
  useEffect(() => (history && path ? history.history.track(text) : undefined), [history, path, text]);
  const focusChanged = (focused: boolean) => {
    if (!focused && history && path) history.history.endSession(path);
    onFocusChange?.(focused);
  };

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
          onFocus={() => focusChanged(true)} onBlur={() => focusChanged(false)} />
      ) : (
        <input id={id} name={name} ref={ref} type="text" readOnly={readOnly} aria-describedby={hintId}
          onFocus={() => focusChanged(true)} onBlur={() => focusChanged(false)} />
      )}
      {history && path && (
        <button type="button" class="secondary history-toggle" aria-expanded={showHistory} aria-label={t('history.openLabel', { label })}
          onClick={() => setShowHistory(!showHistory)}>
          {t('history.open')}
        </button>
      )}
      {history && path && showHistory && (
        <Suspense fallback={<p role="status">{t('history.loading')}</p>}>
          <TextHistoryPanel scope={history} text={text} path={path} label={label} readOnly={readOnly} onClose={() => setShowHistory(false)} />
        </Suspense>
      )}
    </div>
  );
}
