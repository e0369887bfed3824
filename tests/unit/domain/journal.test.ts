import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  countJournalEntries,
  createJournalEntry,
  getJournalEntry,
  JOURNAL_TEXT_FIELDS,
  listJournalEntries,
  PREVIEW_LENGTH,
  setJournalEntryDate,
  type RecordId,
} from '../../../src/domain';
import { reencode } from './support';

const DAY = '2024-07-15';
const NOW = Date.UTC(2024, 6, 15, 2, 0);

function write(doc: Y.Doc, id: RecordId, texts: Partial<Record<(typeof JOURNAL_TEXT_FIELDS)[number], string>>) {
  const entry = getJournalEntry(doc, id);
  if (!entry) throw new Error(`no entry ${id}`);
  for (const [field, text] of Object.entries(texts)) entry.texts[field as keyof typeof texts].insert(0, text);
}

describe('creating a journal entry', () => {
  it('a new entry has its date, creation time and six empty texts', () => {
    const doc = new Y.Doc();
    const id = createJournalEntry(doc, { date: DAY, now: NOW });
    const entry = getJournalEntry(doc, id);
    expect(entry).toMatchObject({ id, date: DAY, createdAt: NOW });
    expect(Object.keys(entry!.texts)).toEqual([...JOURNAL_TEXT_FIELDS]);
    for (const field of JOURNAL_TEXT_FIELDS) {
      expect(entry!.texts[field]).toBeInstanceOf(Y.Text);
      expect(entry!.texts[field].toString()).toBe('');
    }
  });

  it('each new entry gets its own id, made offline', () => {
    const doc = new Y.Doc();
    const ids = new Set(Array.from({ length: 50 }, () => createJournalEntry(doc, { date: DAY, now: NOW })));
    expect(ids.size).toBe(50);
    expect(countJournalEntries(doc)).toBe(50);
  });

  it('creating an entry is one transaction', () => {
    const doc = new Y.Doc();
    let updates = 0;
    doc.on('update', () => updates++);
    createJournalEntry(doc, { date: DAY, now: NOW });
    expect(updates).toBe(1);
  });

  it('creating an entry again with the same id keeps the first one and what was written in it', () => {
    const doc = new Y.Doc();
    const id = createJournalEntry(doc, { date: DAY, now: NOW, id: 'entry-fixed-id-01' as RecordId });
    write(doc, id, { gap: 'Anak belum mau bergantian.' });
    expect(createJournalEntry(doc, { date: '2024-08-01', now: NOW + 1, id })).toBe(id);
    expect(countJournalEntries(doc)).toBe(1);
    expect(getJournalEntry(doc, id)).toMatchObject({ date: DAY, createdAt: NOW });
    expect(getJournalEntry(doc, id)!.texts.gap.toString()).toBe('Anak belum mau bergantian.');
  });

  it.each(['2024-02-30', '15/07/2024', '', '2024-07-15T00:00:00Z'])('an entry dated %j is refused', (date) => {
    const doc = new Y.Doc();
    expect(() => createJournalEntry(doc, { date, now: NOW })).toThrow(expect.objectContaining({ reason: 'invalid-date' }));
    expect(doc.getMap('entries').size).toBe(0);
  });

  it('an entry with a creation time that is not a timestamp is refused', () => {
    const doc = new Y.Doc();
    expect(() => createJournalEntry(doc, { date: DAY, now: Number.NaN })).toThrow(
      expect.objectContaining({ reason: 'invalid-date' }),
    );
  });

  it('an entry with an empty id is refused', () => {
    const doc = new Y.Doc();
    expect(() => createJournalEntry(doc, { date: DAY, now: NOW, id: '' as RecordId })).toThrow(
      expect.objectContaining({ reason: 'invalid-id' }),
    );
  });

  it("a teacher's entry keeps its text after the document is re-encoded", () => {
    const doc = new Y.Doc();
    const id = createJournalEntry(doc, { date: DAY, now: NOW });
    write(doc, id, {
      className: 'Kelompok B2',
      activity: 'Anak bermain balok 🧱\ndi sentra bangun.',
      gap: 'Belum bergantian.',
    });
    const again = getJournalEntry(reencode(doc), id);
    expect(again).toMatchObject({ id, date: DAY, createdAt: NOW });
    expect(again!.texts.className.toString()).toBe('Kelompok B2');
    expect(again!.texts.activity.toString()).toBe('Anak bermain balok 🧱\ndi sentra bangun.');
    expect(again!.texts.gap.toString()).toBe('Belum bergantian.');
  });

  it('an entry can move to another day, and only to a real one', () => {
    const doc = new Y.Doc();
    const id = createJournalEntry(doc, { date: DAY, now: NOW });
    setJournalEntryDate(doc, id, '2024-07-16');
    expect(getJournalEntry(doc, id)?.date).toBe('2024-07-16');
    expect(() => setJournalEntryDate(doc, id, '2024-07-32')).toThrow(expect.objectContaining({ reason: 'invalid-date' }));
    expect(() => setJournalEntryDate(doc, 'missing' as RecordId, DAY)).toThrow(
      expect.objectContaining({ reason: 'not-found' }),
    );
  });
});

describe('reading the journal', () => {
  it('an unknown id opens nothing', () => {
    expect(getJournalEntry(new Y.Doc(), 'nope' as RecordId)).toBeUndefined();
  });

  it('opening an entry gives the live texts, so typing there changes the document', () => {
    const doc = new Y.Doc();
    const id = createJournalEntry(doc, { date: DAY, now: NOW });
    getJournalEntry(doc, id)!.texts.activity.insert(0, 'Menempel daun');
    expect(getJournalEntry(doc, id)!.texts.activity.toString()).toBe('Menempel daun');
    expect(listJournalEntries(doc)[0]!.preview).toBe('Menempel daun');
  });

  it('the list shows the newest day first, then the entry made last that day', () => {
    const doc = new Y.Doc();
    const older = createJournalEntry(doc, { date: '2024-07-14', now: NOW + 5000 });
    const morning = createJournalEntry(doc, { date: DAY, now: NOW });
    const afternoon = createJournalEntry(doc, { date: DAY, now: NOW + 1000 });
    const newest = createJournalEntry(doc, { date: '2024-08-01', now: NOW - 1000 });
    expect(listJournalEntries(doc).map((entry) => entry.id)).toEqual([newest, afternoon, morning, older]);
  });

  it('entries made at the same moment are listed in the same order on every phone', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    createJournalEntry(a, { date: DAY, now: NOW, id: 'zzzz-from-phone-a' as RecordId });
    createJournalEntry(b, { date: DAY, now: NOW, id: 'aaaa-from-phone-b' as RecordId });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(listJournalEntries(a).map((e) => e.id)).toEqual(['aaaa-from-phone-b', 'zzzz-from-phone-a']);
    expect(listJournalEntries(b)).toEqual(listJournalEntries(a));
  });

  it('the preview is the problem when there is one, else what happened, else her actions', () => {
    const doc = new Y.Doc();
    const withGap = createJournalEntry(doc, { date: DAY, now: NOW });
    write(doc, withGap, { activity: 'Bermain balok', gap: 'Belum bergantian' });
    const withActivity = createJournalEntry(doc, { date: DAY, now: NOW + 1 });
    write(doc, withActivity, { activity: 'Bermain balok', expected: 'Bergantian' });
    const withActions = createJournalEntry(doc, { date: DAY, now: NOW + 2 });
    write(doc, withActions, { actions: 'Saya melerai', expected: 'Bergantian' });
    const blank = createJournalEntry(doc, { date: DAY, now: NOW + 3 });
    write(doc, blank, { className: 'Kelompok A', gap: '  \n ' });
    const byId = new Map(listJournalEntries(doc).map((e) => [e.id, e]));
    expect(byId.get(withGap)!.preview).toBe('Belum bergantian');
    expect(byId.get(withActivity)!.preview).toBe('Bermain balok');
    expect(byId.get(withActions)!.preview).toBe('Saya melerai');
    expect(byId.get(blank)).toMatchObject({ preview: '', className: 'Kelompok A' });
  });

  it('a long problem is previewed as its first 120 characters with an ellipsis, whitespace collapsed', () => {
    const doc = new Y.Doc();
    const id = createJournalEntry(doc, { date: DAY, now: NOW });
    const long = `Anak\n\nbelum   ${'mau bergantian '.repeat(20)}`;
    write(doc, id, { gap: long });
    const preview = listJournalEntries(doc)[0]!.preview;
    const collapsed = long.replace(/\s+/g, ' ').trim();
    expect(preview.endsWith('…')).toBe(true);
    expect(collapsed.startsWith(preview.slice(0, -1))).toBe(true);
    expect([...preview.slice(0, -1)].length).toBeLessThanOrEqual(PREVIEW_LENGTH);
    expect([...preview.slice(0, -1)].length).toBeGreaterThan(PREVIEW_LENGTH - 2);
  });

  it('a preview never cuts an emoji in half', () => {
    const doc = new Y.Doc();
    const id = createJournalEntry(doc, { date: DAY, now: NOW });
    write(doc, id, { gap: '🧸'.repeat(200) });
    const preview = listJournalEntries(doc)[0]!.preview;
    expect(preview).toBe(`${'🧸'.repeat(PREVIEW_LENGTH)}…`);
  });

  it('a preview of exactly 120 characters has no ellipsis', () => {
    const doc = new Y.Doc();
    const id = createJournalEntry(doc, { date: DAY, now: NOW });
    write(doc, id, { gap: 'x'.repeat(PREVIEW_LENGTH) });
    expect(listJournalEntries(doc)[0]!.preview).toBe('x'.repeat(PREVIEW_LENGTH));
  });

  it('broken records are skipped by the list and the count, and the good ones still shown', () => {
    const doc = new Y.Doc();
    const good = createJournalEntry(doc, { date: DAY, now: NOW });
    const entries = doc.getMap<unknown>('entries');
    entries.set('plain-string', 'not a map');
    entries.set('a-number', 7);
    entries.set('an-array', new Y.Array());
    const badDate = createJournalEntry(doc, { date: DAY, now: NOW, id: 'bad-date-entry' as RecordId });
    (entries.get(badDate) as Y.Map<unknown>).set('date', '2024-02-30');
    const noText = createJournalEntry(doc, { date: DAY, now: NOW, id: 'missing-gap-entry' as RecordId });
    (entries.get(noText) as Y.Map<unknown>).delete('gap');
    const wrongId = createJournalEntry(doc, { date: DAY, now: NOW, id: 'wrong-id-entry' as RecordId });
    (entries.get(wrongId) as Y.Map<unknown>).set('id', 'something-else');
    const badTime = createJournalEntry(doc, { date: DAY, now: NOW, id: 'bad-created-at' as RecordId });
    (entries.get(badTime) as Y.Map<unknown>).set('createdAt', 'yesterday');
    const stringText = createJournalEntry(doc, { date: DAY, now: NOW, id: 'string-activity' as RecordId });
    (entries.get(stringText) as Y.Map<unknown>).set('activity', 'plain string');

    expect(listJournalEntries(doc).map((e) => e.id)).toEqual([good]);
    expect(countJournalEntries(doc)).toBe(1);
    for (const id of ['plain-string', 'a-number', 'an-array', badDate, noText, wrongId, badTime, stringText]) {
      expect(getJournalEntry(doc, id as RecordId)).toBeUndefined();
    }
  });

  it('reading an entry with a missing text does not write to the document', () => {
    const doc = new Y.Doc();
    const id = createJournalEntry(doc, { date: DAY, now: NOW });
    (doc.getMap<unknown>('entries').get(id) as Y.Map<unknown>).delete('methods');
    const before = Y.encodeStateVector(doc);
    let updates = 0;
    doc.on('update', () => updates++);
    expect(getJournalEntry(doc, id)).toBeUndefined();
    listJournalEntries(doc);
    countJournalEntries(doc);
    expect(updates).toBe(0);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('an empty journal lists nothing', () => {
    expect(listJournalEntries(new Y.Doc())).toEqual([]);
    expect(countJournalEntries(new Y.Doc())).toBe(0);
  });
});
