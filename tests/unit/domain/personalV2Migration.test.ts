/**
 * Personal schema v2 (`communities`): a v1 document migrates to v2, a v0 one straight to v2, and phones
 * that migrate offline (some still on a v1 app) converge without losing anything typed.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCommunityMembership,
  createJournalEntry,
  getJournalEntry,
  JOURNAL_TEXT_FIELDS,
  listCommunityMemberships,
  listJournalEntries,
  migratePersonalDoc,
  migratePersonalDocTo,
  MIGRATION_ORIGIN,
  readSchemaVersion,
  readV0Journal,
  setProfileName,
  validatePersonalDoc,
  type DocName,
  type RecordId,
  type RoomKey,
} from '../../../src/domain';
import { V0_FIXTURE_RECORDS } from '../../fixtures/makePersonalV0';
import { exchange, phoneWithV0Fixture, reencode, rng } from './support';

const NOW = Date.UTC(2025, 1, 7, 6, 0);
const ENTRY = 'entry-v1-0000001' as RecordId;

/** Everything in a personal document, v2 included, to compare replicas. */
function contentOf(doc: Y.Doc): unknown {
  return {
    meta: doc.getMap('meta').toJSON(),
    profile: doc.getMap('profile').toJSON(),
    entries: doc.getMap('entries').toJSON(),
    communities: doc.getMap('communities').toJSON(),
    journal: doc.getArray('journal').toJSON(),
  };
}

/** A document as a v1 app left it: meta v1, a name, one entry with text. */
function v1Document(): Y.Doc {
  const doc = new Y.Doc();
  migratePersonalDocTo(doc, NOW, 1); // what a v1 app does
  setProfileName(doc, 'Bu Sari', NOW);
  createJournalEntry(doc, { date: '2025-02-03', now: NOW, id: ENTRY });
  getJournalEntry(doc, ENTRY)!.texts.gap.insert(0, 'Anak belum mau bergantian.');
  return doc;
}

function membership(n: number) {
  return {
    doc: `c-community0000000${n}` as DocName,
    key: `room-key-00000000000${n}` as RoomKey,
    memberId: `member-${n}` as RecordId,
    memberSecret: `secret-${n}-0123456789`,
    name: `KB ${n}`,
    joinedAt: NOW + n,
  };
}

function updatesOf(doc: Y.Doc): unknown[] {
  const origins: unknown[] = [];
  doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
  return origins;
}

describe('a v1 personal document opened by this app', () => {
  it('becomes v2: only meta.schema changes, in one transaction, and the document is valid', () => {
    const doc = v1Document();
    expect(readSchemaVersion(doc)).toBe(1);
    const before = contentOf(doc) as { meta: object };
    const origins = updatesOf(doc);
    expect(migratePersonalDoc(doc, NOW + 1)).toEqual({ from: 1, to: 2, changed: true, imported: 0, repaired: 0, skipped: [] });
    expect(origins).toEqual([MIGRATION_ORIGIN]);
    expect(contentOf(doc)).toEqual({ ...before, meta: { ...before.meta, schema: 2 } });
    expect(validatePersonalDoc(doc)).toEqual([]);
    expect(listCommunityMemberships(doc)).toEqual([]);
  });

  it('is idempotent: the second opening writes nothing', () => {
    const doc = v1Document();
    migratePersonalDoc(doc, NOW);
    const origins = updatesOf(doc);
    expect(migratePersonalDoc(doc, NOW + 1)).toMatchObject({ from: 2, to: 2, changed: false });
    expect(origins).toEqual([]);
  });

  it('is written by a deterministic client, not the phone’s own, and not from the clock', () => {
    const a = v1Document();
    const b = reencode(a);
    const before = Y.decodeStateVector(Y.encodeStateVector(a));
    migratePersonalDoc(a, NOW);
    migratePersonalDoc(b, NOW + 86_400_000);
    expect(Y.encodeStateAsUpdate(a)).toEqual(Y.encodeStateAsUpdate(b));
    const writers = [...Y.decodeStateVector(Y.encodeStateVector(a))].filter(([client, clock]) => before.get(client) !== clock);
    expect(writers).toHaveLength(1);
    expect([a.clientID, b.clientID]).not.toContain(writers[0]![0]);
  });

  it('completes a v1 meta that lacks its creation time from the content, not from the clock', () => {
    const doc = v1Document();
    doc.getMap('meta').delete('createdAt');
    migratePersonalDoc(doc, NOW + 999_999);
    expect(doc.getMap('meta').toJSON()).toEqual({ schema: 2, kind: 'personal', createdAt: NOW });
  });
});

describe('a v0 document opened by this app', () => {
  it('goes to v2 in one go, one transaction, with every prototype record as an entry', () => {
    const doc = phoneWithV0Fixture();
    const origins = updatesOf(doc);
    expect(migratePersonalDoc(doc, NOW)).toMatchObject({ from: 0, to: 2, changed: true, imported: 3 });
    expect(origins).toEqual([MIGRATION_ORIGIN]);
    expect(readSchemaVersion(doc)).toBe(2);
    expect(listJournalEntries(doc)).toHaveLength(V0_FIXTURE_RECORDS.length);
    expect(validatePersonalDoc(doc)).toEqual([]);
  });

  it('gives the same entries as going to v1 first and to v2 later', () => {
    const direct = phoneWithV0Fixture();
    migratePersonalDoc(direct, NOW);
    const stepwise = phoneWithV0Fixture();
    migratePersonalDocTo(stepwise, NOW, 1);
    migratePersonalDoc(stepwise, NOW);
    expect(contentOf(stepwise)).toEqual(contentOf(direct));
    expect(stepwise.getMap('entries').toJSON()).toEqual(direct.getMap('entries').toJSON());
  });
});

describe('two phones migrating v1 to v2 concurrently, offline', () => {
  it('converge, keep what each typed, and keep the communities each joined', () => {
    const a = v1Document();
    const b = reencode(a);
    migratePersonalDoc(a, NOW);
    migratePersonalDoc(b, NOW + 1);
    expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(b)); // the same migration items
    addCommunityMembership(a, membership(1));
    addCommunityMembership(b, membership(2));
    getJournalEntry(a, ENTRY)!.texts.actions.insert(0, 'A');
    getJournalEntry(b, ENTRY)!.texts.actions.insert(0, 'B');
    exchange(a, b);
    expect(contentOf(a)).toEqual(contentOf(b));
    expect(readSchemaVersion(a)).toBe(2);
    expect(listCommunityMemberships(a).map((m) => m.doc)).toEqual([membership(1).doc, membership(2).doc]);
    expect(['AB', 'BA']).toContain(getJournalEntry(a, ENTRY)!.texts.actions.toString());
    expect(validatePersonalDoc(a)).toEqual([]);
  });

  it('converge when their v1 states differed before migrating (each wrote an entry first)', () => {
    const a = v1Document();
    const b = reencode(a);
    createJournalEntry(a, { date: '2025-02-04', now: NOW, id: 'entry-on-a-00001' as RecordId });
    createJournalEntry(b, { date: '2025-02-05', now: NOW, id: 'entry-on-b-00001' as RecordId });
    migratePersonalDoc(a, NOW);
    migratePersonalDoc(b, NOW);
    addCommunityMembership(b, membership(3));
    exchange(a, b);
    expect(contentOf(a)).toEqual(contentOf(b));
    expect(readSchemaVersion(a)).toBe(2);
    expect(listJournalEntries(a)).toHaveLength(3);
    expect(migratePersonalDoc(a, NOW).changed).toBe(false);
    expect(validatePersonalDoc(a)).toEqual([]);
  });

  it('a phone that receives the other’s migration first has nothing left to do', () => {
    const a = v1Document();
    const b = reencode(a);
    migratePersonalDoc(a, NOW);
    exchange(a, b);
    expect(migratePersonalDoc(b, NOW)).toMatchObject({ from: 2, changed: false });
  });
});

describe('a phone still on the v1 app and a phone on the v2 app, same v0 document, offline', () => {
  it('make the same entries, so typing on both survives; the merged document is v2', () => {
    const old = phoneWithV0Fixture();
    const updated = phoneWithV0Fixture();
    migratePersonalDocTo(old, NOW, 1);
    migratePersonalDoc(updated, NOW);
    const first = V0_FIXTURE_RECORDS[0].id as RecordId;
    getJournalEntry(old, first)!.texts.className.insert(0, 'B1');
    getJournalEntry(updated, first)!.texts.methods.insert(0, 'Balok');
    exchange(old, updated);
    for (const doc of [old, updated]) {
      expect(getJournalEntry(doc, first)!.texts.className.toString()).toBe('B1');
      expect(getJournalEntry(doc, first)!.texts.methods.toString()).toBe('Balok');
      expect(readSchemaVersion(doc)).toBe(2); // the v1 app will now ask to be updated
    }
  });
});

/**
 * Seeded random runs: three phones start from the v0 fixture, each on the v1 app (it migrates only to
 * v1) until it updates to v2 at a random moment; a v1 app that receives a v2 document must update
 * before writing again. Phones add prototype records (before migrating), create and type into entries,
 * join communities (v2 only), and sync pairwise at random. At the end all update, migrate and sync.
 * Oracle: converged, valid, v2; every usable v0 record is one entry whose text without typed tokens is
 * the prototype's; no token twice; every community joined is there once; when all phones migrated the
 * same state before the first sync, no token is lost.
 */
function run(seed: number, migrateFirst: boolean) {
  const random = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const phones = [phoneWithV0Fixture(), phoneWithV0Fixture(), phoneWithV0Fixture()];
  const app = [1, 1, 2];
  const log: string[] = [];
  const typed: string[] = [];
  const joined: string[] = [];
  const migrate = (p: number) => {
    if (readSchemaVersion(phones[p]!) > app[p]!) app[p] = 2; // "please update the app"
    migratePersonalDocTo(phones[p]!, NOW + p, app[p]!);
  };
  if (migrateFirst) phones.forEach((_phone, p) => migrate(p));
  for (let step = 0; step < 40; step++) {
    const p = Math.floor(random() * phones.length);
    const phone = phones[p]!;
    const roll = random();
    const version = readSchemaVersion(phone);
    if (version === 0 && roll < 0.3) {
      const id = `s${seed}-p${p}-r${step}`;
      const map = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({ id, date: '2024-08-01', happened: `h ${id}`, problem: `m ${id}` })) map.set(k, v);
      phone.getArray('journal').push([map]);
      log.push(`${p}: prototype adds ${id}`);
    } else if (roll < 0.45) {
      if (app[p] === 1 && random() < 0.5) app[p] = 2;
      migrate(p);
      log.push(`${p}: migrates with app v${app[p]}`);
    } else if (version >= 1 && version <= app[p]! && roll < 0.7) {
      const entries = listJournalEntries(phone);
      if (entries.length === 0 || random() < 0.1) {
        createJournalEntry(phone, { date: '2025-02-01', now: NOW, id: `e${seed}-${p}-${step}` as RecordId });
        log.push(`${p}: new entry`);
        continue;
      }
      const id = pick(entries).id;
      const field = pick(JOURNAL_TEXT_FIELDS);
      const token = `⟦${typed.length}⟧`;
      const target = getJournalEntry(phone, id)!.texts[field];
      target.insert(random() < 0.5 ? 0 : target.length, token);
      typed.push(token);
      log.push(`${p}: types ${token} into ${id}.${field}`);
    } else if (version === 2 && app[p] === 2 && roll < 0.8) {
      const n = joined.length;
      addCommunityMembership(phone, {
        doc: `c-s${seed}community${String(n).padStart(6, '0')}` as DocName,
        key: `key-${seed}-${n}-000000000` as RoomKey,
        memberId: `m-${n}` as RecordId,
        memberSecret: `secret-${n}`,
        name: `KB ${n}`,
        joinedAt: NOW,
      });
      joined.push(`c-s${seed}community${String(n).padStart(6, '0')}`);
      log.push(`${p}: joins community ${n}`);
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
  for (const phone of phones.slice(1)) if (!isDeepStrictEqual(contentOf(phone), contentOf(first))) failures.push('phones differ');
  if (readSchemaVersion(first) !== 2) failures.push(`schema ${readSchemaVersion(first)}`);
  const problems = validatePersonalDoc(first);
  if (problems.length > 0) failures.push(`invalid: ${JSON.stringify(problems)}`);
  const strip = (s: string) => s.replace(/⟦\d+⟧/g, '');
  for (const record of readV0Journal(first).records) {
    const entry = getJournalEntry(first, record.id as RecordId);
    if (!entry) {
      failures.push(`no entry for ${record.id}`);
      continue;
    }
    if (strip(entry.texts.activity.toString()) !== record.happened) failures.push(`${record.id}.activity changed`);
    if (strip(entry.texts.gap.toString()) !== record.problem) failures.push(`${record.id}.gap changed`);
  }
  const memberships = listCommunityMemberships(first).map((m) => m.doc as string);
  if (!isDeepStrictEqual([...memberships].sort(), [...joined].sort())) failures.push(`communities ${memberships} ≠ ${joined}`);
  const all = JSON.stringify(first.getMap('entries').toJSON());
  for (const token of typed) {
    const occurrences = all.split(token).length - 1;
    if (occurrences > 1) failures.push(`${token} duplicated`);
    if (migrateFirst && occurrences === 0) failures.push(`${token} lost`);
  }
  return { failures, log };
}

describe('random offline histories across app versions (seeded)', () => {
  for (const migrateFirst of [true, false]) {
    const label = migrateFirst
      ? 'v1 and v2 phones that migrated the same state lose no typing'
      : 'v1 and v2 phones with diverged histories converge';
    it(`${label} (120 seeds)`, { timeout: 30_000 }, () => {
      for (let seed = 1; seed <= 120; seed++) {
        const { failures, log } = run(seed, migrateFirst);
        if (failures.length > 0) throw new Error(`seed ${seed}: ${failures.join('; ')}\noperations:\n${log.join('\n')}`);
      }
    });
  }
});
