import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { decodeRecoveryCode } from '../../sync/recoveryCode';
import type { Identity } from '../../sync/identity';

export interface RecoverProps {
  /** The phone had her data and its storage was wiped (the marker survived). */
  wiped: boolean;
  onCode: (identity: Identity) => Promise<void>;
  /** Resolves to an error message, or undefined when restored. */
  onFile: (bytes: Uint8Array) => Promise<string | undefined>;
  onStartFresh: () => void;
}

/** Recovery instead of a silent fresh start: her recovery code, or a backup file. */
export function RecoverScreen({ wiped, onCode, onFile, onStartFresh }: RecoverProps) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const decoded = decodeRecoveryCode(code);
    if (!decoded.ok) return setError(t(`recover.${decoded.problem}`));
    setBusy(true);
    try {
      await onCode({ doc: decoded.doc, key: decoded.key });
    } catch {
      setError(t('data.failed'));
      setBusy(false);
    }
  };

  const fromFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(undefined);
    const problem = await onFile(new Uint8Array(await file.arrayBuffer())).catch(() => t('data.failed'));
    input.value = '';
    setBusy(false);
    if (problem) setError(problem);
  };

  return (
    <main class="screen recover">
      <h1>{t('recover.title')}</h1>
      {wiped && <p class="warning" role="alert">{t('recover.wiped')}</p>}
      <p>{t('recover.intro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div class="field">
          <label for="recover-code">{t('recover.codeLabel')}</label>
          <textarea
            id="recover-code"
            rows={3}
            autocapitalize="characters"
            autocomplete="off"
            spellcheck={false}
            value={code}
            aria-invalid={error ? true : undefined}
            onInput={(e) => setCode(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="primary" disabled={busy}>{t('recover.submit')}</button>
      </form>
      <div class="field">
        <label for="recover-file">{t('data.restoreLabel')}</label>
        <input id="recover-file" type="file" disabled={busy} onChange={(e) => void fromFile(e.currentTarget)} />
      </div>
      {busy && <p role="status">{t('data.working')}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      <button type="button" class="secondary" disabled={busy} onClick={onStartFresh}>{t('recover.startFresh')}</button>
    </main>
  );
}
