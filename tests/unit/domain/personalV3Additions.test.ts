import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createJournalEntry,
  ENTRY_TAGS,
  entriesOfTrial,
  entriesWithTag,
  entrySharedAs,
  getEntryMode,
  getEntryTags,
  getEntryTrial,
  initPersonalDoc,
  linkEntryToTrial,
  listChildNames,
  migratePersonalDoc,
  QUICK_MODE_FIELDS,
  recordEntryShared,
  SCHEMA_VERSION,
  setChildNames,
  setEntryMode,
  setEntryTags,
  validatePersonalDoc,
  type DocName,
  type RecordId,
} from '../../../src/domain';
import { exchange, phoneWithV0Fixture, reencode } from './support';

const NOW = Date.UTC(2025, 7, 11, 12, 0);
const COMMUNITY = 'c-AAAAAAAAAAAAAAAAAAAAAA' as DocName;
const OTHER = 'c-BBBBBBBBBBBBBBBBBBBBBB' as DocName;

function personal(): Y.Doc {
  const doc = new Y.Doc();
  initPersonalDoc(doc, NOW);
  return doc;
}

describe('the children roster (her phone only)', () => {
  it('names are trimmed, kept once whatever their case, and listed as people read them', () => {
    const doc = personal();
    setChildNames(doc, ['  Siti  Nur ', 'budi', 'Budi', 'Ahmad 10', 'Ahmad 9']);
    expect(listChildNames(doc)).toEqual(['Ahmad 9', 'Ahmad 10', 'budi', 'Siti Nur']);
  });

  it('setting the same roster again writes nothing', () => {
    const doc = personal();
    setChildNames(doc, ['Budi', 'Dewi']);
    let updates = 0;
    doc.on('update', () => (updates += 1));
    setChildNames(doc, ['Dewi', 'Budi']);
    expect(updates).toBe(0);
  });

  it('a name added on one phone and another removed on the second phone offline both hold after the merge', () => {
    const doc = personal();
    setChildNames(doc, ['Budi', 'Dewi']);
    const a = reencode(doc);
    const b = reencode(doc);
    setChildNames(a, ['Budi', 'Dewi', 'Raka']);
    setChildNames(b, ['Budi']);
    exchange(a, b);
    expect(listChildNames(a)).toEqual(['Budi', 'Raka']);
    expect(listChildNames(b)).toEqual(listChildNames(a));
  });

  it('the same name added on two phones appears once', () => {
    const doc = personal();
    const a = reencode(doc);
    const b = reencode(doc);
    setChildNames(a, ['Raka']);
    setChildNames(b, ['Raka']);
    exchange(a, b);
    expect(listChildNames(a)).toEqual(['Raka']);
  });

  it('an empty or multi-line name is refused', () => {
    const doc = personal();
    expect(() => setChildNames(doc, [' '])).toThrow(expect.objectContaining({ reason: 'invalid-name' }));
    expect(() => setChildNames(doc, ['a\u0000b'])).toThrow(expect.objectContaining({ reason: 'invalid-name' }));
  });
});

describe('tags and quick mode of a journal entry', () => {
  it('tags are kept once each in the picker’s order, and unknown tags are refused', () => {
    const doc = personal();
    const id = createJournalEntry(doc, { date: '2025-08-11', now: NOW });
    expect(getEntryTags(doc, id)).toEqual([]);
    setEntryTags(doc, id, ['area:balok', 'aspek:kognitif', 'area:balok']);
    expect(getEntryTags(doc, id)).toEqual(['aspek:kognitif', 'area:balok']);
    expect(entriesWithTag(doc, 'area:balok')).toEqual([id]);
    expect(() => setEntryTags(doc, id, ['kognitif'])).toThrow(expect.objectContaining({ reason: 'invalid-kind' }));
    expect(() => setEntryTags(doc, 'nope' as RecordId, ['aspek:seni'])).toThrow(expect.objectContaining({ reason: 'not-found' }));
  });

  it('the six aspects of development are all tags', () => {
    for (const aspect of ['nilai-agama-moral', 'fisik-motorik', 'kognitif', 'bahasa', 'sosial-emosional', 'seni']) {
      expect(ENTRY_TAGS).toContain(`aspek:${aspect}`);
    }
  });

  it('an entry is full unless made or switched to quick mode, whose three prompts include the gap', () => {
    const doc = personal();
    const full = createJournalEntry(doc, { date: '2025-08-11', now: NOW });
    const quick = createJournalEntry(doc, { date: '2025-08-11', now: NOW, mode: 'quick' });
    expect(getEntryMode(doc, full)).toBe('full');
    expect(getEntryMode(doc, quick)).toBe('quick');
    setEntryMode(doc, quick, 'full');
    expect(getEntryMode(doc, quick)).toBe('full');
    expect(QUICK_MODE_FIELDS).toEqual(['activity', 'actions', 'gap']);
  });
});

describe('links from an entry to the community side', () => {
  it('entries linked to a trial are listed oldest first, and unlinking removes one', () => {
    const doc = personal();
    const later = createJournalEntry(doc, { date: '2025-08-13', now: NOW });
    const earlier = createJournalEntry(doc, { date: '2025-08-12', now: NOW });
    const unrelated = createJournalEntry(doc, { date: '2025-08-12', now: NOW + 1 });
    linkEntryToTrial(doc, later, COMMUNITY, 'trial-1' as RecordId);
    linkEntryToTrial(doc, earlier, COMMUNITY, 'trial-1' as RecordId);
    linkEntryToTrial(doc, unrelated, OTHER, 'trial-1' as RecordId);
    expect(entriesOfTrial(doc, 'trial-1' as RecordId, COMMUNITY)).toEqual([earlier, later]);
    expect(getEntryTrial(doc, later)).toEqual({ doc: COMMUNITY, trialId: 'trial-1' });
    linkEntryToTrial(doc, later, COMMUNITY, null);
    expect(entriesOfTrial(doc, 'trial-1' as RecordId, COMMUNITY)).toEqual([earlier]);
    expect(() => linkEntryToTrial(doc, earlier, 'p-AAAAAAAAAAAAAAAAAAAAAA' as DocName, 'trial-1' as RecordId)).toThrow(expect.objectContaining({ reason: 'invalid-id' }));
  });

  it('where an entry was shared is kept per community, and shares from two phones offline both survive', () => {
    const doc = personal();
    const id = createJournalEntry(doc, { date: '2025-08-11', now: NOW });
    const a = reencode(doc);
    const b = reencode(doc);
    recordEntryShared(a, id, COMMUNITY, 'problem-a' as RecordId);
    recordEntryShared(b, id, OTHER, 'problem-b' as RecordId);
    exchange(a, b);
    expect(entrySharedAs(a, id)).toEqual([
      { doc: COMMUNITY, problemId: 'problem-a' },
      { doc: OTHER, problemId: 'problem-b' },
    ]);
    expect(entrySharedAs(b, id)).toEqual(entrySharedAs(a, id));
  });
});

describe('the additions and the personal migration', () => {
  it('they need no new version: the schema stays 2, and a document using them is valid', () => {
    expect(SCHEMA_VERSION).toBe(2);
    const doc = personal();
    const id = createJournalEntry(doc, { date: '2025-08-11', now: NOW, mode: 'quick' });
    setChildNames(doc, ['Budi']);
    setEntryTags(doc, id, ['aspek:bahasa']);
    linkEntryToTrial(doc, id, COMMUNITY, 'trial-1' as RecordId);
    recordEntryShared(doc, id, COMMUNITY, 'problem-1' as RecordId);
    expect(validatePersonalDoc(doc)).toEqual([]);
  });

  it('migrating a document that uses them writes nothing, however often', () => {
    const doc = personal();
    const id = createJournalEntry(doc, { date: '2025-08-11', now: NOW, mode: 'quick' });
    setChildNames(doc, ['Budi']);
    setEntryTags(doc, id, ['aspek:bahasa']);
    recordEntryShared(doc, id, COMMUNITY, 'problem-1' as RecordId);
    let updates = 0;
    doc.on('update', () => (updates += 1));
    expect(migratePersonalDoc(doc, NOW + 1).changed).toBe(false);
    expect(migratePersonalDoc(doc, NOW + 2).changed).toBe(false);
    expect(updates).toBe(0);
  });

  it('entries migrated from the prototype read with no tags, full mode, no trial and no share', () => {
    const doc = phoneWithV0Fixture();
    migratePersonalDoc(doc, NOW);
    const ids = [...doc.getMap('entries').keys()] as RecordId[];
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      expect(getEntryTags(doc, id)).toEqual([]);
      expect(getEntryMode(doc, id)).toBe('full');
      expect(getEntryTrial(doc, id)).toBeUndefined();
      expect(entrySharedAs(doc, id)).toEqual([]);
    }
    expect(listChildNames(doc)).toEqual([]);
  });

  it('two phones that migrate one prototype document offline and then tag and fill the roster converge', () => {
    const a = phoneWithV0Fixture();
    const b = phoneWithV0Fixture();
    migratePersonalDoc(a, NOW);
    migratePersonalDoc(b, NOW + 5);
    const [first, second] = [...a.getMap('entries').keys()].sort() as RecordId[];
    setEntryTags(a, first!, ['aspek:seni']);
    setEntryTags(b, second!, ['area:sains']);
    setChildNames(a, ['Budi']);
    setChildNames(b, ['Dewi']);
    exchange(a, b);
    expect(a.getMap('entries').toJSON()).toEqual(b.getMap('entries').toJSON());
    expect(getEntryTags(b, first!)).toEqual(['aspek:seni']);
    expect(getEntryTags(a, second!)).toEqual(['area:sains']);
    expect(listChildNames(a)).toEqual(['Budi', 'Dewi']);
    expect(validatePersonalDoc(a)).toEqual([]);
    expect(migratePersonalDoc(a, NOW + 9).changed).toBe(false);
  });

  it('damaged additions are reported by validation and read as defaults', () => {
    const doc = personal();
    const id = createJournalEntry(doc, { date: '2025-08-11', now: NOW });
    const record = doc.getMap('entries').get(id) as Y.Map<unknown>;
    record.set('tags', 'aspek:seni');
    record.set('mode', 'lambat');
    record.set('trialId', 7);
    doc.getArray('children').push([42]);
    doc.getMap('sharedAs').set('no-slash', 'problem-1');
    expect(getEntryTags(doc, id)).toEqual([]);
    expect(getEntryMode(doc, id)).toBe('full');
    expect(validatePersonalDoc(doc).map((p) => p.path)).toEqual([
      `entries.${id}.tags`,
      `entries.${id}.mode`,
      'children.0',
      'sharedAs.no-slash',
      `entries.${id}.trialId`,
    ]);
  });
});
