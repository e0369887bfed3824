/**
 * Two or three phones holding the same v0 document each migrate it offline, keep writing, and merge
 * later. The migration must leave exactly one entry per v0 record, with the prototype's text once,
 * and (when the phones migrated the same state) keep everything typed afterwards on every phone.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createJournalEntry,
  getJournalEntry,
  JOURNAL_TEXT_FIELDS,
  listJournalEntries,
  migratePersonalDoc,
  readV0Journal,
  validatePersonalDoc,
  type JournalTextField,
  type RecordId,
} from '../../../src/domain';
import { V0_FIXTURE_RECORDS } from '../../fixtures/makePersonalV0';
import { contentOf, exchange, phoneWithV0Fixture, pushV0Record, rng } from './support';

const NOW = Date.UTC(2025, 0, 6);
const FIRST = V0_FIXTURE_RECORDS[0].id as RecordId;

function text(doc: Y.Doc, id: RecordId, field: JournalTextField): string {
  const entry = getJournalEntry(doc, id);
  if (!entry) throw new Error(`no entry ${id}`);
  return entry.texts[field].toString();
}

describe('two phones migrating the same v0 document offline', () => {
  it('merge into exactly one entry per v0 record, with the text once, not twice', () => {
    const a = phoneWithV0Fixture();
    const b = phoneWithV0Fixture();
    migratePersonalDoc(a, NOW);
    migratePersonalDoc(b, NOW + 3_600_000);
    exchange(a, b);
    for (const doc of [a, b]) {
      expect(listJournalEntries(doc)).toHaveLength(V0_FIXTURE_RECORDS.length);
      for (const record of V0_FIXTURE_RECORDS) {
        expect(text(doc, record.id as RecordId, 'activity')).toBe(record.happened);
        expect(text(doc, record.id as RecordId, 'gap')).toBe(record.problem);
      }
      expect(validatePersonalDoc(doc)).toEqual([]);
    }
    expect(contentOf(a)).toEqual(contentOf(b));
  });

  it('keep what the teacher typed on each phone after migrating, even in the same field', () => {
    const a = phoneWithV0Fixture();
    const b = phoneWithV0Fixture();
    migratePersonalDoc(a, NOW);
    migratePersonalDoc(b, NOW);
    getJournalEntry(a, FIRST)!.texts.gap.insert(0, '[HP 1] ');
    getJournalEntry(a, FIRST)!.texts.className.insert(0, 'Kelompok B');
    const gapB = getJournalEntry(b, FIRST)!.texts.gap;
    gapB.insert(gapB.length, ' [HP 2]');
    getJournalEntry(b, FIRST)!.texts.methods.insert(0, 'Balok unit');
    exchange(a, b);
    for (const doc of [a, b]) {
      expect(text(doc, FIRST, 'gap')).toBe(`[HP 1] ${V0_FIXTURE_RECORDS[0].problem} [HP 2]`);
      expect(text(doc, FIRST, 'className')).toBe('Kelompok B');
      expect(text(doc, FIRST, 'methods')).toBe('Balok unit');
    }
  });

  it('converge whichever phone syncs first and whether the other migrates before or after receiving', () => {
    const a = phoneWithV0Fixture();
    const b = phoneWithV0Fixture();
    const c = phoneWithV0Fixture();
    migratePersonalDoc(a, NOW);
    getJournalEntry(a, FIRST)!.texts.actions.insert(0, 'a');
    exchange(a, b); // b receives a's migration before migrating itself
    expect(migratePersonalDoc(b, NOW).changed).toBe(false);
    migratePersonalDoc(c, NOW); // c migrated alone, offline
    getJournalEntry(c, FIRST)!.texts.actions.insert(0, 'c');
    exchange(c, b);
    exchange(a, c);
    for (const doc of [a, b, c]) expect(['ca', 'ac']).toContain(text(doc, FIRST, 'actions'));
    expect(contentOf(a)).toEqual(contentOf(b));
    expect(contentOf(b)).toEqual(contentOf(c));
  });
});

describe('two phones repairing the same damaged entries offline', () => {
  it('write identical repairs even though each phone lists the entries in another order', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    migratePersonalDoc(a, NOW);
    exchange(a, b);
    // Each phone creates an entry, so each holds the two keys in a different insertion order.
    createJournalEntry(a, { date: '2024-07-15', now: NOW, id: 'entry-made-on-a-01' as RecordId });
    createJournalEntry(b, { date: '2024-07-15', now: NOW, id: 'entry-made-on-b-01' as RecordId });
    exchange(a, b);
    expect([...a.getMap('entries').keys()]).not.toEqual([...b.getMap('entries').keys()]);
    // A buggy tool drops a field in both entries, on phone a; b receives the damage.
    for (const id of ['entry-made-on-a-01', 'entry-made-on-b-01']) {
      (a.getMap('entries').get(id) as Y.Map<unknown>).delete('gap');
    }
    exchange(a, b);
    expect(migratePersonalDoc(a, NOW).repaired).toBe(2);
    expect(migratePersonalDoc(b, NOW + 1).repaired).toBe(2);
    const before = Y.encodeStateVector(a);
    expect(Y.encodeStateVector(b)).toEqual(before);
    exchange(a, b);
    expect(Y.encodeStateVector(a)).toEqual(before); // nothing new to exchange: the same items
    getJournalEntry(a, 'entry-made-on-b-01' as RecordId)!.texts.gap.insert(0, 'a');
    getJournalEntry(b, 'entry-made-on-b-01' as RecordId)!.texts.gap.insert(0, 'b');
    exchange(a, b);
    expect(['ab', 'ba']).toContain(text(a, 'entry-made-on-b-01' as RecordId, 'gap'));
  });
});

describe('two phones whose v0 journals differ before migrating', () => {
  it('still end with one entry per v0 record and each text once (one phone wins a shared record)', () => {
    const a = phoneWithV0Fixture();
    const b = phoneWithV0Fixture();
    pushV0Record(b, { id: 'written-offline-on-b', date: '2024-07-20', happened: 'Menari', problem: 'Malu' });
    migratePersonalDoc(a, NOW);
    migratePersonalDoc(b, NOW);
    exchange(a, b);
    expect(contentOf(a)).toEqual(contentOf(b));
    expect(listJournalEntries(a)).toHaveLength(V0_FIXTURE_RECORDS.length + 1);
    for (const record of V0_FIXTURE_RECORDS) expect(text(a, record.id as RecordId, 'gap')).toBe(record.problem);
    expect(text(a, 'written-offline-on-b' as RecordId, 'gap')).toBe('Malu');
    expect(validatePersonalDoc(a)).toEqual([]);
  });
});

describe('why migration writes through a deterministic client', () => {
  it('two phones that each create their own map for one key keep only one phone’s later typing', () => {
    // The naive migration: each phone makes the entry with its own client. Yjs keeps one map per key.
    const a = new Y.Doc();
    const b = new Y.Doc();
    for (const [doc, typed] of [
      [a, 'from A'],
      [b, 'from B'],
    ] as const) {
      const entry = new Y.Map<unknown>();
      entry.set('gap', new Y.Text('masalah'));
      doc.getMap('entries').set('same-key', entry);
      ((doc.getMap('entries').get('same-key') as Y.Map<unknown>).get('gap') as Y.Text).insert(0, typed);
    }
    exchange(a, b);
    const gap = ((a.getMap('entries').get('same-key') as Y.Map<unknown>).get('gap') as Y.Text).toString();
    expect(['from Amasalah', 'from Bmasalah']).toContain(gap);
  });
});

/**
 * Seeded random runs: three phones start from the v0 fixture; each keeps using the prototype (adding
 * v0 records) until it migrates; migrated phones type into entries; phones sync pairwise at random.
 * At the end everyone migrates and syncs. Oracle: phones converge, every usable v0 record is one
 * valid entry whose text, without the typed tokens, is the prototype's text exactly (never twice),
 * and no typed token appears more than once. When every phone migrated before the first sync, no
 * typed token may be lost.
 */
function run(seed: number, options: { migrateFirst: boolean }) {
  const random = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const phones = [phoneWithV0Fixture(), phoneWithV0Fixture(), phoneWithV0Fixture()];
  const migrated = [false, false, false];
  const log: string[] = [];
  const typed: string[] = [];
  if (options.migrateFirst) {
    phones.forEach((phone, i) => {
      migratePersonalDoc(phone, NOW + i);
      migrated[i] = true;
    });
  }
  for (let step = 0; step < 40; step++) {
    const p = Math.floor(random() * phones.length);
    const phone = phones[p]!;
    const roll = random();
    if (!migrated[p] && roll < 0.3) {
      const id = `s${seed}-p${p}-r${step}`;
      pushV0Record(phone, { id, date: `2024-08-${String(1 + (step % 28)).padStart(2, '0')}`, happened: `h ${id}`, problem: `m ${id}` });
      log.push(`${p}: prototype adds ${id}`);
    } else if (!migrated[p] && roll < 0.5) {
      migratePersonalDoc(phone, NOW + step);
      migrated[p] = true;
      log.push(`${p}: migrates`);
    } else if (migrated[p] && roll < 0.75) {
      const entries = listJournalEntries(phone);
      if (entries.length === 0) continue;
      const id = pick(entries).id;
      const field = pick(JOURNAL_TEXT_FIELDS);
      const token = `⟦${typed.length}⟧`;
      const target = getJournalEntry(phone, id)!.texts[field];
      target.insert(random() < 0.5 ? 0 : target.length, token);
      typed.push(token);
      log.push(`${p}: types ${token} into ${id}.${field}`);
    } else {
      const q = (p + 1 + Math.floor(random() * (phones.length - 1))) % phones.length;
      Y.applyUpdate(phones[q]!, Y.encodeStateAsUpdate(phone, Y.encodeStateVector(phones[q]!)));
      log.push(`${p} -> ${q}: sync`);
    }
  }
  phones.forEach((phone) => migratePersonalDoc(phone, NOW));
  exchange(...phones);
  phones.forEach((phone) => migratePersonalDoc(phone, NOW)); // catch-up of late v0 records
  exchange(...phones);

  const failures: string[] = [];
  const first = phones[0]!;
  for (const phone of phones.slice(1)) {
    if (!isDeepStrictEqual(contentOf(phone), contentOf(first))) failures.push('phones differ');
  }
  if (validatePersonalDoc(first).length > 0) failures.push(`invalid: ${JSON.stringify(validatePersonalDoc(first))}`);
  const strip = (s: string) => s.replace(/⟦\d+⟧/g, '');
  const { records } = readV0Journal(first);
  for (const record of records) {
    const entry = getJournalEntry(first, record.id as RecordId);
    if (!entry) {
      failures.push(`no entry for ${record.id}`);
      continue;
    }
    const expected: Record<JournalTextField, string> = {
      className: '',
      activity: record.happened,
      methods: '',
      actions: '',
      expected: record.shouldHave,
      gap: record.problem,
    };
    for (const field of JOURNAL_TEXT_FIELDS) {
      if (strip(entry.texts[field].toString()) !== expected[field]) failures.push(`${record.id}.${field} text changed`);
    }
  }
  if (listJournalEntries(first).length !== records.length) failures.push('entries and v0 records differ in number');
  const all = JSON.stringify(first.getMap('entries').toJSON());
  for (const token of typed) {
    const occurrences = all.split(token).length - 1;
    if (occurrences > 1) failures.push(`${token} duplicated`);
    if (options.migrateFirst && occurrences === 0) failures.push(`${token} lost`);
  }
  return { failures, log };
}

describe('random offline histories (seeded)', () => {
  for (const migrateFirst of [true, false]) {
    const label = migrateFirst ? 'phones that migrated the same state lose no typing' : 'diverged phones converge';
    it(`${label} (200 seeds)`, () => {
      for (let seed = 1; seed <= 200; seed++) {
        const { failures, log } = run(seed, { migrateFirst });
        if (failures.length > 0) {
          throw new Error(`seed ${seed}: ${failures.join('; ')}\noperations:\n${log.join('\n')}`);
        }
      }
    });
  }
});
