/**
 * 4. Bytes on the wire: a teacher's day (the app opening, one journal entry typed key by key, a
 * board edited at the meeting) and a phone back after a week offline, counted at the socket with
 * the app's own sync client, against the Yjs update bytes themselves (the same run's reference:
 * what has to travel at the very least). And issue 6's typical day (one journal entry, one photo,
 * her part of a weekly board) against its raw content and against the same day as plain JSON.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as Y from 'yjs';
import { DocKind, newDocName, newRoomKey } from '../../src/domain/ids.ts';
import { loadFixtures } from '../fixtures/cache.ts';
import { writeEntry } from '../fixtures/personalYear.ts';
import { paragraph, Rng, shortTitle } from '../fixtures/text.ts';
import { newSession, typedText } from '../fixtures/typing.ts';
import type { BenchContext } from '../lib/context.ts';
import { removeAtCleanup } from '../lib/processes.ts';
import { startSejawatRelay } from '../lib/relays.ts';
import { figure, type Figure, type Section } from '../lib/result.ts';
import { seedDocument } from '../lib/yproto.ts';
import type { WireConfig, WireResult, WireRoom } from './wireScenario.ts';

const CLIENT = fileURLToPath(new URL('./wireClient.ts', import.meta.url));
const execFileAsync = promisify(execFile);

/** What a phone adds per frame on a real network: TLS record header and MAC (~29 B) + TCP/IPv4 (~52 B). */
const PER_FRAME_OVERHEAD_ESTIMATE = 29 + 52;

/** A week of the community's work by others: a new board, five problems, six alternatives each. */
function othersWeek(doc: Y.Doc, rng: Rng): void {
  const problems = doc.getMap<unknown>('problems');
  const solutions = doc.getMap<unknown>('solutions');
  const board = new Y.Map<unknown>();
  const problemIds = new Y.Array<string>();
  newSession(doc, rng);
  doc.transact(() => {
    doc.getMap<unknown>('boards').set(rng.recordId(), board);
    board.set('week', '2026-W20');
    board.set('problemIds', problemIds);
  });
  for (let p = 0; p < 5; p++) {
    newSession(doc, rng);
    const id = rng.recordId();
    const problem = new Y.Map<unknown>();
    doc.transact(() => {
      problems.set(id, problem);
      problem.set('id', id);
      problemIds.push([id]);
    });
    typedText(problem, 'title', shortTitle(rng), rng);
    typedText(problem, 'description', paragraph(rng, 250), rng);
    for (let s = 0; s < 6; s++) {
      newSession(doc, rng);
      const solution = new Y.Map<unknown>();
      doc.transact(() => {
        solutions.set(rng.recordId(), solution);
        solution.set('problemId', id);
      });
      typedText(solution, 'text', paragraph(rng, 110), rng);
    }
  }
}

const kB = (bytes: number): number => bytes / 1000;

export async function measureWire(ctx: BenchContext): Promise<Omit<Section, 'seconds'>> {
  const fx = loadFixtures(ctx.plan.fixture, ctx.log);
  const dir = mkdtempSync(join(tmpdir(), 'sejawat-bench-wire-'));
  removeAtCleanup(dir);
  const file = (name: string, bytes: Uint8Array): string => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  const rng = new Rng(99);
  const personalBase = fx.personal[1] as Uint8Array;

  // The week: others wrote a board on the relay; she wrote five entries and a solution offline.
  const relayCommunity = new Y.Doc();
  Y.applyUpdate(relayCommunity, fx.community);
  othersWeek(relayCommunity, rng);
  const phonePersonal = new Y.Doc();
  Y.applyUpdate(phonePersonal, personalBase);
  const beforeOffline = Y.encodeStateVector(phonePersonal);
  for (let i = 0; i < 5; i++) {
    newSession(phonePersonal, rng);
    writeEntry(phonePersonal, rng, 195 + i);
  }
  const phoneCommunity = new Y.Doc();
  Y.applyUpdate(phoneCommunity, fx.community);
  const communityBefore = Y.encodeStateVector(phoneCommunity);
  newSession(phoneCommunity, rng);
  const mine = new Y.Map<unknown>();
  phoneCommunity.transact(() => phoneCommunity.getMap<unknown>('solutions').set(rng.recordId(), mine));
  typedText(mine, 'text', paragraph(rng, 110), rng);
  const relayPersonal = new Y.Doc();
  Y.applyUpdate(relayPersonal, personalBase);
  // What each side lacks: the least a sync can exchange.
  const ideal = {
    up:
      Y.encodeStateAsUpdate(phonePersonal, Y.encodeStateVector(relayPersonal)).byteLength +
      Y.encodeStateAsUpdate(phoneCommunity, Y.encodeStateVector(relayCommunity)).byteLength,
    down:
      Y.encodeStateAsUpdate(relayPersonal, Y.encodeStateVector(phonePersonal)).byteLength +
      Y.encodeStateAsUpdate(relayCommunity, Y.encodeStateVector(phoneCommunity)).byteLength,
    wholeDocs: Y.encodeStateAsUpdate(relayPersonal).byteLength + Y.encodeStateAsUpdate(relayCommunity).byteLength,
  };

  const room = (kind: DocKind, phoneFiles: string[]): WireRoom => ({ name: newDocName(kind), key: newRoomKey(), phoneFiles });
  const personalFile = file('personal.base', personalBase);
  // A phone photo resized for sharing (~1280×960 JPEG, ~120 kB): compressed image data looks random.
  const photo = new Uint8Array(120_000);
  photo.set(randomBytes(photo.byteLength));
  photo.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
  photo.set([0xff, 0xd9], photo.byteLength - 2);
  const communityFile = file('community.base', fx.community);
  const config: WireConfig = {
    relayUrl: '',
    day: { personal: room(DocKind.PERSONAL, [personalFile]), community: room(DocKind.COMMUNITY, [communityFile]) },
    week: {
      personal: room(DocKind.PERSONAL, [personalFile, file('personal.offline', Y.encodeStateAsUpdate(phonePersonal, beforeOffline))]),
      community: room(DocKind.COMMUNITY, [communityFile, file('community.offline', Y.encodeStateAsUpdate(phoneCommunity, communityBefore))]),
    },
    msPerKey: ctx.plan.wire.msPerKey,
    entryScale: ctx.plan.wire.entryScale,
    photo: { file: file('photo.jpg', photo), hash: createHash('sha256').update(photo).digest('hex'), type: 'image/jpeg', width: 1280, height: 960 },
  };

  const relay = await startSejawatRelay();
  try {
    config.relayUrl = `ws://127.0.0.1:${relay.port}/sync`;
    ctx.log('storing yesterday’s documents on the relay…');
    await seedDocument(relay.docUrl(config.day.personal.name, config.day.personal.key), personalBase, true);
    await seedDocument(relay.docUrl(config.day.community.name, config.day.community.key), fx.community, true);
    await seedDocument(relay.docUrl(config.week.personal.name, config.week.personal.key), personalBase, true);
    await seedDocument(relay.docUrl(config.week.community.name, config.week.community.key), Y.encodeStateAsUpdate(relayCommunity), true);
    ctx.log(`typing a day, key by key at ${config.msPerKey} ms a key (virtual time)…`);
    const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', CLIENT, JSON.stringify(config)], {
      timeout: 300_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as WireResult;

    const sv = (bytes: Uint8Array): number => Y.encodeStateVectorFromUpdate(bytes).byteLength;
    const stateVectors = 2 * (sv(personalBase) + sv(fx.community));
    const overhead = { text: '≤ 1.2×', test: (_v: number, r: number | null) => r !== null && r <= 1.2 };
    const { morning, entry, board, week, photoRef, meeting } = result.phases as Record<'morning' | 'entry' | 'board' | 'week' | 'photoRef' | 'meeting', WireResult['phases'][string]>;
    const { photoHttp, dayContent } = result;
    // Issue 6's typical day: opening the app, the entry, the photo (its reference + HEAD/PUT), the board.
    const photoBytes = photoRef.socketBytes + photoHttp.sent + photoHttp.received;
    const typical = {
      sent: morning.socketBytesOut + entry.socketBytesOut + photoRef.socketBytesOut + photoHttp.sent + meeting.socketBytesOut,
      received: morning.socketBytesIn + entry.socketBytesIn + photoRef.socketBytesIn + photoHttp.received + meeting.socketBytesIn,
    };
    const typicalTotal = typical.sent + typical.received;
    const rawContent = dayContent.entryText + dayContent.herSolutions + dayContent.textReceived + dayContent.photoBytes;
    const split = (up: number, down: number): string => `↑ ${kB(up).toFixed(1)} kB, ↓ ${kB(down).toFixed(1)} kB`;
    const day = {
      socket: morning.socketBytes + entry.socketBytes + board.socketBytes,
      yjs: entry.localUpdateBytes + board.localUpdateBytes,
      frames: morning.framesIn + morning.framesOut + entry.framesIn + entry.framesOut + board.framesIn + board.framesOut,
    };
    const figures: Figure[] = [
      figure('wire.entry', `journal entry typed (${entry.keystrokes} keys): bytes at the socket`, kB(entry.socketBytes), 'kB', {
        reference: { label: 'its Yjs updates', value: kB(entry.localUpdateBytes) },
        target: overhead,
      }),
      figure('wire.board', `board edited at the meeting (${board.keystrokes} keys)`, kB(board.socketBytes), 'kB', {
        reference: { label: 'its Yjs updates', value: kB(board.localUpdateBytes) },
        target: overhead,
      }),
      figure('wire.morning', 'opening the app, both documents already in sync', kB(morning.socketBytes), 'kB', {
        reference: { label: 'the two state vectors, both ways', value: kB(stateVectors) },
      }),
      figure('wire.day', 'the whole day (opening + entry + board)', kB(day.socket), 'kB', {
        reference: { label: 'its Yjs updates', value: kB(day.yjs) },
        target: overhead,
      }),
      figure('wire.day.merged', '  the day’s changes as one update per document', kB(entry.mergedUpdateBytes + board.mergedUpdateBytes), 'kB', {
        reference: { label: 'its Yjs updates', value: kB(day.yjs) },
        note: 'what sending changes in batches could approach',
      }),
      figure('wire.day.frames', '  websocket frames, both ways', day.frames, 'count'),
      figure('wire.day.phone', '  estimated on a phone: + TLS and TCP/IP headers per frame', kB(day.socket + day.frames * PER_FRAME_OVERHEAD_ESTIMATE), 'kB', {
        reference: { label: 'its Yjs updates', value: kB(day.yjs) },
      }),
      figure('wire.week', 'phone back after a week offline: bytes at the socket', kB(week.socketBytes), 'kB', {
        reference: { label: 'what each side lacked', value: kB(ideal.up + ideal.down) },
        target: overhead,
      }),
      figure('wire.week.whole', '  for scale: both documents whole', kB(ideal.wholeDocs), 'kB'),
      figure('wire.typical.entry', 'typical day (issue 6): the journal entry', kB(entry.socketBytes), 'kB', {
        reference: { label: 'the text typed', value: kB(dayContent.entryText) },
        note: split(entry.socketBytesOut, entry.socketBytesIn),
      }),
      figure('wire.photo', `  one photo (${kB(dayContent.photoBytes).toFixed(0)} kB JPEG): reference + HEAD + PUT, headers included`, kB(photoBytes), 'kB', {
        reference: { label: 'the photo’s bytes', value: kB(dayContent.photoBytes) },
        target: overhead,
        note: `${split(photoRef.socketBytesOut + photoHttp.sent, photoRef.socketBytesIn + photoHttp.received)}; HTTP alone ${kB(photoHttp.sent + photoHttp.received).toFixed(1)} kB`,
      }),
      figure('wire.typical.board', '  her part of the weekly board (2 solutions, 3 votes, 1 pick; 4 colleagues type)', kB(meeting.socketBytes), 'kB', {
        reference: { label: 'the solutions’ text (hers + theirs)', value: kB(dayContent.herSolutions + dayContent.textReceived) },
        note: split(meeting.socketBytesOut, meeting.socketBytesIn),
      }),
      figure('wire.typical', '  the typical day (opening + entry + photo + board)', kB(typicalTotal), 'kB', {
        reference: { label: 'raw content: text + photo bytes', value: kB(rawContent) },
        note: split(typical.sent, typical.received),
      }),
      figure('wire.typical.json', '  the same day', kB(typicalTotal), 'kB', {
        reference: { label: 'as plain JSON + photo bytes', value: kB(dayContent.plainJson) },
      }),
    ];
    return {
      id: 'wire',
      title: '4. Bytes on the wire (the app’s DocSync against our relay, counted at the socket)',
      figures,
      details: { ...result, typical: { ...typical, total: typicalTotal, rawContent }, ideal, stateVectors, msPerKey: config.msPerKey, perFrameOverheadEstimate: PER_FRAME_OVERHEAD_ESTIMATE },
    };
  } finally {
    await relay.stop();
  }
}
