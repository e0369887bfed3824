/**
 * Parsing of the websocket URL `/sync/<doc>?key=<key>` (what a stock y-websocket client builds from
 * `new WebsocketProvider(base + '/sync', doc, ydoc, { params: { key } })`).
 */
import { isDocName, isRoomKey, type DocName, type RoomKey } from '../src/domain/ids.ts';
import { SYNC_PATH } from '../src/domain/protocol.ts';

export type SyncTarget =
  | { readonly kind: 'sync'; readonly doc: DocName; readonly key: RoomKey }
  | { readonly kind: 'bad-request'; readonly reason: 'bad-doc-name' | 'missing-key' | 'malformed-key' }
  | { readonly kind: 'not-sync' };

export function parseSyncTarget(rawUrl: string): SyncTarget {
  // By hand rather than `new URL(raw, base)`: that reads `//host/x` as another host.
  const queryAt = rawUrl.indexOf('?');
  const path = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  if (path !== SYNC_PATH && !path.startsWith(SYNC_PATH + '/')) return { kind: 'not-sync' };
  // The raw segment: the name pattern has no character that needs percent-encoding, so an
  // encoded name is simply not a valid name.
  const doc = path.slice(SYNC_PATH.length + 1);
  if (!isDocName(doc)) return { kind: 'bad-request', reason: 'bad-doc-name' };
  const key = new URLSearchParams(queryAt < 0 ? '' : rawUrl.slice(queryAt + 1)).get('key');
  if (key === null || key === '') return { kind: 'bad-request', reason: 'missing-key' };
  if (!isRoomKey(key)) return { kind: 'bad-request', reason: 'malformed-key' };
  return { kind: 'sync', doc, key };
}
