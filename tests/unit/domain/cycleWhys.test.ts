import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  askWhy,
  getProblem,
  getRootCause,
  listWhys,
  markRootCause,
  problemsWithAnswers,
  retractWhy,
  toggleAgree,
  validateWhys,
  whyTree,
  type RecordId,
  type WhyView,
} from '../../../src/domain';
import { ANI, communityWithProblem as sharedProblem, NOW } from './cycleSupport';
import { exchange, reencode, rng } from './support';

const BUDI = 'm-budiarti' as RecordId;
const CICI = 'm-cici' as RecordId;
const DEDE = 'm-dede' as RecordId;

const communityWithProblem = () => sharedProblem('Anak sulit fokus saat bercerita.');

/** The tree as ids and texts only, for readable comparisons. */
function shape(nodes: WhyView[]): unknown[] {
  return nodes.map((n) => (n.children.length === 0 ? n.text.toString() : { [n.text.toString()]: shape(n.children) }));
}

describe('the why-chain', () => {
  it('answers nest under the problem and under each other, oldest first at every level', () => {
    const { doc, problemId } = communityWithProblem();
    const w1 = askWhy(doc, { problemId, authorId: BUDI, text: 'Ceritanya terlalu panjang', now: NOW + 20 });
    const w2 = askWhy(doc, { problemId, authorId: CICI, text: '  Anak belum sarapan ', now: NOW + 10 });
    const w11 = askWhy(doc, { problemId, parentId: w1, authorId: ANI, text: 'Buku cerita tidak sesuai usia', now: NOW + 40 });
    askWhy(doc, { problemId, parentId: w1, authorId: CICI, text: 'Tidak ada gambar', now: NOW + 30 });
    askWhy(doc, { problemId, parentId: w11, authorId: BUDI, text: 'Belum ada perpustakaan kelas', now: NOW + 50 });
    expect(shape(whyTree(doc, problemId))).toEqual([
      'Anak belum sarapan',
      { 'Ceritanya terlalu panjang': ['Tidak ada gambar', { 'Buku cerita tidak sesuai usia': ['Belum ada perpustakaan kelas'] }] },
    ]);
    expect(whyTree(doc, problemId)[0]).toMatchObject({ id: w2, authorId: CICI, parentId: null, createdAt: NOW + 10, agreeCount: 0, isRootCause: false });
    expect(listWhys(doc, problemId)).toHaveLength(5);
  });

  it('a why under a parent of another problem, an unknown problem and an empty text are refused', () => {
    const { doc, problemId } = communityWithProblem();
    expect(() => askWhy(doc, { problemId: 'nope' as RecordId, authorId: BUDI, text: 'x', now: NOW })).toThrow(expect.objectContaining({ reason: 'not-found' }));
    expect(() => askWhy(doc, { problemId, parentId: 'why-nope', authorId: BUDI, text: 'x', now: NOW })).toThrow(expect.objectContaining({ reason: 'not-found' }));
    expect(() => askWhy(doc, { problemId, authorId: BUDI, text: '  ', now: NOW })).toThrow(expect.objectContaining({ reason: 'invalid-text' }));
  });

  it('a why whose parent is damaged or part of a loop is still shown, at the top level', () => {
    const { doc, problemId } = communityWithProblem();
    const w1 = askWhy(doc, { problemId, authorId: BUDI, text: 'satu', now: NOW + 1 });
    const w2 = askWhy(doc, { problemId, parentId: w1, authorId: BUDI, text: 'dua', now: NOW + 2 });
    // A faulty client points the first why at the second: a loop.
    (doc.getMap('whys').get(w1) as Y.Map<unknown>).set('parentId', w2);
    expect(shape(whyTree(doc, problemId))).toEqual([{ satu: ['dua'] }]);
    doc.getMap('whys').set('why-junk', 'not a map');
    expect(validateWhys(doc).map((p) => p.path)).toEqual(['whys.why-junk']);
  });

  it('its author retracts a why: it stays with its answers, marked, and takes no new +1', () => {
    const { doc, problemId } = communityWithProblem();
    const w1 = askWhy(doc, { problemId, authorId: BUDI, text: 'salah paham', now: NOW + 1 });
    askWhy(doc, { problemId, parentId: w1, authorId: CICI, text: 'jawaban', now: NOW + 2 });
    expect(() => retractWhy(doc, w1, CICI, NOW + 3)).toThrow(expect.objectContaining({ reason: 'invalid-id' }));
    retractWhy(doc, w1, BUDI, NOW + 3);
    const [node] = whyTree(doc, problemId);
    expect(node).toMatchObject({ id: w1, retractedAt: NOW + 3 });
    expect(node!.children).toHaveLength(1);
    expect(() => toggleAgree(doc, w1, CICI, NOW + 4)).toThrow(expect.objectContaining({ reason: 'not-found' }));
    expect(() => markRootCause(doc, problemId, w1, CICI, NOW + 4)).toThrow(expect.objectContaining({ reason: 'not-found' }));
  });
});

describe('agreement (+1)', () => {
  it('+1 toggles on and off for one member', () => {
    const { doc, problemId } = communityWithProblem();
    const w = askWhy(doc, { problemId, authorId: BUDI, text: 'alasan', now: NOW });
    expect(toggleAgree(doc, w, CICI, NOW + 1)).toBe(true);
    expect(whyTree(doc, problemId)[0]).toMatchObject({ agreeCount: 1, agreedBy: [CICI] });
    expect(toggleAgree(doc, w, CICI, NOW + 2)).toBe(false);
    expect(whyTree(doc, problemId)[0]).toMatchObject({ agreeCount: 0, agreedBy: [] });
  });

  it('+1s given by several members on their own phones offline all count after the merge', () => {
    const { doc, problemId } = communityWithProblem();
    const w = askWhy(doc, { problemId, authorId: BUDI, text: 'alasan', now: NOW });
    const phones = [ANI, BUDI, CICI, DEDE].map(() => reencode(doc));
    [ANI, BUDI, CICI, DEDE].forEach((member, i) => toggleAgree(phones[i]!, w, member, NOW + i));
    toggleAgree(phones[3]!, w, DEDE, NOW + 9); // Dede changed her mind
    exchange(...phones);
    for (const phone of phones) expect(whyTree(phone, problemId)[0]).toMatchObject({ agreeCount: 3, agreedBy: [ANI, BUDI, CICI] });
  });
});

describe('the root cause (akar masalah)', () => {
  it('the group marks a why as the root cause, then clears it', () => {
    const { doc, problemId } = communityWithProblem();
    const w1 = askWhy(doc, { problemId, authorId: BUDI, text: 'permukaan', now: NOW + 1 });
    const w11 = askWhy(doc, { problemId, parentId: w1, authorId: CICI, text: 'akar', now: NOW + 2 });
    markRootCause(doc, problemId, w11, DEDE, NOW + 3);
    expect(getProblem(doc, problemId)).toMatchObject({ rootCauseId: w11, rootCauseBy: DEDE, rootCauseAt: NOW + 3 });
    expect(getRootCause(doc, problemId)).toMatchObject({ id: w11, isRootCause: true });
    expect(whyTree(doc, problemId)[0]).toMatchObject({ isRootCause: false });
    markRootCause(doc, problemId, null, DEDE, NOW + 4);
    expect(getProblem(doc, problemId)).toMatchObject({ rootCauseId: null, rootCauseBy: DEDE, rootCauseAt: NOW + 4 });
    expect(getRootCause(doc, problemId)).toBeUndefined();
  });

  it('a why of another problem cannot be its root cause', () => {
    const { doc, problemId } = communityWithProblem();
    expect(() => markRootCause(doc, problemId, 'why-elsewhere' as RecordId, DEDE, NOW)).toThrow(expect.objectContaining({ reason: 'not-found' }));
  });

  it('members marking different root causes offline converge on one mark, whole, on every phone', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const random = rng(seed);
      const { doc, problemId } = communityWithProblem();
      const whys = [0, 1, 2].map((i) => askWhy(doc, { problemId, authorId: BUDI, text: `why ${i}`, now: NOW + i }));
      const phones = [ANI, BUDI, CICI].map(() => reencode(doc));
      phones.forEach((phone, i) => {
        const pick = Math.floor(random() * 4);
        markRootCause(phone, problemId, pick === 3 ? null : whys[pick]!, [ANI, BUDI, CICI][i]!, NOW + 100 + i);
      });
      exchange(...phones);
      const views = phones.map((phone) => getProblem(phone, problemId)!);
      const { rootCauseId, rootCauseBy, rootCauseAt } = views[0]!;
      for (const view of views) expect({ rootCauseId: view.rootCauseId, rootCauseBy: view.rootCauseBy, rootCauseAt: view.rootCauseAt }).toEqual({ rootCauseId, rootCauseBy, rootCauseAt });
      // The three fields come from one and the same mark.
      const marker = [ANI, BUDI, CICI].indexOf(rootCauseBy!);
      expect(rootCauseAt).toBe(NOW + 100 + marker);
      expect(phones.map((p) => getRootCause(p, problemId)?.id ?? null)).toEqual([rootCauseId, rootCauseId, rootCauseId]);
    }
  });
});

describe('problems still waiting for a why', () => {
  it('a problem counts as answered once a why stands under it, and again as waiting when it is taken back', () => {
    const { doc, problemId } = communityWithProblem();
    expect(problemsWithAnswers(doc).has(problemId)).toBe(false);
    const why = askWhy(doc, { problemId, authorId: ANI, text: 'Antrean terlalu panjang.', now: NOW + 1 });
    expect([...problemsWithAnswers(doc)]).toEqual([problemId]);
    retractWhy(doc, why, ANI, NOW + 2);
    expect(problemsWithAnswers(doc).has(problemId)).toBe(false);
  });
});
