/**
 * A teacher's day on the wire, with the app's own sync client (src/sync/DocSync: a stock
 * y-websocket provider plus COMMIT_ACK) and a socket that counts what crosses it both ways:
 * TCP payload bytes (websocket frames and the HTTP upgrade), frames, and message types.
 *
 * - morning: the app opens both documents (personal year, community-year), already in sync;
 * - she types a journal entry, key by key at a phone's pace (virtual time);
 * - at the meeting she edits the week's board in the community document: a new solution, an
 *   insertion in a colleague's solution, the minutes;
 * - another phone comes back after a week offline: exchanges what each side lacks.
 *
 * Issue 6's typical day adds: a photo on her entry (its reference in the document, then the
 * outbox's HEAD + PUT through the relay's HTTP path, counted at a TCP proxy: request and response,
 * headers included), and her part of the weekly board (two solutions typed, three votes, one pick)
 * while four colleagues, on another phone, type theirs.
 */
import { connect, createServer, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { addAttachment, AttachmentTarget, createJournalEntry, getJournalEntry, newRecordId, type DocName, type RecordId, type RoomKey } from '../../src/domain/index.ts';
import { openWeeklyBoard } from '../../src/domain/cycle/boards.ts';
import { listSolutions, pickSolution, proposeSolution, solutionsOf, toggleVote } from '../../src/domain/cycle/solutions.ts';
import { headBlob, putBlob } from '../../src/sync/blobApi.ts';
import { apiBase } from '../../src/sync/relayApi.ts';
import { DocSync } from '../../src/sync/DocSync.ts';
import { SyncState } from '../../src/sync/SyncState.ts';
import { paragraph, Rng, sentence } from '../fixtures/text.ts';
import type { VirtualClock } from '../lib/virtualClock.ts';

export interface WireRoom {
  name: string;
  key: string;
  /** What the phone holds when the scenario starts. */
  phoneFiles: string[];
}

export interface WireConfig {
  relayUrl: string;
  day: { personal: WireRoom; community: WireRoom };
  week: { personal: WireRoom; community: WireRoom };
  msPerKey: number;
  entryScale: number;
  /** A resized photo's bytes (the relay does not decode images), attached to her entry. */
  photo: { file: string; hash: string; type: 'image/jpeg'; width: number; height: number };
}

/** The photo's upload over HTTP, counted at a TCP proxy in front of the relay. */
export interface HttpCount {
  /** Request bytes (request lines, headers, body) and response bytes (status lines, headers, bodies). */
  sent: number;
  received: number;
  /** The bodies alone: what the app's data-saver meter counts (blobApi's ByteMeter). */
  bodySent: number;
  calls: string[];
}

/** What the typical day holds, as content: the raw size the wire is compared with. */
export interface DayContent {
  /** UTF-8 bytes of the text she typed: the entry's fields; her two solutions. */
  entryText: number;
  herSolutions: number;
  /** UTF-8 bytes of the text her colleagues typed that reached her phone (their solutions). */
  textReceived: number;
  photoBytes: number;
  /** The day's records (entry, photo reference, board, six solutions, votes, picks) as JSON, photo as its bytes. */
  plainJson: number;
}

export interface WireResult {
  phases: Record<string, Counters>;
  photoHttp: HttpCount;
  dayContent: DayContent;
}

export interface Counters {
  /** TCP payload bytes both ways: websocket frames and the HTTP upgrade. */
  socketBytes: number;
  socketBytesOut: number;
  socketBytesIn: number;
  framesOut: number;
  framesIn: number;
  /** Websocket message payloads (y-protocols messages), both ways. */
  payloadBytes: number;
  byType: Record<string, { frames: number; bytes: number }>;
  /** Yjs v1 updates the phone made (what must travel up). */
  localUpdateBytes: number;
  localUpdates: number;
  /** The same changes encoded once, without the delete set every diff repeats (what batching could send). */
  mergedUpdateBytes: number;
  keystrokes: number;
  virtualSeconds: number;
}

const TYPE_NAMES: Record<number, string> = { 0: 'sync', 1: 'awareness', 3: 'query-awareness', 100: 'commit-ack' };
const sockets: Socket[] = [];
let framesOut = 0;
let framesIn = 0;
let payloadBytes = 0;
const byType: Record<string, { frames: number; bytes: number }> = {};

function countMessage(data: ArrayBufferLike | Uint8Array | Buffer, direction: 'out' | 'in'): void {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  payloadBytes += bytes.byteLength;
  if (direction === 'out') framesOut++;
  else framesIn++;
  const name = `${TYPE_NAMES[bytes[0] ?? -1] ?? `type-${bytes[0]}`} ${direction}`;
  const entry = (byType[name] ??= { frames: 0, bytes: 0 });
  entry.frames++;
  entry.bytes += bytes.byteLength;
}

/** `ws` with every message counted; the net.Socket underneath gives the bytes of everything. */
class CountingWebSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols, { perMessageDeflate: false });
    this.on('open', () => {
      const socket = (this as unknown as { _socket?: Socket })._socket;
      if (socket) sockets.push(socket);
    });
    this.on('message', (data: Buffer) => countMessage(data, 'in'));
  }
  override send(data: unknown, ...rest: unknown[]): void {
    countMessage(data as Uint8Array, 'out');
    (super.send as (...args: unknown[]) => void)(data, ...rest);
  }
}

function snapshot() {
  let read = 0;
  let written = 0;
  for (const s of sockets) {
    read += s.bytesRead;
    written += s.bytesWritten;
  }
  return { read, written, framesOut, framesIn, payloadBytes, byType: structuredClone(byType) };
}

function diff(a: ReturnType<typeof snapshot>, b: ReturnType<typeof snapshot>): Omit<Counters, 'localUpdateBytes' | 'localUpdates' | 'mergedUpdateBytes' | 'keystrokes' | 'virtualSeconds'> {
  const types: Record<string, { frames: number; bytes: number }> = {};
  for (const [name, v] of Object.entries(b.byType)) {
    const before = a.byType[name] ?? { frames: 0, bytes: 0 };
    if (v.frames - before.frames > 0) types[name] = { frames: v.frames - before.frames, bytes: v.bytes - before.bytes };
  }
  return {
    socketBytes: b.read - a.read + (b.written - a.written),
    socketBytesOut: b.written - a.written,
    socketBytesIn: b.read - a.read,
    framesOut: b.framesOut - a.framesOut,
    framesIn: b.framesIn - a.framesIn,
    payloadBytes: b.payloadBytes - a.payloadBytes,
    byType: types,
  };
}

interface Phone {
  docs: Y.Doc[];
  syncs: DocSync[];
  /** Every local update, with the index of its document. */
  updates: Array<{ doc: number; update: Uint8Array }>;
}

function openPhone(
  config: WireConfig,
  rooms: WireRoom[],
  startsSynced: boolean,
  readFile: (f: string) => Uint8Array,
  SocketClass: unknown = CountingWebSocket,
): Phone {
  const phone: Phone = { docs: [], syncs: [], updates: [] };
  for (const [index, room] of rooms.entries()) {
    const doc = new Y.Doc();
    for (const file of room.phoneFiles) Y.applyUpdate(doc, readFile(file), 'storage');
    const sync = new DocSync({
      name: room.name as DocName,
      key: room.key as RoomKey,
      doc,
      relayUrl: config.relayUrl,
      startsSynced,
      WebSocketPolyfill: SocketClass as unknown as typeof globalThis.WebSocket,
    });
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== sync.provider && origin !== 'storage') phone.updates.push({ doc: index, update });
    });
    phone.docs.push(doc);
    phone.syncs.push(sync);
  }
  return phone;
}

async function until(clock: VirtualClock, done: () => boolean, realTimeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + realTimeoutMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error('wire scenario: timed out waiting for the relay');
    await clock.advance(20);
    await clock.sleepReal(2);
  }
}

const allSynced = (phone: Phone): boolean => phone.syncs.every((s) => s.state === SyncState.SYNCED && s.provider.synced);

/** Types `content` into `text` at `index`, one key at a time, with a typo now and then. */
async function typeKeys(clock: VirtualClock, text: Y.Text, index: number, content: string, msPerKey: number, rng: Rng): Promise<number> {
  let keys = 0;
  let at = index;
  const doc = text.doc as Y.Doc;
  const origin = { editor: true };
  const key = async (fn: () => void): Promise<void> => {
    doc.transact(fn, origin);
    keys++;
    await clock.advance(msPerKey * (0.5 + rng.next()));
    await clock.sleepReal(1);
  };
  for (const ch of content) {
    if (rng.chance(0.03)) {
      await key(() => text.insert(at, 'x'));
      await key(() => text.delete(at, 1));
    }
    await key(() => text.insert(at, ch));
    at++;
    if (ch === '.') await clock.advance(3_000); // thinking between sentences
  }
  return keys;
}

/** A TCP proxy in front of the relay that counts what crosses it both ways. */
async function countingProxy(relayUrl: string): Promise<{ url: string; count: { sent: number; received: number }; close: () => void }> {
  const target = new URL(apiBase(relayUrl));
  const count = { sent: 0, received: 0 };
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    open.add(client).add(upstream);
    client.on('data', (b: Buffer) => (count.sent += b.byteLength));
    upstream.on('data', (b: Buffer) => (count.received += b.byteLength));
    client.pipe(upstream);
    upstream.pipe(client);
    for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
      a.on('error', () => b.destroy());
      a.on('close', () => (b.destroy(), open.delete(a)));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/sync`,
    count,
    close: () => {
      for (const s of open) s.destroy();
      server.close();
    },
  };
}

const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');

export async function runWireScenario(clock: VirtualClock, config: WireConfig): Promise<WireResult> {
  const readFile = (f: string): Uint8Array => new Uint8Array(readFileSync(f));
  const rng = new Rng(4242);
  const out: Record<string, Counters> = {};
  const phase = async (name: string, phone: Phone, body: () => Promise<number>): Promise<void> => {
    const before = snapshot();
    const firstUpdate = phone.updates.length;
    const svBefore = phone.docs.map((d) => Y.encodeStateVector(d));
    const t0 = clock.elapsed;
    const keystrokes = await body();
    await until(clock, () => allSynced(phone));
    // Let the last acknowledgements and awareness echoes arrive.
    await clock.advance(1_000);
    await clock.sleepReal(50);
    const updates = phone.updates.slice(firstUpdate);
    out[name] = {
      ...diff(before, snapshot()),
      localUpdateBytes: updates.reduce((n, u) => n + u.update.byteLength, 0),
      localUpdates: updates.length,
      // The phase's changes encoded once from the document (consecutive keys merged into one
      // item, as a batched send would carry them); the document's whole delete set, which every
      // diff repeats, is subtracted.
      mergedUpdateBytes: phone.docs.reduce((n, d, i) => {
        if (!updates.some((u) => u.doc === i)) return n;
        const diffBytes = Y.encodeStateAsUpdate(d, svBefore[i]).byteLength;
        const deleteSetOnly = Y.encodeStateAsUpdate(d, Y.encodeStateVector(d)).byteLength;
        return n + diffBytes - deleteSetOnly + 2;
      }, 0),
      keystrokes,
      virtualSeconds: (clock.elapsed - t0) / 1000,
    };
  };

  // A day. The phone opened the app this morning: both documents already match the relay.
  const day = openPhone(config, [config.day.personal, config.day.community], true, readFile);
  const [personal, community] = day.docs as [Y.Doc, Y.Doc];
  await phase('morning', day, async () => 0);
  let entryId: RecordId | undefined;
  await phase('entry', day, async () => {
    const id = createJournalEntry(personal, { date: '2026-05-12', now: Date.now() });
    entryId = id;
    const entry = getJournalEntry(personal, id);
    if (!entry) throw new Error('entry not created');
    let keys = await typeKeys(clock, entry.texts.className, 0, 'Kelompok B2', config.msPerKey, rng);
    const fields = { activity: 400, methods: 200, actions: 400, expected: 300, gap: 300 } as const;
    for (const [field, chars] of Object.entries(fields) as Array<[keyof typeof fields, number]>) {
      await clock.advance(5_000); // moving to the next field
      keys += await typeKeys(clock, entry.texts[field], 0, paragraph(rng, Math.max(20, Math.round(chars * config.entryScale))), config.msPerKey, rng);
    }
    return keys;
  });
  await phase('board', day, async () => {
    const solutions = community.getMap<unknown>('solutions');
    const keys = [...solutions.keys()].sort();
    const other = solutions.get(keys[keys.length - 1] as string) as Y.Map<unknown>;
    // A new solution alternative for this week's problem.
    const solution = new Y.Map<unknown>();
    const text = new Y.Text();
    community.transact(() => {
      solutions.set(rng.recordId(), solution);
      solution.set('problemId', other.get('problemId'));
      solution.set('authorId', 'bench-author-0001');
      solution.set('createdAt', Date.now());
      solution.set('text', text);
    });
    let typed = await typeKeys(clock, text, 0, paragraph(rng, Math.round(120 * config.entryScale) + 20), config.msPerKey, rng);
    // A few words into a colleague's solution, in the middle.
    const theirs = other.get('text') as Y.Text;
    typed += await typeKeys(clock, theirs, Math.floor(theirs.length / 2), ` ${sentence(rng)}`.slice(0, 40), config.msPerKey, rng);
    // The minutes of the meeting.
    const meetings = community.getMap<unknown>('meetings');
    const meeting = meetings.get([...meetings.keys()].sort()[0] as string) as Y.Map<unknown>;
    const minutes = meeting.get('minutes') as Y.Text;
    typed += await typeKeys(clock, minutes, minutes.length, ` ${paragraph(rng, Math.round(300 * config.entryScale) + 20)}`, config.msPerKey, rng);
    return typed;
  });

  // Issue 6's typical day: a photo on her entry, then her part of the weekly board.
  const photoBytes = readFile(config.photo.file);
  const { hash, type, width, height } = config.photo;
  const me = newRecordId();
  await phase('photoRef', day, async () => {
    addAttachment(personal, AttachmentTarget.ENTRY, entryId as RecordId, { hash, type, size: photoBytes.byteLength, width, height, addedBy: me, addedAt: Date.now() });
    return 0;
  });
  // The outbox's calls, once the relay confirmed the reference: HEAD (missing), then PUT.
  const proxy = await countingProxy(config.relayUrl);
  const personalRoom = config.day.personal;
  const photoHttp: HttpCount = { sent: 0, received: 0, bodySent: 0, calls: [] };
  const head = await headBlob(proxy.url, hash, personalRoom.name as DocName, personalRoom.key as RoomKey);
  photoHttp.calls.push(`HEAD ${head.ok ? head.value : head.reason}`);
  if (!head.ok || head.value !== 'missing') throw new Error(`wire scenario: HEAD answered ${JSON.stringify(head)}`);
  const put = await putBlob(proxy.url, hash, personalRoom.name as DocName, personalRoom.key as RoomKey, new Blob([photoBytes as Uint8Array<ArrayBuffer>], { type }), (_d, n) => (photoHttp.bodySent += n));
  photoHttp.calls.push(`PUT ${put.ok ? 'stored' : put.reason}`);
  if (!put.ok) throw new Error(`wire scenario: PUT answered ${put.reason}`);
  proxy.close();
  photoHttp.sent = proxy.count.sent;
  photoHttp.received = proxy.count.received;

  // The weekly board at the meeting: four colleagues type on another phone (its socket is not
  // counted); what reaches hers is.
  const colleague = openPhone(config, [config.day.community], false, readFile, WebSocket);
  await until(clock, () => allSynced(colleague));
  const theirs = colleague.docs[0] as Y.Doc;
  const weekOf = '2026-05-14';
  const problemId = newRecordId();
  const colleagues = [newRecordId(), newRecordId(), newRecordId(), newRecordId()];
  const theirIds: RecordId[] = [];
  const mineIds: RecordId[] = [];
  const solutionText = (doc: Y.Doc, id: RecordId): Y.Text => (solutionsOf(doc).get(id) as Y.Map<unknown>).get('text') as Y.Text;
  const chars = Math.round(150 * config.entryScale) + 20;
  let boardId: RecordId | undefined;
  await phase('meeting', day, async () => {
    boardId = openWeeklyBoard(community, { weekOf, by: me, now: Date.now() });
    const theirBoard = openWeeklyBoard(theirs, { weekOf, by: colleagues[0] as RecordId, now: Date.now() });
    let keys = 0;
    const colleagueTypes = async (i: number): Promise<void> => {
      const id = proposeSolution(theirs, { boardId: theirBoard, problemId, text: '', by: colleagues[i] as RecordId, now: Date.now() });
      theirIds.push(id);
      await typeKeys(clock, solutionText(theirs, id), 0, paragraph(rng, chars), config.msPerKey, rng);
    };
    const sheTypes = async (): Promise<void> => {
      const id = proposeSolution(community, { boardId: boardId as RecordId, problemId, text: '', by: me, now: Date.now() });
      mineIds.push(id);
      keys += await typeKeys(clock, solutionText(community, id), 0, paragraph(rng, chars), config.msPerKey, rng);
    };
    await colleagueTypes(0);
    await sheTypes();
    await colleagueTypes(1);
    await colleagueTypes(2);
    await sheTypes();
    await colleagueTypes(3);
    // Everything her colleagues typed is on her phone before she votes.
    await until(clock, () => theirIds.every((id) => solutionsOf(community).has(id) && solutionText(community, id).toString() === solutionText(theirs, id).toString()));
    for (const id of theirIds.slice(0, 3)) toggleVote(community, id, me, Date.now());
    pickSolution(community, theirIds[1] as RecordId, me, Date.now());
    return keys + 4;
  });
  for (const s of colleague.syncs) s.destroy();
  for (const s of day.syncs) s.destroy();

  // The day's content, and the same day as plain JSON (the reference a naive sync would send).
  const entry = getJournalEntry(personal, entryId as RecordId);
  if (!entry) throw new Error('entry lost');
  const entryTexts = Object.fromEntries(Object.entries(entry.texts).map(([k, t]) => [k, (t as Y.Text).toString()]));
  const solutionsJson = listSolutions(community, boardId as RecordId, problemId).map((s) => (solutionsOf(community).get(s.id) as Y.Map<unknown>).toJSON());
  const dayJson = {
    entry: { id: entryId, date: '2026-05-12', ...entryTexts },
    photo: { hash, type, size: photoBytes.byteLength, width, height, addedBy: me },
    board: (community.getMap<unknown>('boards').get(boardId as string) as Y.Map<unknown>).toJSON(),
    solutions: solutionsJson,
  };
  const dayContent: DayContent = {
    entryText: Object.values(entryTexts).reduce((n, t) => n + utf8(t), 0),
    herSolutions: mineIds.reduce((n, id) => n + utf8(solutionText(community, id).toString()), 0),
    textReceived: theirIds.reduce((n, id) => n + utf8(solutionText(community, id).toString()), 0),
    photoBytes: photoBytes.byteLength,
    plainJson: utf8(JSON.stringify(dayJson)) + photoBytes.byteLength,
  };

  // A phone back after a week offline: it wrote five entries and a solution; the community
  // wrote a week's board meanwhile. Only what each side lacks should travel.
  const week = openPhone(config, [config.week.personal, config.week.community], false, readFile);
  await phase('week', week, async () => 0);
  for (const s of week.syncs) s.destroy();
  return { phases: out, photoHttp, dayContent };
}
