import { afterEach, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../support/relayProcess.ts';
import { commitAckMessage, connectRaw, connectStock, newRoom, readCommitAck, readDocument, syncUrl, type StockClient } from './support/clients.ts';
import { countStoredRows, healthz, logRecords } from './support/relayHttp.ts';
import { waitFor } from './support/waitFor.ts';
import type { DocName, RoomKey } from '../../src/domain/ids.ts';

const relays: RelayProcess[] = [];
afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.kill('SIGKILL')));
});
async function start(env: Record<string, string>): Promise<RelayProcess> {
  const relay = await startRelayProcess({ env });
  relays.push(relay);
  return relay;
}

/** Waits until everything the relay received for the room so far is on disk. */
async function committed(relay: RelayProcess, doc: DocName, key: RoomKey): Promise<void> {
  const acker = connectRaw(syncUrl(relay.wsUrl, doc, key));
  await acker.opened();
  acker.send(commitAckMessage(1));
  await acker.nextMessage((m) => readCommitAck(m) === 1, 'ack');
  acker.close();
}

/** 60 separate edits (one message, so one stored row, each), including deletions. */
async function writeManyEdits(teacher: StockClient, watcher: StockClient): Promise<void> {
  const text = teacher.ydoc.getText('refleksi');
  for (let i = 0; i < 60; i++) {
    if (i % 3 === 2) text.delete(0, 2);
    else text.insert(text.length, `k${i % 10}`);
    teacher.ydoc.getMap('entries').set(`e${i % 20}`, i);
  }
  await waitFor(() => watcher.ydoc.getText('refleksi').toString() === text.toString(), { what: 'watcher caught up' });
}

describe('compaction', () => {
  it('merges stored updates once they pass COMPACT_AFTER_UPDATES, and the content (deletions too) survives a restart', async () => {
    let relay = await start({ COMPACT_AFTER_UPDATES: '10' });
    const { doc, key } = newRoom();
    const teacher = connectStock(relay.wsUrl, doc, key);
    const watcher = connectStock(relay.wsUrl, doc, key);
    await Promise.all([teacher.whenSynced(), watcher.whenSynced()]);
    await writeManyEdits(teacher, watcher);
    await committed(relay, doc, key);
    const expected = { text: teacher.ydoc.getText('refleksi').toString(), entries: teacher.ydoc.getMap('entries').toJSON() };
    teacher.destroy();
    watcher.destroy();

    // 120 updates were stored (each text edit and map set is a message of its own); once the
    // last batch is in, a compaction has left at most COMPACT_AFTER_UPDATES rows.
    await waitFor(() => logRecords(relay.logs).some((r) => r.msg === 'compacted' && r.doc === doc), { what: 'a compaction' });
    await waitFor(() => countStoredRows(relay.dataDir, doc) <= 10, { what: 'at most 10 rows left' });

    await relay.kill('SIGKILL');
    relay = await relay.restart();
    relays.push(relay);
    const copy = await readDocument(relay.wsUrl, doc, key);
    expect(copy.getText('refleksi').toString()).toBe(expected.text);
    expect(copy.getMap('entries').toJSON()).toEqual(expected.entries);
  });

  it('an idle room is unloaded (and compacted to one row), then reloads with its content', async () => {
    const relay = await start({ ROOM_IDLE_MS: '100' });
    const { doc, key } = newRoom();
    const teacher = connectStock(relay.wsUrl, doc, key);
    const watcher = connectStock(relay.wsUrl, doc, key);
    await Promise.all([teacher.whenSynced(), watcher.whenSynced()]);
    await writeManyEdits(teacher, watcher);
    await committed(relay, doc, key);
    const expected = teacher.ydoc.getText('refleksi').toString();
    expect(countStoredRows(relay.dataDir, doc)).toBeGreaterThan(50);
    teacher.destroy();
    watcher.destroy();

    await waitFor(async () => (await healthz(relay.url)).rooms === 0, { what: 'room unloaded' });
    expect(logRecords(relay.logs)).toContainEqual(expect.objectContaining({ msg: 'room unloaded', doc }));
    expect(countStoredRows(relay.dataDir, doc)).toBe(1);

    const copy = await readDocument(relay.wsUrl, doc, key);
    expect(copy.getText('refleksi').toString()).toBe(expected);
    expect(logRecords(relay.logs).filter((r) => r.msg === 'room loaded' && r.doc === doc)).toHaveLength(2);
  });
});
