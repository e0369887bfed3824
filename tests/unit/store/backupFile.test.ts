import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocKind, newDocName, newRoomKey } from '../../../src/domain/ids';
import { BACKUP_MAGIC, decodeBackup, encodeBackup, toHex, type BackupContents } from '../../../src/store/backupFile';

async function sample(): Promise<BackupContents> {
  const personal = newDocName(DocKind.PERSONAL);
  const community = newDocName(DocKind.COMMUNITY);
  const journal = new Y.Doc();
  journal.getMap('entries').set('e1', 'Anak belum mau menunggu giliran.');
  const group = new Y.Doc();
  group.getText('name').insert(0, 'KKG Melati');
  const photo = new TextEncoder().encode('not really a webp');
  const hash = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', photo)));
  return {
    createdAt: 1_780_000_000_000,
    personal,
    rooms: [
      { doc: personal, key: newRoomKey(), kind: 'personal' },
      { doc: community, key: newRoomKey(), kind: 'community' },
    ],
    docs: [
      { doc: personal, update: Y.encodeStateAsUpdate(journal) },
      { doc: community, update: Y.encodeStateAsUpdate(group) },
    ],
    attachments: [{ hash, type: 'image/webp', bytes: photo }],
  };
}

describe('the backup file', () => {
  it('gives back exactly what went in', async () => {
    const contents = await sample();
    const decoded = await decodeBackup(await encodeBackup(contents));
    expect(decoded).toEqual({ ok: true, contents });
    const restored = new Y.Doc();
    if (decoded.ok) Y.applyUpdate(restored, decoded.contents.docs[0]!.update);
    expect(restored.getMap('entries').get('e1')).toBe('Anak belum mau menunggu giliran.');
  });

  it('calls a photo, a text file or an empty file foreign', async () => {
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
    expect(await decodeBackup(jpeg)).toEqual({ ok: false, problem: 'foreign' });
    expect(await decodeBackup(new TextEncoder().encode('{"hello":"world"}'))).toEqual({ ok: false, problem: 'foreign' });
    expect(await decodeBackup(new Uint8Array())).toEqual({ ok: false, problem: 'foreign' });
  });

  it('says a file from a newer Sejawat needs an update', async () => {
    const file = await encodeBackup(await sample());
    file[BACKUP_MAGIC.length] = 2;
    expect(await decodeBackup(file)).toEqual({ ok: false, problem: 'newer-version' });
  });

  it('says a cut-off file is incomplete, wherever it was cut', async () => {
    const file = await encodeBackup(await sample());
    for (const length of [5, BACKUP_MAGIC.length + 3, 60, file.length - 40, file.length - 1]) {
      expect(await decodeBackup(file.slice(0, length))).toEqual({ ok: false, problem: 'truncated' });
    }
  });

  it('says a changed byte anywhere, or bytes added at the end, make it damaged', async () => {
    const file = await encodeBackup(await sample());
    for (const at of [BACKUP_MAGIC.length + 8, Math.floor(file.length / 2), file.length - 50, file.length - 1]) {
      const changed = file.slice();
      changed[at] = changed[at]! ^ 0x01;
      const decoded = await decodeBackup(changed);
      expect(decoded.ok).toBe(false);
      expect(decoded).not.toEqual({ ok: false, problem: 'foreign' });
    }
    const longer = new Uint8Array(file.length + 3);
    longer.set(file);
    expect(await decodeBackup(longer)).toEqual({ ok: false, problem: 'damaged' });
  });

  it('refuses a well-formed file whose manifest lies (bad key, a document without its room)', async () => {
    const contents = await sample();
    const withoutRoom = { ...contents, rooms: contents.rooms.slice(0, 1) };
    expect(await decodeBackup(await encodeBackup(withoutRoom))).toEqual({ ok: false, problem: 'damaged' });
    const badKey = { ...contents, rooms: [{ ...contents.rooms[0]!, key: 'short' as never }, contents.rooms[1]!] };
    expect(await decodeBackup(await encodeBackup(badKey))).toEqual({ ok: false, problem: 'damaged' });
    const wrongHash = { ...contents, attachments: [{ ...contents.attachments[0]!, hash: '0'.repeat(64) }] };
    expect(await decodeBackup(await encodeBackup(wrongHash))).toEqual({ ok: false, problem: 'damaged' });
    const garbageUpdate = { ...contents, docs: [{ doc: contents.personal, update: Uint8Array.from([200, 1, 2]) }] };
    expect(await decodeBackup(await encodeBackup(garbageUpdate))).toEqual({ ok: false, problem: 'damaged' });
  });
});
