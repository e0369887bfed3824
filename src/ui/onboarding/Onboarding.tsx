import { useState } from 'preact/hooks';
import { t } from '../../i18n';

const MAX_NAME = 80;

/** First screen on a new phone: her name, once. Works offline. */
export function Onboarding({ onStart, onRecover }: { onStart: (name: string) => Promise<void>; onRecover: () => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > MAX_NAME) {
      setError(t('onboarding.nameRequired'));
      return;
    }
    setBusy(true);
    try {
      await onStart(trimmed);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="screen onboarding">
      <h1>{t('onboarding.title')}</h1>
      <p>{t('onboarding.intro')}</p>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="onboarding-name">{t('onboarding.nameLabel')}</label>
          <input
            id="onboarding-name"
            type="text"
            autocomplete="name"
            maxLength={MAX_NAME}
            placeholder={t('onboarding.namePlaceholder')}
            value={name}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'onboarding-error' : undefined}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          {error && (
            <p id="onboarding-error" class="error" role="alert">
              {error}
            </p>
          )}
        </div>
        <button type="submit" class="primary" disabled={busy}>
          {t('onboarding.start')}
        </button>
      </form>
      <button type="button" class="secondary" onClick={onRecover}>
        {t('recover.haveData')}
      </button>
    </main>
  );
}
