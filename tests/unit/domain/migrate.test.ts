import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createJournalEntry,
  deterministicClientId,
  getJournalEntry,
  getProfileName,
  initPersonalDoc,
  listJournalEntries,
  MIGRATION_ORIGIN,
  MIGRATION_TAG,
  migratePersonalDoc,
  migratePersonalDocTo,
  MIGRATION_V2_TAG,
  readSchemaVersion,
  validatePersonalDoc,
  type RecordId,
} from '../../../src/domain';
import { makePersonalV0Doc, V0_FIXTURE_RECORDS } from '../../fixtures/makePersonalV0';
import { contentOf, phoneWithV0Fixture, pushV0Record, reencode, v0FixtureBytes } from './support';

const NOW = Date.UTC(2025, 0, 6, 1, 0);

function countUpdates(doc: Y.Doc): () => number {
  let updates = 0;
  doc.on('update', () => updates++);
  return () => updates;
}

describe('the v0 fixture', () => {
  it('is still what tests/fixtures/makePersonalV0.ts makes', () => {
    expect(Y.encodeStateAsUpdate(makePersonalV0Doc())).toEqual(v0FixtureBytes());
  });

  it('is a v0 document: no schema, a profile name, and a journal array', () => {
    const doc = phoneWithV0Fixture();
    expect(readSchemaVersion(doc)).toBe(0);
    expect(doc.getMap('meta').size).toBe(0);
    expect(doc.getArray('journal').length).toBe(V0_FIXTURE_RECORDS.length + 1);
  });
});

describe('migrating a v0 document (to the current version, through v1)', () => {
  it("every prototype record becomes an entry with the teacher's words in the matching fields", () => {
    const doc = phoneWithV0Fixture();
    migratePersonalDoc(doc, NOW);
    for (const record of V0_FIXTURE_RECORDS) {
      const entry = getJournalEntry(doc, record.id as RecordId);
      expect(entry, record.id).toBeDefined();
      expect(entry!.date).toBe(record.date.slice(0, 10));
      expect(entry!.texts.activity.toString()).toBe(record.happened);
      expect(entry!.texts.expected.toString()).toBe(record.shouldHave);
      expect(entry!.texts.gap.toString()).toBe(record.problem);
      for (const field of ['className', 'methods', 'actions'] as const) expect(entry!.texts[field].toString()).toBe('');
    }
  });

  it('reports what it did: from 0 to 2 in one go, three imported, the record without an id skipped', () => {
    expect(migratePersonalDoc(phoneWithV0Fixture(), NOW)).toEqual({
      from: 0,
      to: 2,
      changed: true,
      imported: 3,
      repaired: 0,
      skipped: [{ index: 3, problem: 'no usable id' }],
    });
  });

  it('leaves the v0 journal and the profile exactly as they were', () => {
    const doc = phoneWithV0Fixture();
    const before = { journal: doc.getArray('journal').toJSON(), profile: doc.getMap('profile').toJSON() };
    migratePersonalDoc(doc, NOW);
    expect({ journal: doc.getArray('journal').toJSON(), profile: doc.getMap('profile').toJSON() }).toEqual(before);
    expect(getProfileName(doc)).toBe('Bu Sari Wulandari');
  });

  it('gives a valid v2 document that stays valid when re-encoded', () => {
    const doc = phoneWithV0Fixture();
    migratePersonalDoc(doc, NOW);
    expect(readSchemaVersion(doc)).toBe(2);
    expect(doc.getMap('meta').toJSON()).toEqual({ schema: 2, kind: 'personal', createdAt: Date.UTC(2024, 6, 15) });
    expect(validatePersonalDoc(doc)).toEqual([]);
    expect(validatePersonalDoc(reencode(doc))).toEqual([]);
    expect(listJournalEntries(reencode(doc))).toEqual(listJournalEntries(doc));
  });

  it('keeps the prototype order within a day: the record written later is listed first', () => {
    const doc = phoneWithV0Fixture();
    migratePersonalDoc(doc, NOW);
    expect(listJournalEntries(doc).map((e) => e.id)).toEqual([
      V0_FIXTURE_RECORDS[2].id,
      V0_FIXTURE_RECORDS[1].id,
      V0_FIXTURE_RECORDS[0].id,
    ]);
    expect(listJournalEntries(doc)[1]!.preview).toBe(V0_FIXTURE_RECORDS[1].happened);
  });

  it('is one transaction, with the migration origin', () => {
    const doc = phoneWithV0Fixture();
    const origins: unknown[] = [];
    doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
    migratePersonalDoc(doc, NOW);
    expect(origins).toEqual([MIGRATION_ORIGIN]);
  });

  it('is idempotent: migrating twice writes nothing the second time and equals migrating once', () => {
    const once = phoneWithV0Fixture();
    migratePersonalDoc(once, NOW);
    const twice = phoneWithV0Fixture();
    migratePersonalDoc(twice, NOW);
    const updates = countUpdates(twice);
    expect(migratePersonalDoc(twice, NOW + 60_000)).toEqual({
      from: 2,
      to: 2,
      changed: false,
      imported: 0,
      repaired: 0,
      skipped: [{ index: 3, problem: 'no usable id' }],
    });
    expect(updates()).toBe(0);
    expect(Y.encodeStateAsUpdate(twice)).toEqual(Y.encodeStateAsUpdate(once));
  });

  it('does not depend on the time or on the phone that runs it', () => {
    const a = phoneWithV0Fixture();
    const b = phoneWithV0Fixture();
    migratePersonalDoc(a, NOW);
    migratePersonalDoc(b, NOW + 86_400_000);
    expect(a.clientID).not.toBe(b.clientID);
    expect(Y.encodeStateAsUpdate(a)).toEqual(Y.encodeStateAsUpdate(b));
  });

  it('the v1 pass still writes, byte for byte, what v1 apps write under MIGRATION_TAG (frozen since v2)', () => {
    // This hash was pinned by v1. A v1 phone and a v2 phone migrating the same v0 document offline
    // must make the same entries, so the pass may never change: later versions add steps instead.
    const v0 = phoneWithV0Fixture();
    const doc = phoneWithV0Fixture();
    expect(migratePersonalDocTo(doc, NOW, 1)).toMatchObject({ from: 0, to: 1, imported: 3 });
    const written = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(v0));
    const sha256 = createHash('sha256').update(written).digest('hex');
    expect({ tag: MIGRATION_TAG, sha256 }).toEqual({
      tag: 'sejawat/personal/migrate@1',
      sha256: '8dc764a6c6dd00beb96d36fd089779fa63f325fdce7844307a63fad8b0bd6f0a',
    });
  });

  it('writes what MIGRATION_TAG and MIGRATION_V2_TAG name: change the output, bump the tag (then re-pin this hash)', () => {
    const v0 = phoneWithV0Fixture();
    const doc = phoneWithV0Fixture();
    migratePersonalDoc(doc, NOW);
    const written = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(v0));
    const sha256 = createHash('sha256').update(written).digest('hex');
    expect({ tags: [MIGRATION_TAG, MIGRATION_V2_TAG], sha256 }).toEqual({
      tags: ['sejawat/personal/migrate@1', 'sejawat/personal/v2@1'],
      sha256: 'db5f42dda5832a2ad828179e29b586ba2755ca38bc8b37f7c3057aebfe52e33b',
    });
  });

  it('does not overwrite an entry that already exists under a v0 id, nor what was typed in it', () => {
    const doc = phoneWithV0Fixture();
    const id = V0_FIXTURE_RECORDS[0].id as RecordId;
    createJournalEntry(doc, { date: '2024-09-01', now: NOW, id });
    getJournalEntry(doc, id)!.texts.gap.insert(0, 'sudah diketik');
    expect(migratePersonalDoc(doc, NOW).imported).toBe(2);
    expect(getJournalEntry(doc, id)).toMatchObject({ date: '2024-09-01', createdAt: NOW });
    expect(getJournalEntry(doc, id)!.texts.gap.toString()).toBe('sudah diketik');
  });

  it('imports a v0 record that arrives later from a phone still running the prototype', () => {
    const doc = phoneWithV0Fixture();
    migratePersonalDoc(doc, NOW);
    const prototype = reencode(doc);
    pushV0Record(prototype, { id: 'late-v0-record-0001', date: '2024-07-25', happened: 'Menggambar', problem: 'Krayon kurang' });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(prototype, Y.encodeStateVector(doc)));
    expect(getJournalEntry(doc, 'late-v0-record-0001' as RecordId)).toBeUndefined();
    expect(migratePersonalDoc(doc, NOW)).toMatchObject({ from: 2, to: 2, changed: true, imported: 1 });
    expect(getJournalEntry(doc, 'late-v0-record-0001' as RecordId)!.texts.gap.toString()).toBe('Krayon kurang');
    expect(listJournalEntries(doc)[0]!.id).toBe('late-v0-record-0001');
    expect(migratePersonalDoc(doc, NOW).changed).toBe(false);
  });

  it('skips v0 records it cannot place (duplicate id, no date, not a map) and keeps them in the journal', () => {
    const doc = new Y.Doc();
    pushV0Record(doc, { id: 'same-id-000000001', date: '2024-07-01', happened: 'pertama' });
    pushV0Record(doc, { id: 'same-id-000000001', date: '2024-07-02', happened: 'kedua' });
    pushV0Record(doc, { id: 'no-date-000000001', happened: 'tanpa tanggal' });
    pushV0Record(doc, { id: 'bad-date-00000001', date: '2024-02-30', happened: 'tanggal salah' });
    doc.getArray('journal').push(['just a string']);
    const result = migratePersonalDoc(doc, NOW);
    expect(result.imported).toBe(1);
    expect(result.skipped).toEqual([
      { index: 1, problem: 'duplicate id same-id-000000001' },
      { index: 2, problem: 'no usable date' },
      { index: 3, problem: 'no usable date' },
      { index: 4, problem: 'not a Y.Map' },
    ]);
    expect(getJournalEntry(doc, 'same-id-000000001' as RecordId)!.texts.activity.toString()).toBe('pertama');
    expect(doc.getArray('journal').length).toBe(5);
  });

  it('reads a v0 field that a prototype build stored as Y.Text', () => {
    const doc = new Y.Doc();
    const record = new Y.Map<unknown>();
    record.set('id', 'ytext-record-0001');
    record.set('date', '2024-07-01');
    record.set('problem', new Y.Text('masalah sebagai Y.Text'));
    doc.getArray('journal').push([record]);
    migratePersonalDoc(doc, NOW);
    expect(getJournalEntry(doc, 'ytext-record-0001' as RecordId)!.texts.gap.toString()).toBe('masalah sebagai Y.Text');
  });
});

describe('opening documents of other versions', () => {
  it('a new empty document gets schema 2, kind personal and its creation time', () => {
    const doc = new Y.Doc();
    expect(readSchemaVersion(doc)).toBe(0);
    const updates = countUpdates(doc);
    initPersonalDoc(doc, NOW);
    expect(updates()).toBe(1);
    expect(doc.getMap('meta').toJSON()).toEqual({ schema: 2, kind: 'personal', createdAt: NOW });
    expect(validatePersonalDoc(doc)).toEqual([]);
    initPersonalDoc(doc, NOW + 1000);
    expect(updates()).toBe(1);
    expect(doc.getMap('meta').get('createdAt')).toBe(NOW);
  });

  it('a document from a newer app is refused and left untouched', () => {
    const doc = new Y.Doc();
    doc.getMap('meta').set('schema', 3);
    doc.getArray('journal').push(['anything']);
    const updates = countUpdates(doc);
    expect(() => initPersonalDoc(doc, NOW)).toThrow(expect.objectContaining({ name: 'DomainError', reason: 'newer-schema' }));
    expect(() => migratePersonalDoc(doc, NOW)).toThrow(expect.objectContaining({ reason: 'newer-schema' }));
    expect(updates()).toBe(0);
    expect(readSchemaVersion(doc)).toBe(3);
  });

  it.each([
    ['a schema that is text', 'schema', '1'],
    ['a schema of zero', 'schema', 0],
    ['a fractional schema', 'schema', 1.5],
  ])('a document with %s is refused as invalid', (_label, key, value) => {
    const doc = new Y.Doc();
    doc.getMap('meta').set(key, value);
    expect(() => readSchemaVersion(doc)).toThrow(expect.objectContaining({ reason: 'invalid-schema' }));
    expect(() => initPersonalDoc(doc, NOW)).toThrow(expect.objectContaining({ reason: 'invalid-schema' }));
  });

  it('a community document opened as a personal one is refused and left untouched', () => {
    const doc = new Y.Doc();
    doc.getMap('meta').set('schema', 1);
    doc.getMap('meta').set('kind', 'community');
    const updates = countUpdates(doc);
    expect(() => initPersonalDoc(doc, NOW)).toThrow(expect.objectContaining({ reason: 'invalid-schema' }));
    expect(updates()).toBe(0);
  });
});

describe('repairing damaged v1 entries', () => {
  it('a missing text field is recreated empty, and a plain-string field becomes a Y.Text with its words', () => {
    const doc = new Y.Doc();
    initPersonalDoc(doc, NOW);
    const id = createJournalEntry(doc, { date: '2024-07-15', now: NOW });
    getJournalEntry(doc, id)!.texts.activity.insert(0, 'tetap ada');
    const record = doc.getMap<unknown>('entries').get(id) as Y.Map<unknown>;
    record.delete('gap');
    record.set('expected', 'seharusnya bergantian');
    expect(getJournalEntry(doc, id)).toBeUndefined();
    expect(migratePersonalDoc(doc, NOW)).toMatchObject({ from: 2, changed: true, imported: 0, repaired: 2 });
    const entry = getJournalEntry(doc, id)!;
    expect(entry.texts.gap.toString()).toBe('');
    expect(entry.texts.expected.toString()).toBe('seharusnya bergantian');
    expect(entry.texts.activity.toString()).toBe('tetap ada');
    expect(validatePersonalDoc(doc)).toEqual([]);
    expect(migratePersonalDoc(doc, NOW).changed).toBe(false);
  });

  it('a record that is not a map is left alone (still reported by validation)', () => {
    const doc = new Y.Doc();
    initPersonalDoc(doc, NOW);
    doc.getMap('entries').set('junk', 'not a map');
    expect(migratePersonalDoc(doc, NOW).changed).toBe(false);
    expect(doc.getMap('entries').get('junk')).toBe('not a map');
    expect(validatePersonalDoc(doc).map((p) => p.path)).toEqual(['entries.junk']);
  });
});

describe('the deterministic migration client', () => {
  it('is the same on two phones with the same state, whatever their own client ids', () => {
    const a = phoneWithV0Fixture();
    const b = phoneWithV0Fixture();
    expect(deterministicClientId(a, MIGRATION_TAG)).toBe(deterministicClientId(b, MIGRATION_TAG));
  });

  it('differs when the state differs, or the tag', () => {
    const a = phoneWithV0Fixture();
    const b = phoneWithV0Fixture();
    pushV0Record(b, { id: 'one-more-record-01', date: '2024-07-20' });
    expect(deterministicClientId(a, MIGRATION_TAG)).not.toBe(deterministicClientId(b, MIGRATION_TAG));
    expect(deterministicClientId(a, MIGRATION_TAG)).not.toBe(deterministicClientId(a, 'another/tag@1'));
  });

  it('differs when only a deletion differs (same state vector, another delete set)', () => {
    const a = phoneWithV0Fixture();
    const b = phoneWithV0Fixture();
    b.getArray('journal').delete(3, 1); // deleting writes no new item, only a deletion
    expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(b));
    expect(deterministicClientId(a, MIGRATION_TAG)).not.toBe(deterministicClientId(b, MIGRATION_TAG));
  });

  it('is an unsigned 32-bit id that has not written to the document', () => {
    for (let i = 0; i < 20; i++) {
      const doc = new Y.Doc();
      doc.getMap('profile').set('name', `guru ${i}`);
      const id = deterministicClientId(doc, MIGRATION_TAG);
      expect(Number.isInteger(id) && id > 0 && id < 2 ** 32).toBe(true);
      expect(Y.decodeStateVector(Y.encodeStateVector(doc)).has(id)).toBe(false);
    }
  });
});
