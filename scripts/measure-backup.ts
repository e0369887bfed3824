/**
 * Figures for the backup file and the data screen (issue 6): the size of a backup of a typical
 * personal year and how long reading and merging it takes, and the bytes a typical sync sends.
 *
 *   npx tsx scripts/measure-backup.ts
 *
 * "A typical personal year": 180 school days of journal entries (five fields each, typed in small
 * chunks as the editor does), membership in one community whose document is a full community year
 * of the learning cycle (tests/fixtures/makeCycleYear.ts), and 20 photos of 120 KB.
 */
import 'fake-indexeddb/auto';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { createJournalEntry, getJournalEntry, initPersonalDoc } from '../src/domain';
import { DocKind, newDocName, newRoomKey, type RecordId } from '../src/domain/ids';
import { decodeBackup, encodeBackup, toHex } from '../src/store/backupFile';
import { makeCycleYear } from '../tests/fixtures/makeCycleYear';

const DAY = 86_400_000;
const start = Date.UTC(2025, 6, 14);

function typeInChunks(text: Y.Text, value: string): void {
  for (let i = 0; i < value.length; i += 12) text.insert(text.length, value.slice(i, i + 12));
}

const personal = new Y.Doc();
initPersonalDoc(personal, start);
for (let day = 0; day < 180; day++) {
  const at = start + Math.floor(day * 1.4) * DAY;
  const id = createJournalEntry(personal, { date: new Date(at).toISOString().slice(0, 10), now: at, id: `day${day}` as RecordId });
  const entry = getJournalEntry(personal, id)!;
  typeInChunks(entry.texts.className, `Kelompok ${'AB'[day % 2]}${(day % 3) + 1}`);
  typeInChunks(entry.texts.activity, `Hari ${day}: anak-anak bermain balok di sentra bangun, lalu bercerita tentang bangunannya. Raka dan Dinda berebut balok panjang. `);
  typeInChunks(entry.texts.expected, 'Anak bergantian memakai balok dan bercerita tentang bangunannya. ');
  typeInChunks(entry.texts.gap, 'Anak belum mau menunggu giliran; saya langsung melerai. ');
  typeInChunks(entry.texts.actions, 'Saya mengajak mereka membuat aturan giliran bersama. ');
}
const community = makeCycleYear().doc;
const personalName = newDocName(DocKind.PERSONAL);
const communityName = newDocName(DocKind.COMMUNITY);

const photos = await Promise.all(
  Array.from({ length: 20 }, async (_, i) => {
    const bytes = new Uint8Array(120 * 1024);
    for (let j = 0; j < bytes.length; j++) bytes[j] = (j * 31 + i * 7) & 255;
    return { hash: toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))), type: 'image/webp', bytes };
  }),
);

const personalUpdate = Y.encodeStateAsUpdate(personal);
const communityUpdate = Y.encodeStateAsUpdate(community);
const contents = {
  createdAt: Date.now(),
  personal: personalName,
  rooms: [
    { doc: personalName, key: newRoomKey(), kind: 'personal' as const },
    { doc: communityName, key: newRoomKey(), kind: 'community' as const },
  ],
  docs: [
    { doc: personalName, update: personalUpdate },
    { doc: communityName, update: communityUpdate },
  ],
};
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

for (const [label, attachments] of [['without photos', []], ['with 20 photos', photos]] as const) {
  const t0 = performance.now();
  const file = await encodeBackup({ ...contents, attachments: [...attachments] });
  const t1 = performance.now();
  const decoded = await decodeBackup(file);
  if (!decoded.ok) throw new Error(decoded.problem);
  const fresh = [new Y.Doc(), new Y.Doc()];
  decoded.contents.docs.forEach((d, i) => Y.applyUpdate(fresh[i]!, d.update));
  // Importing again: a merge that changes nothing.
  decoded.contents.docs.forEach((d, i) => Y.applyUpdate(fresh[i]!, d.update));
  const t2 = performance.now();
  console.log(
    `${label}: file ${kb(file.length)} (personal ${kb(personalUpdate.length)}, community ${kb(communityUpdate.length)}); ` +
      `write ${(t1 - t0).toFixed(0)} ms; check + merge twice ${(t2 - t1).toFixed(0)} ms (Node, this machine)`,
  );
}
