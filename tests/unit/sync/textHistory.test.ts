import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { listVersions, type RecordId } from '../../../src/domain';
import type { SyncedDoc } from '../../../src/sync/SyncedDoc';
import { TextHistory } from '../../../src/sync/TextHistory';

const SARI = 'm-sari-0000000001' as RecordId;
const PATH = 'meetings/m1/minutes';

/** A community document with one meeting's minutes, and the history as TextHistory opens it. */
function setUp(idleMs = 45_000) {
  const community = new Y.Doc();
  const meeting = new Y.Map<unknown>();
  community.getMap('meetings').set('m1', meeting);
  const minutes = new Y.Text('Agenda: sudut balok.');
  meeting.set('minutes', minutes);
  const historyDoc = new Y.Doc();
  let opens = 0;
  const history = new TextHistory(SARI, async () => {
    opens++;
    return { local: { doc: historyDoc }, newerSchema: false } as unknown as SyncedDoc;
  }, { idleMs });
  return { community, minutes, historyDoc, history, opens: () => opens };
}

/** Lets the history document's opening (a promise) and what waits on it run. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2025, 7, 11, 3, 0) });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('TextHistory on a phone', () => {
  it('records her session by her when she leaves the field, once, and opens the history only after she edits', async () => {
    const { minutes, historyDoc, history, opens } = setUp();
    const stop = history.track(minutes);
    await settle();
    expect(opens()).toBe(0); // reading a screen never opens the history
    minutes.insert(minutes.length, ' Disepakati.');
    await settle();
    expect(opens()).toBe(1); // opened in the background once she edits
    history.endSession(PATH);
    history.endSession(PATH); // a second blur without typing records nothing
    await settle();
    expect(listVersions(historyDoc, PATH).map((v) => [v.text, v.by])).toEqual([['Agenda: sudut balok. Disepakati.', SARI]]);
    stop();
  });

  it("does not count a colleague's change arriving as her session", async () => {
    const { community, minutes, historyDoc, history } = setUp();
    history.track(minutes);
    const colleague = new Y.Doc();
    Y.applyUpdate(colleague, Y.encodeStateAsUpdate(community));
    const theirs = (colleague.getMap('meetings').get('m1') as Y.Map<Y.Text>).get('minutes')!;
    theirs.insert(0, 'Bu Rina: ');
    Y.applyUpdate(community, Y.encodeStateAsUpdate(colleague, Y.encodeStateVector(community)));
    expect(minutes.toString()).toBe('Bu Rina: Agenda: sudut balok.');
    history.endAll();
    await settle();
    expect(listVersions(historyDoc, PATH)).toEqual([]);
  });

  it('ends a session after the idle time since her last keystroke, and when the field leaves the screen', async () => {
    const { minutes, historyDoc, history } = setUp(45_000);
    const stop = history.track(minutes);
    minutes.insert(0, 'A');
    await vi.advanceTimersByTimeAsync(30_000);
    minutes.insert(0, 'B');
    await vi.advanceTimersByTimeAsync(44_000);
    expect(listVersions(historyDoc, PATH)).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(listVersions(historyDoc, PATH).map((v) => v.text)).toEqual(['BAAgenda: sudut balok.']);
    minutes.insert(0, 'C');
    stop(); // she leaves the screen
    await settle();
    expect(listVersions(historyDoc, PATH).map((v) => v.text)).toEqual(['CBAAgenda: sudut balok.', 'BAAgenda: sudut balok.']);
  });

  it('restores a version as an edit of the live text and records the restore by her, not as a session', async () => {
    const { minutes, historyDoc, history } = setUp();
    history.track(minutes);
    minutes.insert(minutes.length, ' Versi satu.');
    history.endSession(PATH);
    await settle();
    const [first] = listVersions(historyDoc, PATH);
    await vi.advanceTimersByTimeAsync(60_000);
    minutes.delete(0, minutes.length);
    minutes.insert(0, 'Semua dihapus.');
    await history.restore(minutes, first!);
    history.endAll();
    await settle();
    expect(minutes.toString()).toBe('Agenda: sudut balok. Versi satu.');
    expect(listVersions(historyDoc, PATH).map((v) => [v.text, v.by, v.restoredFrom])).toEqual([
      ['Agenda: sudut balok. Versi satu.', SARI, first!.at],
      ['Semua dihapus.', SARI, undefined],
      ['Agenda: sudut balok. Versi satu.', SARI, undefined],
    ]);
  });
});
