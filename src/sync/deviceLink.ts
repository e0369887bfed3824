import { isDocName, isRoomKey, type DocName, type RoomKey } from '../domain/ids';

/**
 * The "connect another phone" link. The document name and key travel in the URL fragment, which
 * browsers never send to a server, so the key does not end up in any access log.
 */
export function makeDeviceLink(appUrl: string, doc: DocName, key: RoomKey): string {
  const base = appUrl.replace(/#.*$/, '');
  return `${base}#/link?d=${encodeURIComponent(doc)}&k=${encodeURIComponent(key)}`;
}

/** Parses the `d` and `k` parameters of a link route; undefined when incomplete or malformed. */
export function parseDeviceLink(query: URLSearchParams): { doc: DocName; key: RoomKey } | undefined {
  const doc = query.get('d');
  const key = query.get('k');
  if (!isDocName(doc) || !isRoomKey(key) || !doc.startsWith('p-')) return undefined;
  return { doc, key };
}
