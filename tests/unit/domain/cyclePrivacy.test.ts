import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createCommunity,
  createJournalEntry,
  CommunityKind,
  getJournalEntry,
  initialsOf,
  redactChildNames,
  shareProblem,
  type JournalEntry,
  type RecordId,
} from '../../../src/domain';

const NOW = Date.UTC(2025, 7, 11, 12, 0);
const ROSTER = ['Budi Santoso', 'Siti Nur Aisyah', 'Dewi'];

/** Every string Yjs stores in the document's encoded state, decoded from its bytes. */
function encodedText(doc: Y.Doc): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(Y.encodeStateAsUpdate(doc));
}

function entryWith(texts: Partial<Record<'className' | 'activity' | 'methods' | 'actions' | 'expected' | 'gap', string>>): JournalEntry {
  const personal = new Y.Doc();
  const id = createJournalEntry(personal, { date: '2025-08-11', now: NOW, id: 'entry-0001' as RecordId });
  const entry = getJournalEntry(personal, id)!;
  for (const [field, text] of Object.entries(texts)) entry.texts[field as keyof typeof texts].insert(0, text);
  return entry;
}

function community(): Y.Doc {
  const doc = new Y.Doc();
  createCommunity(doc, { name: 'Gugus PAUD Melati', kind: CommunityKind.BETWEEN_SCHOOLS, focus: '', schools: [], founder: { id: 'm-ani' as RecordId, name: 'Bu Ani' }, now: NOW });
  return doc;
}

describe('redacting children names', () => {
  it('a roster name, full or first, in any case, becomes the child’s initials', () => {
    expect(redactChildNames('budi santoso menangis, lalu BUDI tertawa. Budi pulang.', ROSTER)).toBe('B.S. menangis, lalu B.S. tertawa. B.S. pulang.');
  });

  it('a full name of three words is matched before its first name', () => {
    expect(redactChildNames('Hari ini Siti Nur Aisyah dan Siti bermain balok.', ROSTER)).toBe('Hari ini S.N.A. dan S.N.A. bermain balok.');
  });

  it('names are whole words: Dewi is redacted, Dewiana and kedewian are not touched by the roster', () => {
    expect(redactChildNames('dewi menggambar.', ROSTER)).toBe('D. menggambar.');
    expect(redactChildNames('kata kedewian tetap', ROSTER)).toBe('kata kedewian tetap');
  });

  it('punctuation around a name stays, and a name ending a sentence keeps one full stop', () => {
    expect(redactChildNames('Saya duduk dengan Budi. "Dewi!" teriak anak-anak (Siti, Dewi).', ROSTER)).toBe(
      'Saya duduk dengan B.S. "D.!" teriak anak-anak (S.N.A., D.).',
    );
  });

  it('an unknown capitalised name in the middle of a sentence becomes its initial', () => {
    expect(redactChildNames('Tadi pagi Raka merebut mainan dari Putri.', [])).toBe('Tadi pagi R. merebut mainan dari P.');
  });

  it('a capitalised word at the start of a sentence or a line is left as written', () => {
    const text = 'Anak-anak senang. Mereka bernyanyi!\nKemudian semua duduk.';
    expect(redactChildNames(text, [])).toBe(text);
  });

  it('honorifics, school kinds, days, months and places on the allow-list are untouched', () => {
    const text = 'Pada hari Senin di TK Pertiwi, Bu Ani dan Pak Joko dari PAUD Kecamatan Masamba rapat bulan Agustus di Kelas B.';
    // Pertiwi, Ani, Joko and Masamba are not on the list: over-redaction is the safe side.
    expect(redactChildNames(text, [])).toBe('Pada hari Senin di TK P., Bu A. dan Pak J. dari PAUD Kecamatan M. rapat bulan Agustus di Kelas B.');
  });

  it('colleagues’ names passed as the third argument stay, a child on the roster is still redacted', () => {
    expect(redactChildNames('Bu Ani membantu Dewi, lalu Bu Dewi datang.', ['Dewi'], ['Ani'])).toBe('Bu Ani membantu D., lalu Bu D. datang.');
  });

  it('Indonesian text from the seeds without names comes out unchanged', () => {
    const seed =
      'Kepala sekolah perlu mengalokasikan dana sekolah untuk kegiatan KBP, serta membentuk pengurus KBP yang bertugas merencanakan, melaksanakan, dan mengevaluasi kegiatan KBP. Fasilitas lain seperti whiteboard dan alat tulis dibutuhkan ketika komunikasi dan diskusi antarguru harus divisualkan dalam bentuk tulisan.';
    expect(redactChildNames(seed, ROSTER)).toBe(seed);
  });

  it('redacting twice changes nothing more, and spacing and line breaks stay as typed', () => {
    const once = redactChildNames('Budi  Santoso\n\n  bermain dengan Raka ,  lalu   Dewi.', ROSTER);
    expect(once).toBe('B.S.\n\n  bermain dengan R. ,  lalu   D.');
    expect(redactChildNames(once, ROSTER)).toBe(once);
  });

  it('two children with one first name: the first name alone says only its own initial', () => {
    expect(redactChildNames('budi dan Budi Hartono', ['Budi Santoso', 'Budi Hartono'])).toBe('B. dan B.H.');
  });

  it('initials are the capitals of every word of the name', () => {
    expect(initialsOf('siti nur’aini')).toBe('S.N.');
    expect(initialsOf('M. Rizki')).toBe('M.R.');
  });
});

describe('privacy of what is not shared', () => {
  it('sharing only the gap puts no word of the activity, methods or expected fields in the community document', () => {
    const doc = community();
    const entry = entryWith({
      className: 'Kelompok Kupu-kupu',
      activity: 'RAHASIA-KEGIATAN anak-anak berlarian saat cerita',
      methods: 'RAHASIA-METODE boneka tangan',
      actions: 'RAHASIA-TINDAKAN saya menegur',
      expected: 'RAHASIA-HARAPAN anak duduk mendengarkan',
      gap: 'Anak sulit fokus saat bercerita lebih dari 10 menit',
    });
    shareProblem(doc, { entry, choices: [{ field: 'gap', redact: true }], childNames: ROSTER, authorId: 'm-ani' as RecordId, now: NOW });
    const bytes = encodedText(doc);
    expect(bytes).toContain('Anak sulit fokus');
    for (const secret of ['RAHASIA-KEGIATAN', 'RAHASIA-METODE', 'RAHASIA-TINDAKAN', 'RAHASIA-HARAPAN', 'Kupu-kupu', 'berlarian']) {
      expect(bytes).not.toContain(secret);
    }
  });

  it('a child’s full name in a shared field never reaches the community document’s bytes', () => {
    const doc = community();
    const entry = entryWith({ gap: 'Budi Santoso dan Siti Nur Aisyah berebut krayon; Dewi menangis.' });
    shareProblem(doc, { entry, choices: [{ field: 'gap', redact: true }], childNames: ROSTER, authorId: 'm-ani' as RecordId, now: NOW });
    const bytes = encodedText(doc);
    for (const name of ['Budi', 'Santoso', 'Siti', 'Aisyah', 'Dewi']) expect(bytes).not.toContain(name);
    expect(bytes).toContain('B.S. dan S.N.A. berebut krayon; D. menangis.');
  });

  it('the link back to her entry carries its date and id only', () => {
    const doc = community();
    const entry = entryWith({ gap: 'Masalah', activity: 'tidak dibagikan' });
    const id = shareProblem(doc, { entry, choices: [{ field: 'gap', redact: true }], childNames: [], authorId: 'm-ani' as RecordId, now: NOW });
    expect((doc.getMap('problems').get(id) as Y.Map<unknown>).get('source')).toEqual({ date: '2025-08-11', entryId: 'entry-0001' });
  });
});
