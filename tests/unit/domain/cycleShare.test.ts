import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createCommunity,
  createGroup,
  createJournalEntry,
  CommunityKind,
  getJournalEntry,
  getProblem,
  listProblems,
  previewShare,
  shareProblem,
  type JournalEntry,
  type RecordId,
} from '../../../src/domain';

const NOW = Date.UTC(2025, 7, 11, 12, 0);
const ANI = 'm-ani' as RecordId;

function entryWith(texts: Partial<Record<'className' | 'activity' | 'methods' | 'actions' | 'expected' | 'gap', string>>, id = 'entry-0001'): JournalEntry {
  const personal = new Y.Doc();
  createJournalEntry(personal, { date: '2025-08-11', now: NOW, id: id as RecordId });
  const entry = getJournalEntry(personal, id as RecordId)!;
  for (const [field, text] of Object.entries(texts)) entry.texts[field as keyof typeof texts].insert(0, text);
  return entry;
}

function community(): Y.Doc {
  const doc = new Y.Doc();
  createCommunity(doc, { name: 'Gugus PAUD Melati', kind: CommunityKind.BETWEEN_SCHOOLS, focus: '', schools: [], founder: { id: ANI, name: 'Bu Ani' }, now: NOW });
  return doc;
}

const ENTRY = {
  activity: 'Raka dan Dewi berebut balok.',
  expected: 'Anak bergantian memakai balok.',
  gap: 'Dewi belum mau bergantian.',
};

describe('sharing the problem of a journal entry', () => {
  it('the preview lists the chosen fields with their labels in the template’s order, whatever order they were ticked in', () => {
    const preview = previewShare(
      entryWith(ENTRY),
      [
        { field: 'gap', redact: true },
        { field: 'activity', redact: true },
      ],
      ['Dewi Lestari'],
    );
    // Raka is not on the roster and opens the sentence: only the roster catches a name there.
    expect(preview).toBe('Kegiatan dan perilaku anak:\nRaka dan D.L. berebut balok.\n\nMasalah:\nD.L. belum mau bergantian.');
  });

  it('what is written to the community is exactly the preview', () => {
    const doc = community();
    const entry = entryWith(ENTRY);
    const choices = [{ field: 'gap' as const, redact: true }, { field: 'expected' as const, redact: true }];
    const id = shareProblem(doc, { entry, choices, childNames: ['Dewi'], authorId: ANI, now: NOW });
    expect(getProblem(doc, id)!.text.toString()).toBe(previewShare(entry, choices, ['Dewi']));
  });

  it('turning redaction off for one field keeps its names while the other field is still redacted', () => {
    const preview = previewShare(
      entryWith(ENTRY),
      [
        { field: 'activity', redact: false },
        { field: 'gap', redact: true },
      ],
      ['Dewi'],
    );
    expect(preview).toBe('Kegiatan dan perilaku anak:\nRaka dan Dewi berebut balok.\n\nMasalah:\nD. belum mau bergantian.');
  });

  it('empty chosen fields are left out, and nothing to share is refused', () => {
    const doc = community();
    const entry = entryWith({ gap: 'Masalahnya ini.' });
    expect(previewShare(entry, [{ field: 'activity', redact: true }, { field: 'gap', redact: true }], [])).toBe('Masalah:\nMasalahnya ini.');
    expect(() => shareProblem(doc, { entry, choices: [{ field: 'activity', redact: true }], childNames: [], authorId: ANI, now: NOW })).toThrow(
      expect.objectContaining({ reason: 'invalid-text' }),
    );
    expect(() => shareProblem(doc, { entry, choices: [], childNames: [], authorId: ANI, now: NOW })).toThrow(expect.objectContaining({ reason: 'invalid-text' }));
    expect(listProblems(doc)).toEqual([]);
  });

  it('a problem shared into a small group is listed for that group only, and a group that does not exist is refused', () => {
    const doc = community();
    const group = createGroup(doc, { name: 'Kelompok 1', now: NOW });
    const inGroup = shareProblem(doc, { entry: entryWith(ENTRY), choices: [{ field: 'gap', redact: true }], childNames: [], authorId: ANI, groupId: group, now: NOW });
    const everyone = shareProblem(doc, { entry: entryWith(ENTRY), choices: [{ field: 'gap', redact: true }], childNames: [], authorId: ANI, now: NOW + 1 });
    expect(listProblems(doc, { groupId: group }).map((p) => p.id)).toEqual([inGroup]);
    expect(listProblems(doc, { groupId: null }).map((p) => p.id)).toEqual([everyone]);
    expect(listProblems(doc).map((p) => p.id)).toEqual([everyone, inGroup]);
    expect(() =>
      shareProblem(doc, { entry: entryWith(ENTRY), choices: [{ field: 'gap', redact: true }], childNames: [], authorId: ANI, groupId: 'no-such-group' as RecordId, now: NOW }),
    ).toThrow(expect.objectContaining({ reason: 'not-found' }));
  });

  it('sharing again with the same id makes no second problem', () => {
    const doc = community();
    const input = { entry: entryWith(ENTRY), choices: [{ field: 'gap' as const, redact: true }], childNames: [], authorId: ANI, now: NOW, id: 'problem-1' as RecordId };
    expect(shareProblem(doc, input)).toBe('problem-1');
    expect(shareProblem(doc, { ...input, now: NOW + 5 })).toBe('problem-1');
    expect(listProblems(doc)).toHaveLength(1);
  });

  it('a new problem has no root cause and no readers yet', () => {
    const doc = community();
    const id = shareProblem(doc, { entry: entryWith(ENTRY), choices: [{ field: 'gap', redact: true }], childNames: [], authorId: ANI, now: NOW });
    expect(getProblem(doc, id)).toMatchObject({ authorId: ANI, groupId: null, createdAt: NOW, rootCauseId: null, seenCount: 0, seenBy: [], source: { date: '2025-08-11', entryId: 'entry-0001' } });
  });
});
