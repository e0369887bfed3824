import { useMemo, useState } from 'preact/hooks';
import { renderSVG } from 'uqr';
import { formatDate, t } from '../../i18n';
import type { CommunitySpace } from '../../sync/Communities';
import { createInvite, formatInviteCode, revokeInvite } from '../../sync/relayApi';
import { useWorkspace } from '../app/workspace';
import { errorMessage } from '../common/errorMessage';

/** Three ways to invite: a link, a QR code (both made on the phone, offline), a short code. */
export function InviteScreen({ space }: { space: CommunitySpace }) {
  const { relayUrl } = useWorkspace();
  const membership = space.membership();
  const link = useMemo(() => {
    const base = `${window.location.origin}${window.location.pathname}`;
    return membership ? `${base}#/join?d=${encodeURIComponent(space.name)}&k=${encodeURIComponent(membership.key)}` : '';
  }, [space.name, membership?.key]);
  const qr = useMemo(() => (link ? renderSVG(link, { ecc: 'M', border: 2 }) : ''), [link]);
  const [code, setCode] = useState<{ code: string; expiresAt: number }>();
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);

  const makeCode = async () => {
    if (!membership) return;
    setBusy(true);
    const result = await createInvite(relayUrl, space.name, membership.key);
    setBusy(false);
    if (result.ok) {
      setCode(result.value);
      setMessage(undefined);
    } else setMessage(errorMessage(result.reason));
  };
  const revoke = async () => {
    if (!membership || !code) return;
    const result = await revokeInvite(relayUrl, code.code, membership.key);
    if (result.ok) {
      setCode(undefined);
      setMessage(t('invite.revoked'));
    } else setMessage(errorMessage(result.reason));
  };

  return (
    <main class="screen">
      <a href={`#/c/${space.name}`} class="back">← {t('nav.back')}</a>
      <h1>{t('invite.title')}</h1>
      <p class="warning">{t('invite.warning')}</p>
      <div class="qr" role="img" aria-label={t('invite.qr')} dangerouslySetInnerHTML={{ __html: qr }} />
      <p class="hint">{t('invite.qrHelp')}</p>
      <div class="field">
        <label for="invite-link">{t('invite.link')}</label>
        <input id="invite-link" type="text" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
      </div>
      {code ? (
        <div class="code-box">
          <p class="code" role="status" aria-live="polite">
            {t('invite.code', { code: formatInviteCode(code.code) })}
          </p>
          <p class="hint">{t('invite.codeExpires', { date: formatDate(expiryDate(code.expiresAt)) })}</p>
          <button type="button" onClick={() => void revoke()}>{t('invite.revoke')}</button>
        </div>
      ) : (
        <button type="button" class="primary" disabled={busy} onClick={() => void makeCode()}>
          {t('invite.makeCode')}
        </button>
      )}
      {message && <p role="alert" class="error">{message}</p>}
    </main>
  );
}

/** The relay answers epoch milliseconds; accept seconds too rather than show 1970. */
function expiryDate(expiresAt: number): string {
  const ms = expiresAt < 1e12 ? expiresAt * 1000 : expiresAt;
  return new Date(ms).toISOString().slice(0, 10);
}
