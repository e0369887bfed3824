import { useState } from 'preact/hooks';
import { isDocName, isRoomKey } from '../../domain/ids';
import { t } from '../../i18n';
import { navigate, type Route } from '../app/route';
import { useWorkspace } from '../app/workspace';
import { errorMessage } from '../common/errorMessage';

/** Join with a short code read aloud at a meeting, or accept an invite link / QR code. */
export function JoinCommunity({ route }: { route: Route }) {
  const { communities } = useWorkspace();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const linkDoc = route.query.get('d');
  const linkKey = route.query.get('k');
  const fromLink = isDocName(linkDoc) && linkDoc.startsWith('c-') && isRoomKey(linkKey);

  const joinByCode = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const result = await communities.joinWithCode(code);
    setBusy(false);
    if (result.ok) navigate(`/c/${result.value}`);
    else setError(errorMessage(result.reason));
  };

  const joinByLink = async () => {
    if (!fromLink) return;
    setBusy(true);
    const doc = await communities.join(linkDoc, linkKey);
    navigate(`/c/${doc}`);
  };

  return (
    <main class="screen">
      <a href="#/communities" class="back">← {t('nav.back')}</a>
      <h1>{t('community.join.title')}</h1>
      {fromLink ? (
        <>
          <p>{t('community.join.byLink')}</p>
          <button type="button" class="primary big" disabled={busy} onClick={() => void joinByLink()}>
            {t('community.join.accept')}
          </button>
        </>
      ) : (
        <form onSubmit={joinByCode} noValidate>
          <p>{t('community.join.intro')}</p>
          <div class="field">
            <label for="join-code">{t('community.join.code')}</label>
            <input id="join-code" type="text" inputMode="text" autoCapitalize="characters" autocomplete="off"
              class="code-input" maxLength={12} value={code} aria-invalid={error ? true : undefined}
              onInput={(e) => setCode(e.currentTarget.value)} />
          </div>
          {error && <p class="error" role="alert">{error}</p>}
          <button type="submit" class="primary big" disabled={busy || code.trim().length < 6}>
            {busy ? t('community.join.joining') : t('community.join.submit')}
          </button>
        </form>
      )}
    </main>
  );
}
