// Size and open time of a community document after a school year (issue 4's report).
// Run: npx tsx scripts/measure-community-year.ts
import { gzipSync } from 'node:zlib';
import * as Y from 'yjs';
import { initCommunityDoc, listMeetings, listMembers } from '../src/domain';
import { makeCommunityYear } from '../tests/fixtures/makeCommunityYear';

const made = performance.now();
const { doc } = makeCommunityYear({ meetings: 52 });
const makeMs = performance.now() - made;
const v1 = Y.encodeStateAsUpdate(doc);
const v2 = Y.encodeStateAsUpdateV2(doc);

const times: number[] = [];
for (let run = 0; run < 7; run++) {
  const t0 = performance.now();
  const fresh = new Y.Doc();
  Y.applyUpdate(fresh, v1);
  initCommunityDoc(fresh, Date.now());
  listMembers(fresh);
  listMeetings(fresh);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
// Reference in the same run: JSON of the same content parsed, the floor for "reading it at all".
const json = JSON.stringify(doc.toJSON());
const j0 = performance.now();
for (let run = 0; run < 7; run++) JSON.parse(json);
const jsonMs = (performance.now() - j0) / 7;

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log(`community-year (25 members, 52 weekly meetings, typed in chunks), made in ${makeMs.toFixed(0)} ms`);
console.log(`  encoded v1 ${kb(v1.length)} (gzip ${kb(gzipSync(v1).length)}), v2 ${kb(v2.length)} (gzip ${kb(gzipSync(v2).length)})`);
console.log(`  JSON of the content ${kb(json.length)}`);
console.log(`  open (applyUpdate + init + list members and meetings): median ${median.toFixed(1)} ms of 7; JSON.parse of the same content ${jsonMs.toFixed(1)} ms (×${(median / jsonMs).toFixed(1)})`);
