/**
 * Children's names never leave her phone by accident (issue 5, "Share a problem").
 *
 * `redactChildNames` turns every child's name into initials before a text is copied into a
 * community document. Two guards:
 *
 * 1. **The roster** (`children` in her personal document): every listed name, as a full name or its
 *    first name alone, in any letter case, as whole words, becomes the child's initials (`B.S.`).
 * 2. **Capitalised words**: any other word that starts with a capital letter, is not at the start of a
 *    sentence or line, and is not on the allow-list (honorifics, school kinds, days, months, common
 *    place and subject words, her colleagues' names) becomes its initial. A child missing from the
 *    roster is then still caught in the middle of a sentence. Over-redaction is the safe side: a
 *    wrongly shortened place name costs a reader a guess; a leaked name cannot be taken back.
 *
 * What is not caught: an unknown name at the very start of a sentence, or written in lower case.
 * The share screen shows the exact outgoing text (`previewShare`) so she can check it.
 *
 * Nothing but the replaced words changes: spacing, punctuation and line breaks stay as typed.
 * Single letters are left alone (they are initials already), so redacting twice changes nothing.
 */

/** A word: letters and combining marks, with inner apostrophes or hyphens (`Jum'at`, `anak-anak`). */
const WORD = /[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*/gu;
const CAPITAL = /^[\p{Lu}\p{Lt}]/u;
/** Skipped when looking back for the end of the previous sentence: spaces, opening quotes, bullets. */
const LEAD_IN = /[\s"'“”‘’([{«»\-–—•*·]/u;
const SENTENCE_END = /[.!?…]/u;

/**
 * Capitalised words that are not a child's name and stay as written (compared in lower case).
 * Honorifics and kinship words, school kinds and common acronyms of early-childhood education, days,
 * months, religious and national words, subjects and places a teacher mentions.
 */
export const REDACTION_ALLOW_LIST: readonly string[] = [
  // Honorifics and how teachers and parents are addressed.
  'bu', 'pak', 'ibu', 'bapak', 'bunda', 'ayah', 'bun', 'kak', 'kakak', 'mbak', 'mas', 'teh', 'aa', 'uni', 'uda',
  'ustadz', 'ustaz', 'ustadzah', 'ustazah', 'om', 'tante', 'nenek', 'kakek', 'eyang', 'oma', 'opa', 'mama', 'papa',
  'guru', 'kepala', 'sekolah', 'pengawas', 'fasilitator', 'saya', 'aku', 'kami', 'kita', 'anda', 'beliau',
  // School kinds and acronyms of early-childhood education.
  'tk', 'paud', 'ra', 'kb', 'sd', 'mi', 'smp', 'sps', 'tpa', 'tpq', 'bkb', 'kbp', 'kkg', 'kkgtk', 'pkg', 'ape', 'bcct',
  'rpph', 'rppm', 'rpp', 'kbm', 'uks', 'pr', 'igtki', 'himpaudi', 'pgri', 'dinas', 'kemendikbud', 'kemendikbudristek',
  'stppa', 'cp', 'atp', 'p5', 'ppdb', 'pts', 'pas', 'kurikulum', 'merdeka', 'mandiri', 'belajar',
  // Days and months (with older spellings).
  'senin', 'selasa', 'rabu', 'kamis', 'jumat', "jum'at", 'sabtu', 'minggu', 'ahad',
  'januari', 'februari', 'pebruari', 'maret', 'april', 'mei', 'juni', 'juli', 'agustus', 'september', 'oktober',
  'november', 'nopember', 'desember',
  // Religion, nation, languages, holidays.
  'allah', 'tuhan', 'islam', 'kristen', 'katolik', 'hindu', 'buddha', 'konghucu', 'nabi', 'rasul', 'quran', "qur'an",
  'al-quran', "al-qur'an", 'iqro', "iqra'", 'iqra', 'doa', 'idul', 'fitri', 'adha', 'natal', 'paskah', 'nyepi', 'waisak',
  'imlek', 'ramadan', 'ramadhan', 'lebaran', 'indonesia', 'pancasila', 'garuda', 'nusantara', 'kartini',
  'kemerdekaan', 'proklamasi', 'bahasa', 'inggris', 'arab', 'jawa', 'sunda', 'melayu', 'bali', 'batak', 'bugis',
  // Places and things teachers name with a capital.
  'kelas', 'kelompok', 'sentra', 'area', 'taman', 'gugus', 'desa', 'kelurahan', 'kecamatan', 'kabupaten', 'kota',
  'provinsi', 'jalan', 'jl', 'gang', 'rt', 'rw', 'masjid', 'musala', 'mushola', 'gereja', 'pura', 'vihara', 'pasar',
  'balai', 'posyandu', 'puskesmas', 'lapangan', 'perpustakaan', 'aula', 'kantin', 'halaman',
  // Months, seasons and times of day written with a capital in a date or heading.
  'hari', 'raya', 'tahun', 'baru', 'semester', 'pagi', 'siang', 'sore', 'malam',
];

const ALLOWED = new Set(REDACTION_ALLOW_LIST);

function lower(word: string): string {
  return word.normalize('NFC').toLowerCase();
}

function wordsOf(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** `Budi Santoso` → `B.S.`; `Siti Nur'aini` → `S.N.`; `''` for a name without letters. */
export function initialsOf(name: string): string {
  return wordsOf(name)
    .map((word) => `${[...word][0]!.toUpperCase()}.`)
    .join('');
}

interface Token {
  word: string;
  start: number;
  end: number;
}

interface RosterName {
  /** Lower-cased words of the name. */
  words: string[];
  initials: string;
}

/** True when the word at `start` begins a sentence or a line (or the text). */
function atSentenceStart(text: string, start: number): boolean {
  let j = start - 1;
  while (j >= 0 && LEAD_IN.test(text[j]!)) {
    if (text[j] === '\n' || text[j] === '\r') return true;
    j -= 1;
  }
  return j < 0 || SENTENCE_END.test(text[j]!);
}

/** Between two words of one name: only spaces and dots (`M. Rizki`, `Budi  Santoso`). */
function joinsName(separator: string): boolean {
  return /^[\s.]+$/u.test(separator) && !/\n\s*\n/u.test(separator);
}

function rosterOf(childNames: readonly string[]): { full: RosterName[]; first: Map<string, string> } {
  const full: RosterName[] = [];
  const firstCandidates = new Map<string, Set<string>>();
  for (const name of childNames) {
    if (typeof name !== 'string') continue;
    const words = wordsOf(name).map(lower);
    if (words.length === 0) continue;
    const initials = initialsOf(name);
    full.push({ words, initials });
    const first = words[0]!;
    if ([...first].length >= 2) {
      const set = firstCandidates.get(first) ?? new Set<string>();
      set.add(initials);
      firstCandidates.set(first, set);
    }
  }
  // Longest names first, so `Siti Nur Aisyah` is matched before a `Siti Nur` listed beside her.
  full.sort((a, b) => b.words.length - a.words.length);
  const first = new Map<string, string>();
  for (const [word, initials] of firstCandidates) {
    // Two children share a first name: the first name alone says only its own initial.
    first.set(word, initials.size === 1 ? [...initials][0]! : `${[...word][0]!.toUpperCase()}.`);
  }
  return { full, first };
}

/**
 * `text` with every child's name replaced by initials (see the module comment for the rules).
 * `childNames`: her roster. `colleagueNames`: names that may stay (her peers in the community);
 * a word that is both on the roster and a colleague's is still redacted.
 */
export function redactChildNames(text: string, childNames: readonly string[], colleagueNames: readonly string[] = []): string {
  if (typeof text !== 'string' || text === '') return '';
  const roster = rosterOf(childNames);
  const allowed = new Set(ALLOWED);
  for (const name of colleagueNames) {
    if (typeof name === 'string') for (const word of wordsOf(name)) allowed.add(lower(word));
  }
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    tokens.push({ word: match[0], start: match.index!, end: match.index! + match[0].length });
  }

  let out = '';
  let copied = 0;
  const replace = (start: number, end: number, initials: string) => {
    out += text.slice(copied, start);
    // `dengan Budi.` → `dengan B.` rather than `B..`
    out += text[end] === '.' ? initials.slice(0, -1) : initials;
    copied = end;
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const word = lower(token.word);
    let matched = false;
    for (const name of roster.full) {
      const n = name.words.length;
      if (n < 2 || i + n > tokens.length) continue;
      let ok = true;
      for (let k = 0; k < n && ok; k++) {
        const t = tokens[i + k]!;
        if (lower(t.word) !== name.words[k]) ok = false;
        else if (k > 0 && !joinsName(text.slice(tokens[i + k - 1]!.end, t.start))) ok = false;
      }
      if (!ok) continue;
      replace(token.start, tokens[i + n - 1]!.end, name.initials);
      i += n - 1;
      matched = true;
      break;
    }
    if (matched) continue;
    const single = roster.full.find((name) => name.words.length === 1 && name.words[0] === word);
    const initials = single?.initials ?? roster.first.get(word);
    if (initials !== undefined) {
      replace(token.start, token.end, initials);
      continue;
    }
    if ([...token.word].length < 2 || !CAPITAL.test(token.word)) continue;
    if (allowed.has(word) || atSentenceStart(text, token.start)) continue;
    replace(token.start, token.end, `${[...token.word][0]!}.`);
  }
  return out + text.slice(copied);
}
