import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';

type UpdateSW = (reloadPage?: boolean) => Promise<void>;

/**
 * Offers a new app version; applies it only when the teacher taps, so the page never reloads
 * under her while she types. The service worker is registered lazily (virtual:pwa-register pulls
 * workbox-window, which the first screen does not need).
 */
export function UpdatePrompt() {
  const [needRefresh, setNeedRefresh] = useState(false);
  const [offlineReady, setOfflineReady] = useState(false);
  const [updateSW, setUpdateSW] = useState<UpdateSW | undefined>(undefined);

  useEffect(() => {
    if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
    let cancelled = false;
    void import('virtual:pwa-register').then(({ registerSW }) => {
      if (cancelled) return;
      const update = registerSW({
        onNeedRefresh: () => setNeedRefresh(true),
        onOfflineReady: () => setOfflineReady(true),
      });
      setUpdateSW(() => update);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  if (needRefresh) {
    return (
      <div class="banner" role="alert">
        <span>{t('update.available')}</span>
        <button type="button" onClick={() => void updateSW?.(true)}>
          {t('update.apply')}
        </button>
        <button type="button" class="secondary" onClick={() => setNeedRefresh(false)}>
          {t('update.later')}
        </button>
      </div>
    );
  }
  if (offlineReady) {
    return (
      <div class="banner" role="status">
        <span>{t('update.offlineReady')}</span>
        <button type="button" class="secondary" onClick={() => setOfflineReady(false)}>
          {t('update.dismiss')}
        </button>
      </div>
    );
  }
  return null;
}
