/**
 * Two phones thirty days apart meet through the real relay (tests/fixtures/makeMonthApart.ts):
 * each connects with its month of offline edits, both end up "Tersinkron" with the same document,
 * and the relay's storage holds it all (read back after a kill -9). The merge time is a figure of
 * `npm run bench` (section 8), not asserted here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CommunityRoot, listProblems } from '../../src/domain';
import { DocSync } from '../../src/sync/DocSync';
import { SyncState } from '../../src/sync/SyncState';
import { makeMonthApart } from '../fixtures/makeMonthApart';
import { startRelayProcess, type RelayProcess } from '../support/relayProcess';
import { newRoom, readDocument } from './support/clients';

const Polyfill = WebSocket as unknown as typeof globalThis.WebSocket;

/** The community document's content, whichever of its roots this Y.Doc instance has touched. */
function content(doc: Y.Doc): Record<string, unknown> {
  return Object.fromEntries(Object.values(CommunityRoot).map((root) => [root, doc.getMap(root).toJSON()]));
}

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelayProcess();
});
afterAll(async () => {
  await relay?.kill('SIGKILL');
});

describe('thirty days apart, through the relay', () => {
  it('both phones converge and the relay stores the union', { timeout: 60_000 }, async () => {
    const { phones } = makeMonthApart({ days: 30 });
    const { doc: name, key } = newRoom();
    const syncs = phones.map(
      (phone) => new DocSync({ name, key, doc: phone.community, relayUrl: relay.wsUrl, startsSynced: false, WebSocketPolyfill: Polyfill }),
    );
    try {
      await expect.poll(() => syncs.every((s) => s.state === SyncState.SYNCED), { timeout: 40_000 }).toBe(true);
      const [a, b] = phones;
      const vector = (doc: Y.Doc) => Array.from(Y.encodeStateVector(doc)).join(',');
      await expect.poll(() => vector(a.community) === vector(b.community), { timeout: 20_000 }).toBe(true);
      expect(content(a.community)).toEqual(content(b.community));
      const ids = new Set(listProblems(a.community).map((p) => p.id));
      for (const id of [...a.problems, ...b.problems]) expect(ids.has(id)).toBe(true);

      await relay.kill('SIGKILL');
      relay = await relay.restart();
      const stored = await readDocument(relay.wsUrl, name, key);
      expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(a.community));
      expect(content(stored)).toEqual(content(a.community));
    } finally {
      for (const sync of syncs) sync.destroy();
    }
  });
});
