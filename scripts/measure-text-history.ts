// What version history costs (issue 6): bytes per recorded version, the history document of a
// community-year, the time to open it, and proof that the live community document is untouched.
// Run: npx tsx scripts/measure-text-history.ts
//
// The community-year is tests/fixtures/makeCycleYear.ts. Every run of typing by one member into one
// text (consecutive transactions of one client in one Y.Text) counts as one editing session, and its
// end records a version, as the app does when she leaves the field or stops typing.
import { gzipSync } from 'node:zlib';
import * as Y from 'yjs';
import { initCommunityDoc, initHistoryDoc, listVersions, recordVersion, textPath } from '../src/domain';
import { makeCycleYear } from '../tests/fixtures/makeCycleYear';

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// 1. Sessions of the community-year, collected while it is made.
interface Session {
  path: string;
  client: number;
  text: string;
}
const sessions: Session[] = [];
let open: { path: string; client: number; text: Y.Text } | undefined;
const closeOpen = () => {
  if (open) sessions.push({ path: open.path, client: open.client, text: open.text.toString() });
  open = undefined;
};
const YearDoc = Y.Doc;
const made = performance.now();
// makeCycleYear builds its own Y.Doc; watch every Y.Doc it makes through the prototype's transact.
const transact = YearDoc.prototype.transact;
YearDoc.prototype.transact = function (this: Y.Doc, f: (tr: Y.Transaction) => unknown, origin?: unknown): unknown {
  let touched: Y.Text | undefined;
  const result = transact.call(this, (tr: Y.Transaction) => {
    const out = f(tr);
    for (const type of tr.changed.keys()) if (type instanceof Y.Text) touched = type;
    return out;
  }, origin);
  if (touched) {
    const path = textPath(touched);
    if (path && (!open || open.path !== path || open.client !== this.clientID)) {
      closeOpen();
      open = { path, client: this.clientID, text: touched };
    } else if (!path) closeOpen();
  }
  return result;
} as typeof transact;
const year = makeCycleYear();
closeOpen();
YearDoc.prototype.transact = transact;
const makeMs = performance.now() - made;
const live = Y.encodeStateAsUpdate(year.doc);

// 2. The history document: one version per session, by that member, spread over the school year.
const history = new Y.Doc();
const start = Date.UTC(2025, 6, 14, 1, 0);
const span = 40 * 7 * 86_400_000;
const byOf = (client: number) => `m-${String(client).padStart(14, '0')}`; // a 16-character member id
const counts = { recorded: 0, unchanged: 0, 'too-long': 0 };
let textBytes = 0;
const recordStarted = performance.now();
sessions.forEach((s, i) => {
  history.clientID = s.client; // each member's phone writes with its own client
  const outcome = recordVersion(history, { path: s.path, text: s.text, by: byOf(s.client), at: start + Math.floor((i / sessions.length) * span) });
  counts[outcome]++;
  if (outcome === 'recorded') textBytes += Buffer.byteLength(s.text);
});
const recordMs = performance.now() - recordStarted;
const h = Y.encodeStateAsUpdate(history);
const kept = [...history.getMap('versions').values()].length;
const keptTextBytes = [...history.getMap('versions').values()].reduce<number>((n, v) => n + Buffer.byteLength((v as { text: string }).text), 0);

// 3. Opening it: applyUpdate + init + the versions of one text (what Riwayat does), median of 7.
const somePath = sessions[Math.floor(sessions.length / 2)]!.path;
const openTimes: number[] = [];
for (let run = 0; run < 7; run++) {
  const t0 = performance.now();
  const fresh = new Y.Doc();
  Y.applyUpdate(fresh, h);
  initHistoryDoc(fresh);
  listVersions(fresh, somePath);
  openTimes.push(performance.now() - t0);
}

const liveOpenTimes: number[] = [];
for (let run = 0; run < 7; run++) {
  const t0 = performance.now();
  const fresh = new Y.Doc();
  Y.applyUpdate(fresh, live);
  initCommunityDoc(fresh, Date.now());
  liveOpenTimes.push(performance.now() - t0);
}

// 4. A text edited every day for a year, 4 sessions a day: what pruning bounds it to.
const busy = new Y.Doc();
let busyRecorded = 0;
for (let day = 0; day < 365; day++) {
  for (let k = 0; k < 4; k++) {
    const text = `Notulen hari ${day}, sesi ${k}: `.padEnd(600, 'anak-anak bermain balok bersama. ');
    if (recordVersion(busy, { path: 'meetings/m-busy/minutes', text, by: byOf(k), at: start + day * 86_400_000 + k * 3_600_000 }) === 'recorded') busyRecorded++;
  }
}
const busyBytes = Y.encodeStateAsUpdate(busy).length;

// 5. The live document is the same bytes whether or not a history was kept (it never sees it).
const liveAfter = Y.encodeStateAsUpdate(year.doc);
const unchanged = live.length === liveAfter.length && live.every((b, i) => b === liveAfter[i]);

console.log(`community-year (makeCycleYear), made in ${makeMs.toFixed(0)} ms: ${sessions.length} editing sessions over ${new Set(sessions.map((s) => s.path)).size} shared texts`);
console.log(`  live community document ${kb(live.length)} (gzip ${kb(gzipSync(live).length)}); unchanged by the history: ${unchanged ? 'yes, byte for byte' : 'NO'}`);
console.log(`  versions: ${counts.recorded} recorded, ${counts.unchanged} skipped as unchanged, ${counts['too-long']} too long; ${kept} kept after pruning`);
console.log(`  history document ${kb(h.length)} (gzip ${kb(gzipSync(h).length)}), texts kept ${kb(keptTextBytes)} (all recorded ${kb(textBytes)})`);
console.log(`  per kept version: ${(h.length / kept).toFixed(0)} bytes encoded, of which ${((h.length - keptTextBytes) / kept).toFixed(0)} bytes beyond the text itself`);
console.log(`  recording all versions took ${recordMs.toFixed(0)} ms (${((recordMs / sessions.length) * 1000).toFixed(0)} µs per session)`);
console.log(`  open (applyUpdate + init + list one text's versions): median ${median(openTimes).toFixed(1)} ms of 7; the live document (applyUpdate + init) ${median(liveOpenTimes).toFixed(1)} ms in the same run`);
console.log(`one text of ~600 characters, 4 sessions a day for a year: ${busyRecorded} recorded, ${busy.getMap('versions').size} kept, ${kb(busyBytes)}`);
