import { useMemo, useState } from 'preact/hooks';
import { renderSVG } from 'uqr';
import { t } from '../../i18n';
import { makeDeviceLink } from '../../sync/deviceLink';
import type { Identity } from '../../sync/identity';

/** "Hubungkan HP lain": a link and a QR code, both made on the phone with no network. */
export function LinkDevice({ identity }: { identity: Identity }) {
  const link = useMemo(
    () => makeDeviceLink(`${window.location.origin}${window.location.pathname}`, identity.doc, identity.key),
    [identity],
  );
  const qr = useMemo(() => renderSVG(link, { ecc: 'M', border: 2 }), [link]);
  const [copied, setCopied] = useState(false);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      // Clipboard refused (e.g. plain http): the link stays selectable in the field above.
    }
  };

  return (
    <main class="screen link-device">
      <a href="#/" class="back">
        ← {t('nav.back')}
      </a>
      <h1>{t('link.title')}</h1>
      <p>{t('link.intro')}</p>
      <div class="qr" role="img" aria-label={t('link.qrLabel')} dangerouslySetInnerHTML={{ __html: qr }} />
      <div class="field">
        <label for="device-link">{t('link.linkLabel')}</label>
        <input id="device-link" type="text" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
      </div>
      <button type="button" onClick={() => void copy()}>
        {copied ? t('link.copied') : t('link.copy')}
      </button>
      <p class="warning">{t('link.warning')}</p>
    </main>
  );
}
