import 'fake-indexeddb/auto';
import * as idb from 'lib0/indexeddb';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newDocName, newRoomKey, DocKind } from '../../../src/domain/ids';
import { SejawatDb } from '../../../src/store/db';
import { openLocalDoc } from '../../../src/store/localDoc';
import { isSameAsSynced, rememberRoom } from '../../../src/store/rooms';

async function freshDevice() {
  const db = new SejawatDb(`test-${Math.random()}`);
  const name = newDocName(DocKind.PERSONAL);
  await rememberRoom(db, { doc: name, key: newRoomKey(), kind: 'personal' });
  return { db, name };
}

describe('the journal on the phone', () => {
  it('what she typed is there after the app is closed and reopened', async () => {
    const { db, name } = await freshDevice();
    const first = await openLocalDoc(db, name);
    first.doc.getText('gap').insert(0, 'Anak belum mau menunggu giliran.');
    await first.close();

    const again = await openLocalDoc(db, name);
    expect(again.doc.getText('gap').toString()).toBe('Anak belum mau menunggu giliran.');
    expect(again.quarantined).toBe(0);
    await again.close();
  });

  it('a damaged record is set aside, kept, and everything else still opens', async () => {
    const { db, name } = await freshDevice();
    const first = await openLocalDoc(db, name);
    first.doc.getText('gap').insert(0, 'masih ada');
    await first.close();

    const raw = await idb.openDB(name, () => {});
    const [store] = idb.transact(raw, ['updates']);
    await idb.addAutoKey(store!, new Uint8Array([0xff, 0xff, 0xff, 0x07, 0x01]) as unknown as ArrayBuffer);
    await idb.addAutoKey(store!, 'not even bytes');
    raw.close();

    const again = await openLocalDoc(db, name);
    expect(again.doc.getText('gap').toString()).toBe('masih ada');
    expect(again.quarantined).toBe(2);
    expect(await db.quarantine.where('doc').equals(name).count()).toBe(2);
    await again.close();
  });
});

describe('knowing after a restart whether the relay has everything', () => {
  it('the confirmed snapshot matches the reopened document until she changes anything, deletions included', async () => {
    const { db, name } = await freshDevice();
    const first = await openLocalDoc(db, name);
    const text = first.doc.getText('activity');
    text.insert(0, 'Anak-anak bermain balok bersama.');
    const confirmed = Y.encodeSnapshot(Y.snapshot(first.doc));
    await first.close();

    const again = await openLocalDoc(db, name);
    expect(isSameAsSynced(again.doc, confirmed)).toBe(true);
    again.doc.getText('activity').delete(0, 5); // a deletion alone leaves the state vector unchanged
    expect(isSameAsSynced(again.doc, confirmed)).toBe(false);
    expect(isSameAsSynced(again.doc, undefined)).toBe(false);
    expect(isSameAsSynced(again.doc, new Uint8Array([1, 2, 3]))).toBe(false);
    await again.close();
  });
});
