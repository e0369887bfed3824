import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createJournalEntry,
  initPersonalDoc,
  isValidPersonalDoc,
  setProfileName,
  validatePersonalDoc,
  type RecordId,
} from '../../../src/domain';
import { phoneWithV0Fixture } from './support';

const NOW = Date.UTC(2024, 6, 15);

function validDoc(): Y.Doc {
  const doc = new Y.Doc();
  initPersonalDoc(doc, NOW);
  setProfileName(doc, 'Bu Sari', NOW);
  createJournalEntry(doc, { date: '2024-07-15', now: NOW, id: 'entry-0000000001' as RecordId });
  return doc;
}

function paths(doc: Y.Doc): string[] {
  return validatePersonalDoc(doc).map((p) => p.path);
}

describe('validating a personal document', () => {
  it('a new document with a name and an entry is valid', () => {
    expect(validatePersonalDoc(validDoc())).toEqual([]);
    expect(isValidPersonalDoc(validDoc())).toBe(true);
  });

  it('a document without a name yet is valid', () => {
    const doc = new Y.Doc();
    initPersonalDoc(doc, NOW);
    expect(validatePersonalDoc(doc)).toEqual([]);
  });

  it('an empty document is not valid until it is initialised', () => {
    expect(paths(new Y.Doc())).toEqual(['meta.schema', 'meta.kind', 'meta.createdAt']);
  });

  it('a v0 document is reported as needing migration', () => {
    const problems = validatePersonalDoc(phoneWithV0Fixture());
    expect(problems[0]).toMatchObject({ path: 'meta.schema', problem: expect.stringContaining('migrate') });
  });

  it('unknown extra keys and top-level types from a newer writer are tolerated', () => {
    const doc = validDoc();
    doc.getMap('meta').set('theme', 'green');
    doc.getMap('profile').set('school', 'TK Pertiwi');
    (doc.getMap('entries').get('entry-0000000001') as Y.Map<unknown>).set('mood', 'senang');
    doc.getMap('settings').set('theme', 'x'); // `communities` is known since v2: see personalV2.test.ts
    doc.getArray('journal').push(['a v0 leftover']);
    expect(validatePersonalDoc(doc)).toEqual([]);
  });

  it.each([
    ['a newer schema', 'schema', 3, 'meta.schema'],
    ['the previous schema, not yet migrated', 'schema', 1, 'meta.schema'],
    ['a schema that is text', 'schema', '1', 'meta.schema'],
    ['a fractional schema', 'schema', 1.5, 'meta.schema'],
    ['a community kind', 'kind', 'community', 'meta.kind'],
    ['a createdAt that is text', 'createdAt', 'today', 'meta.createdAt'],
    ['a negative createdAt', 'createdAt', -1, 'meta.createdAt'],
  ])('meta with %s is reported', (_label, key, value, path) => {
    const doc = validDoc();
    doc.getMap('meta').set(key, value);
    expect(paths(doc)).toEqual([path]);
  });

  it.each([
    ['a number', 42],
    ['untrimmed', ' Bu Sari '],
    ['empty', ''],
    ['too long', 'a'.repeat(81)],
  ])('a profile name that is %s is reported', (_label, name) => {
    const doc = validDoc();
    doc.getMap('profile').set('name', name);
    expect(paths(doc)).toEqual(['profile.name']);
  });

  it('a profile updatedAt that is not a timestamp is reported', () => {
    const doc = validDoc();
    doc.getMap('profile').set('updatedAt', 'now');
    expect(paths(doc)).toEqual(['profile.updatedAt']);
  });

  it('each broken entry is reported with its path, and the good entry is not', () => {
    const doc = validDoc();
    const entries = doc.getMap<unknown>('entries');
    entries.set('not-a-map', 'text');
    const broken = new Y.Map<unknown>();
    broken.set('id', 'other-id');
    broken.set('date', '2024-13-01');
    broken.set('createdAt', Number.POSITIVE_INFINITY);
    broken.set('activity', 'plain string');
    entries.set('broken-entry', broken);
    expect(validatePersonalDoc(doc)).toEqual([
      { path: 'entries.broken-entry.id', problem: 'id differs from its key' },
      { path: 'entries.broken-entry.date', problem: 'not a YYYY-MM-DD date' },
      { path: 'entries.broken-entry.createdAt', problem: 'not a timestamp in milliseconds' },
      { path: 'entries.broken-entry.className', problem: 'missing Y.Text' },
      { path: 'entries.broken-entry.activity', problem: 'not a Y.Text' },
      { path: 'entries.broken-entry.methods', problem: 'missing Y.Text' },
      { path: 'entries.broken-entry.actions', problem: 'missing Y.Text' },
      { path: 'entries.broken-entry.expected', problem: 'missing Y.Text' },
      { path: 'entries.broken-entry.gap', problem: 'missing Y.Text' },
      { path: 'entries.not-a-map', problem: 'not a Y.Map' },
    ]);
  });

  it('an entry whose key is empty or longer than 128 characters is reported', () => {
    const doc = validDoc();
    createJournalEntry(doc, { date: '2024-07-15', now: NOW, id: 'x'.repeat(128) as RecordId });
    expect(paths(doc)).toEqual([]);
    for (const key of ['', 'y'.repeat(129)]) {
      const entry = new Y.Map<unknown>();
      entry.set('id', key);
      entry.set('date', '2024-07-15');
      entry.set('createdAt', NOW);
      for (const field of ['className', 'activity', 'methods', 'actions', 'expected', 'gap']) entry.set(field, new Y.Text());
      doc.getMap('entries').set(key, entry);
    }
    expect(validatePersonalDoc(doc)).toEqual([
      { path: 'entries.', problem: 'key is not a record id' },
      { path: `entries.${'y'.repeat(129)}`, problem: 'key is not a record id' },
    ]);
  });

  it('validating writes nothing', () => {
    const doc = phoneWithV0Fixture();
    let updates = 0;
    doc.on('update', () => updates++);
    validatePersonalDoc(doc);
    expect(updates).toBe(0);
  });
});
