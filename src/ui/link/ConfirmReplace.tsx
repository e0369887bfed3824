import { t } from '../../i18n';

/** Asked when a phone that already holds someone's journal opens a "connect" link. */
export function ConfirmReplace({ name, onConfirm, onCancel }: { name: string; onConfirm: () => void; onCancel: () => void }) {
  return (
    <main class="screen">
      <h1>{t('link.title')}</h1>
      <p>{t('link.confirmReplace', { name })}</p>
      <button type="button" class="primary" onClick={onConfirm}>
        {t('link.replace')}
      </button>
      <button type="button" class="secondary" onClick={onCancel}>
        {t('link.cancel')}
      </button>
    </main>
  );
}
