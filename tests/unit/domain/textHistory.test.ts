import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  DAILY_DAYS,
  DomainError,
  EditSessions,
  historyDocOf,
  initHistoryDoc,
  isDocName,
  keyDocOf,
  KEEP_RECENT,
  listVersions,
  pruneHistory,
  recordVersion,
  restoreText,
  textPath,
  validateHistoryDoc,
  versionsToPrune,
  type DocName,
  type TextVersion,
} from '../../../src/domain';
import { exchange, rng } from './support';

const T0 = Date.UTC(2025, 7, 11, 3, 0); // Monday 10:00 WIB
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PATH = 'solutions/s1/text';

describe('recording versions', () => {
  it('records a version with who wrote it, and skips a text equal to the latest version', () => {
    const history = new Y.Doc();
    expect(recordVersion(history, { path: PATH, text: 'Main balok', by: 'm-ani', at: T0 })).toBe('recorded');
    expect(recordVersion(history, { path: PATH, text: 'Main balok', by: 'm-sari', at: T0 + 1000 })).toBe('unchanged');
    expect(recordVersion(history, { path: PATH, text: 'Main balok bersama', by: 'm-sari', at: T0 + 2000 })).toBe('recorded');
    expect(recordVersion(history, { path: 'meetings/m1/minutes', text: 'Main balok', by: 'm-ani', at: T0 + 3000 })).toBe('recorded');
    expect(listVersions(history, PATH).map((v) => [v.text, v.by])).toEqual([
      ['Main balok bersama', 'm-sari'],
      ['Main balok', 'm-ani'],
    ]);
    expect(validateHistoryDoc(history)).toEqual([]);
  });

  it('always records a restore, even of the latest text, with the version it restored', () => {
    const history = new Y.Doc();
    recordVersion(history, { path: PATH, text: 'A', by: 'm-ani', at: T0 });
    expect(recordVersion(history, { path: PATH, text: 'A', by: 'm-sari', at: T0 + 5, restoredFrom: T0 })).toBe('recorded');
    expect(listVersions(history, PATH)[0]).toMatchObject({ by: 'm-sari', restoredFrom: T0 });
  });

  it('skips damaged entries when reading and reports them in validation, never throws', () => {
    const history = new Y.Doc();
    recordVersion(history, { path: PATH, text: 'baik', by: 'm-ani', at: T0 });
    const map = history.getMap<unknown>('versions');
    map.set('bad-1', 'not an object');
    map.set('bad-2', { path: PATH, text: 42, by: 'm-ani', at: T0 });
    map.set('bad-3', { path: PATH, text: 'x', by: '', at: T0 });
    map.set('bad-4', new Y.Map());
    expect(listVersions(history, PATH).map((v) => v.text)).toEqual(['baik']);
    expect(validateHistoryDoc(history).map((p) => p.path)).toEqual(['versions.bad-1', 'versions.bad-2', 'versions.bad-3', 'versions.bad-4']);
    expect(pruneHistory(history)).toBe(4);
    expect(validateHistoryDoc(history)).toEqual([]);
  });

  it('refuses a newer or foreign document and bad input, writing nothing', () => {
    const newer = new Y.Doc();
    newer.getMap('meta').set('kind', 'history');
    newer.getMap('meta').set('schema', 2);
    expect(() => initHistoryDoc(newer)).toThrow(expect.objectContaining({ reason: 'newer-schema' }));
    const community = new Y.Doc();
    community.getMap('meta').set('kind', 'community');
    expect(() => recordVersion(community, { path: PATH, text: 'x', by: 'm', at: T0 })).toThrow(DomainError);
    expect(community.getMap('versions').size).toBe(0);
    expect(() => recordVersion(new Y.Doc(), { path: '', text: 'x', by: 'm', at: T0 })).toThrow(expect.objectContaining({ reason: 'invalid-id' }));
    expect(recordVersion(new Y.Doc(), { path: PATH, text: 'x'.repeat(50_001), by: 'm', at: T0 })).toBe('too-long');
  });

  it('names the history document after its community, entered with the community key', () => {
    const community = 'c-AbCdEfGhIjKlMnOpQrStUv' as DocName;
    const history = historyDocOf(community);
    expect(history).toBe('h-AbCdEfGhIjKlMnOpQrStUv');
    expect(isDocName(history)).toBe(true);
    expect(keyDocOf(history)).toBe(community);
    expect(keyDocOf(community)).toBe(community);
    expect(() => historyDocOf('p-AbCdEfGhIjKlMnOpQrStUv' as DocName)).toThrow();
  });
});

describe('editing sessions (debounce, with the time passed in)', () => {
  it('ends a session after the idle time since her last keystroke, not since the first', () => {
    const sessions = new EditSessions(45_000);
    sessions.edited(PATH, 0);
    sessions.edited(PATH, 30_000);
    expect(sessions.endIdle(60_000)).toEqual([]);
    expect(sessions.nextIdleAt()).toBe(75_000);
    expect(sessions.endIdle(75_000)).toEqual([PATH]);
    expect(sessions.isOpen(PATH)).toBe(false);
    expect(sessions.endIdle(200_000)).toEqual([]);
  });

  it('ends a session when she leaves the field, and all of them when she leaves the screen', () => {
    const sessions = new EditSessions();
    sessions.edited('a', 0);
    sessions.edited('b', 1);
    expect(sessions.end('a')).toBe(true);
    expect(sessions.end('a')).toBe(false);
    sessions.edited('c', 2);
    expect(sessions.endAll().sort()).toEqual(['b', 'c']);
    expect(sessions.nextIdleAt()).toBeUndefined();
  });
});

describe('the path of a shared text', () => {
  it('is the same on every phone and undefined for a text outside maps', () => {
    const doc = new Y.Doc();
    const record = new Y.Map<unknown>();
    doc.getMap('solutions').set('s1', record);
    const text = new Y.Text('x');
    record.set('text', text);
    expect(textPath(text)).toBe('solutions/s1/text');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(textPath((copy.getMap('solutions').get('s1') as Y.Map<unknown>).get('text') as Y.Text)).toBe('solutions/s1/text');
    const inArray = new Y.Text('y');
    doc.getArray('list').push([inArray]);
    expect(textPath(inArray)).toBeUndefined();
    expect(textPath(new Y.Text('z'))).toBeUndefined();
  });
});

function version(id: string, at: number): TextVersion {
  return { id, path: PATH, text: id, by: 'm', at };
}

describe('pruning', () => {
  it('keeps the newest versions, one a day within a month, one a week before', () => {
    // A text edited 4 times a day for 120 days.
    const versions: TextVersion[] = [];
    for (let d = 0; d < 120; d++) for (let k = 0; k < 4; k++) versions.push(version(`v${d}-${k}`, T0 + d * DAY + k * HOUR));
    const pruned = new Set(versionsToPrune(versions));
    const kept = versions.filter((v) => !pruned.has(v.id));
    const newest = T0 + 119 * DAY + 3 * HOUR;
    // The last three days had 12 versions: the 10 newest are kept, day 117's newest is one of them.
    expect(kept.filter((v) => v.at > newest - 3 * DAY)).toHaveLength(KEEP_RECENT);
    const daily = kept.filter((v) => newest - v.at <= DAILY_DAYS * DAY);
    expect(daily.length).toBeLessThanOrEqual(KEEP_RECENT + DAILY_DAYS + 1);
    expect(kept.length).toBeLessThan(10 + 31 + 14);
    // Every day of the month keeps a version, every older week keeps one.
    for (let d = 120 - DAILY_DAYS; d < 120; d++) expect(kept.some((v) => Math.floor((v.at - T0) / DAY) === d)).toBe(true);
  });

  it('two phones pruning different views concurrently keep what the merged history must keep', () => {
    for (let seed = 1; seed <= 15; seed++) {
      const random = rng(seed);
      const a = new Y.Doc();
      const b = new Y.Doc();
      const all: TextVersion[] = [];
      let at = T0;
      // Shared past, then both phones record offline (each its own texts), each recording prunes.
      const record = (doc: Y.Doc, who: string) => {
        at += Math.floor(random() * 3 * DAY);
        const id = `${who}-${all.length}`;
        all.push({ id, path: PATH, text: id, by: who, at });
        recordVersion(doc, { path: PATH, text: id, by: who, at, id });
      };
      for (let i = 0; i < 30; i++) record(a, 'a');
      exchange(a, b);
      const before = at;
      for (let i = 0; i < 25; i++) record(a, 'a');
      at = before;
      for (let i = 0; i < 25; i++) record(b, 'b');
      exchange(a, b);
      const survivors = new Set(listVersions(a, PATH).map((v) => v.id));
      expect(new Set(listVersions(b, PATH).map((v) => v.id))).toEqual(survivors);
      // Whatever the rule keeps of everything ever recorded is still there after the merge.
      const mustKeep = all.filter((v) => !versionsToPrune(all).includes(v.id)).map((v) => v.id);
      for (const id of mustKeep) expect(survivors.has(id), `seed ${seed}: ${id}`).toBe(true);
      // And pruning the merged history again converges to exactly that.
      pruneHistory(a);
      expect(listVersions(a, PATH).map((v) => v.id).sort()).toEqual([...mustKeep].sort());
    }
  });
});

describe('restoring a version', () => {
  it('applies the difference as one edit, so a colleague typing at the same time is kept', () => {
    const ani = new Y.Doc();
    const text = ani.getMap<Y.Text>('solutions').set('s1', new Y.Text('Anak bermain balok di sudut.'));
    const sari = new Y.Doc();
    exchange(ani, sari);
    // Ani changes the end; her colleague, offline, adds a sentence at the start.
    text.delete(text.length - 1, 1);
    text.insert(text.length, ' selama 20 menit.');
    const theirs = sari.getMap<Y.Text>('solutions').get('s1')!;
    theirs.insert(0, 'Sesudah doa pagi. ');
    // Ani restores the first version, not yet having her colleague's sentence.
    expect(restoreText(text, 'Anak bermain balok di sudut.')).toBe(true);
    expect(text.toString()).toBe('Anak bermain balok di sudut.');
    exchange(ani, sari);
    expect(text.toString()).toBe('Sesudah doa pagi. Anak bermain balok di sudut.');
    expect(theirs.toString()).toBe(text.toString());
    expect(restoreText(text, text.toString())).toBe(false);
  });
});
