import { useEffect, useState } from 'preact/hooks';
import type * as Y from 'yjs';
import { listVersions, type TextVersion } from '../../domain/history/versions';
import { diffText } from '../../domain/textDiff';
import { formatDateTime, t } from '../../i18n';
import type { TextHistoryScope } from './historyContext';

interface Props {
  scope: TextHistoryScope;
  text: Y.Text;
  path: string;
  label: string;
  /** She may read the history but not restore (her role cannot edit this text). */
  readOnly: boolean;
  onClose: () => void;
}

/**
 * *Riwayat* of one shared text: its recorded versions, newest first, with who wrote each and what
 * differs from the text now (highlighted), and "Pulihkan versi ini" with a confirmation.
 */
export function TextHistoryPanel({ scope, text, path, label, readOnly, onClose }: Props) {
  const [versions, setVersions] = useState<TextVersion[] | undefined>();
  const [failed, setFailed] = useState(false);
  const [current, setCurrent] = useState(() => text.toString());
  const [confirming, setConfirming] = useState<string | undefined>();
  const [restored, setRestored] = useState<number | undefined>();

  useEffect(() => {
    let live = true;
    let stop = () => {};
    scope.history.doc().then(
      (history) => {
        if (!live) return;
        const doc = history.local.doc;
        const update = () => setVersions(listVersions(doc, path));
        update();
        doc.on('update', update);
        stop = () => doc.off('update', update);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
      stop();
    };
  }, [scope, path]);

  useEffect(() => {
    const update = () => setCurrent(text.toString());
    update();
    text.observe(update);
    return () => text.unobserve(update);
  }, [text]);

  const restore = async (version: TextVersion) => {
    setConfirming(undefined);
    await scope.history.restore(text, version);
    setRestored(version.at);
  };

  return (
    <section class="history card" aria-label={t('history.title', { label })}>
      <div class="row">
        <h3>{t('history.title', { label })}</h3>
        <button type="button" class="secondary" onClick={onClose}>{t('history.close')}</button>
      </div>
      {restored !== undefined && <p role="status">{t('history.restored', { time: formatDateTime(restored) })}</p>}
      {failed ? (
        <p class="error" role="alert">{t('history.unavailable')}</p>
      ) : !versions ? (
        <p role="status">{t('history.loading')}</p>
      ) : versions.length === 0 ? (
        <p class="empty">{t('history.empty')}</p>
      ) : (
        <ol class="versions">
          {versions.map((v) => {
            const time = formatDateTime(v.at);
            const name = scope.nameOf(v.by);
            const same = v.text === current;
            return (
              <li key={v.id} class="version">
                <p class="hint">
                  <strong>{t('history.version', { time, name })}</strong>
                  {v.restoredFrom !== undefined && ` · ${t('history.restoredFrom', { time: formatDateTime(v.restoredFrom) })}`}
                  {same && ` · ${t('history.current')}`}
                </p>
                <VersionPreview version={v.text} current={current} />
                {!same && !readOnly && confirming !== v.id && (
                  <button type="button" aria-label={t('history.restoreLabel', { time, name })} onClick={() => setConfirming(v.id)}>
                    {t('history.restore')}
                  </button>
                )}
                {confirming === v.id && (
                  <div role="alertdialog" aria-label={t('history.restore')} class="confirm">
                    <p>{t('history.confirm', { time, name })}</p>
                    <div class="row">
                      <button type="button" onClick={() => void restore(v)}>{t('history.confirmYes')}</button>
                      <button type="button" class="secondary" onClick={() => setConfirming(undefined)}>{t('history.cancel')}</button>
                    </div>
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/** The version's text, with the stretch that differs from the text now marked. */
function VersionPreview({ version, current }: { version: string; current: string }) {
  if (version === '') return <p class="version-text empty">{t('history.emptyText')}</p>;
  const splice = diffText(current, version, version.length);
  if (!splice || splice.insert === '') return <p class="version-text">{version}</p>;
  const end = splice.index + splice.insert.length;
  return (
    <p class="version-text">
      {version.slice(0, splice.index)}
      <mark>{version.slice(splice.index, end)}</mark>
      {version.slice(end)}
    </p>
  );
}
