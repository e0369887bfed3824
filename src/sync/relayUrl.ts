import { SYNC_PATH } from '../domain/protocol';

/**
 * The websocket base URL of the relay: by default the origin the app was served from (the relay
 * serves the PWA), else a build-time `VITE_RELAY_URL`, else a device setting passed in.
 */
export function defaultRelayUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const configured = import.meta.env?.VITE_RELAY_URL as string | undefined;
  if (configured) return configured.replace(/\/+$/, '');
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${SYNC_PATH}`;
}

/** Accepts only ws:// or wss:// URLs, so a typo in a setting cannot send data elsewhere by http. */
export function isRelayUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'ws:' || url.protocol === 'wss:';
  } catch {
    return false;
  }
}
