/**
 * "offline/online and visibility events trigger one attempt, not a burst": the app's DocSync, with
 * the browser's window/document/navigator stood in by EventTargets, against an address where no
 * relay listens (every attempt fails at once). Backoff retries are pushed a minute away, so every
 * attempt seen here comes from the events.
 */
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { DocKind, newDocName, newRoomKey } from '../../src/domain/ids';
import { DocSync } from '../../src/sync/DocSync';
import { RECONNECT_TIMING } from '../../src/sync/reconnect';
import { SyncState } from '../../src/sync/SyncState';
import { waitFor } from './support/waitFor';

afterAll(() => {
  vi.unstubAllGlobals();
});

async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('network and visibility events', () => {
  it('several at once make one attempt, a later one makes one more, and none while offline', async () => {
    const win = new EventTarget();
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    vi.stubGlobal('window', win);
    vi.stubGlobal('document', doc);
    vi.stubGlobal('navigator', { onLine: true });

    let attempts = 0;
    let closes = 0;
    class CountingWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols);
        attempts++;
        this.on('close', () => closes++);
        this.on('error', () => {});
      }
    }
    const sync = new DocSync({
      name: newDocName(DocKind.PERSONAL),
      key: newRoomKey(),
      doc: new Y.Doc(),
      relayUrl: `ws://127.0.0.1:${await deadPort()}/sync`,
      startsSynced: false,
      WebSocketPolyfill: CountingWebSocket as unknown as typeof globalThis.WebSocket,
      reconnect: { timing: { ...RECONNECT_TIMING, floorMs: 60_000, baseMs: 60_000, capMs: 60_000 } },
    });
    try {
      await waitFor(() => attempts === 1 && closes === 1, { what: 'the first attempt failed' });
      expect(sync.state).toBe(SyncState.LOCAL);

      // The phone comes back online and to the foreground in the same moment, with repeats.
      for (let i = 0; i < 3; i++) win.dispatchEvent(new Event('online'));
      doc.dispatchEvent(new Event('visibilitychange'));
      doc.dispatchEvent(new Event('visibilitychange'));
      await waitFor(() => closes === 2, { what: 'the nudged attempt failed' });
      expect(attempts).toBe(2);

      // Later events each make one attempt again.
      win.dispatchEvent(new Event('online'));
      await waitFor(() => closes === 3, { what: 'one more attempt' });
      expect(attempts).toBe(3);

      // Offline: returning to the foreground makes no attempt; coming back online makes one.
      (navigator as { onLine: boolean }).onLine = false;
      win.dispatchEvent(new Event('offline'));
      doc.dispatchEvent(new Event('visibilitychange'));
      expect(sync['reconnector'].pending).toBe(false);
      (navigator as { onLine: boolean }).onLine = true;
      win.dispatchEvent(new Event('online'));
      await waitFor(() => closes === 4, { what: 'the attempt after coming back online' });
      expect(attempts).toBe(4);
    } finally {
      sync.destroy();
    }
  });
});
