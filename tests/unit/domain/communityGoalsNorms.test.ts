import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  acknowledgeNorms,
  addGoal,
  addMember,
  addNorm,
  archiveGroup,
  CommunityKind,
  createCommunity,
  createGroup,
  DEFAULT_NORMS,
  getGoal,
  goalProblems,
  GoalStatus,
  listGoals,
  listNorms,
  needsNormAcknowledgement,
  normAcknowledgements,
  removeNorm,
  setGoalByWhen,
  setGoalStatus,
  setNormOrder,
  validateCommunityDoc,
  type GoalInput,
  type GoalStatus as GoalStatusValue,
  type RecordId,
} from '../../../src/domain';
import { exchange, reencode } from './support';

const NOW = Date.UTC(2025, 1, 7, 6, 0);
const RINA = 'member-rina-00001' as RecordId;
const SARI = 'member-sari-00001' as RecordId;

function founded(): Y.Doc {
  const doc = new Y.Doc();
  createCommunity(doc, {
    name: 'KB TK Pertiwi',
    kind: CommunityKind.IN_SCHOOL,
    focus: 'Pembelajaran berbasis bermain',
    schools: ['TK Pertiwi'],
    founder: { id: RINA, name: 'Bu Rina' },
    now: NOW,
  });
  addMember(doc, { id: SARI, name: 'Bu Sari', now: NOW });
  return doc;
}

const CLEAR_GOAL: GoalInput = {
  what: 'Anak bergantian memakai alat main tanpa dilerai guru',
  forWhom: 'Kelompok B (usia 5–6 tahun)',
  byWhen: '2025-06-30',
  measure: '8 dari 10 anak, menurut catatan anekdot dua minggu terakhir',
};

describe('a clear and measurable goal', () => {
  it('says what, for whom, by when and how we will know', () => {
    expect(goalProblems(CLEAR_GOAL)).toEqual([]);
  });

  it.each<[string, Partial<GoalInput>, string[]]>([
    ['a goal of one word', { what: 'Literasi' }, ['what']],
    ['no children named', { forWhom: '   ' }, ['forWhom']],
    ['no deadline', { byWhen: '' }, ['byWhen']],
    ['a deadline that is no day', { byWhen: '2025-02-30' }, ['byWhen']],
    ['a measure of one word', { measure: 'meningkat' }, ['measure']],
    ['a text beyond 2000 characters', { what: 'kata '.repeat(401) }, ['what']],
    ['nothing at all', { what: '', forWhom: '', byWhen: '', measure: '' }, ['what', 'forWhom', 'byWhen', 'measure']],
  ])('lacks something with %s', (_label, change, problems) => {
    expect(goalProblems({ ...CLEAR_GOAL, ...change })).toEqual(problems);
  });

  it('is refused when it lacks something, naming what', () => {
    const doc = founded();
    expect(() => addGoal(doc, { ...CLEAR_GOAL, measure: '', now: NOW, by: SARI })).toThrow(
      expect.objectContaining({ reason: 'invalid-goal', message: expect.stringContaining('measure') }),
    );
    expect(listGoals(doc)).toEqual([]);
  });
});

describe('goals and their status over time', () => {
  it('a new goal is planned, with its texts live and one history entry', () => {
    const doc = founded();
    const id = addGoal(doc, { ...CLEAR_GOAL, now: NOW, by: SARI });
    const goal = getGoal(doc, id)!;
    expect(goal.what.toString()).toBe(CLEAR_GOAL.what);
    expect(goal.forWhom.toString()).toBe(CLEAR_GOAL.forWhom);
    expect(goal.measure.toString()).toBe(CLEAR_GOAL.measure);
    expect(goal).toMatchObject({ byWhen: '2025-06-30', status: 'direncanakan', groupId: null, createdAt: NOW, createdBy: SARI });
    expect(goal.history).toEqual([{ status: 'direncanakan', at: NOW, by: SARI }]);
    expect(validateCommunityDoc(doc)).toEqual([]);
  });

  it('each status change is kept in the history; setting the same status again adds nothing', () => {
    const doc = founded();
    const id = addGoal(doc, { ...CLEAR_GOAL, now: NOW, by: SARI });
    setGoalStatus(doc, id, GoalStatus.ONGOING, RINA, NOW + 1);
    setGoalStatus(doc, id, GoalStatus.ONGOING, RINA, NOW + 2);
    setGoalStatus(doc, id, GoalStatus.ACHIEVED, SARI, NOW + 3);
    expect(getGoal(doc, id)!.status).toBe('tercapai');
    expect(getGoal(doc, id)!.history.map((h) => [h.status, h.at, h.by])).toEqual([
      ['direncanakan', NOW, SARI],
      ['berjalan', NOW + 1, RINA],
      ['tercapai', NOW + 3, SARI],
    ]);
  });

  it('two phones changing the status offline both land in the history, oldest first', () => {
    const a = founded();
    const id = addGoal(a, { ...CLEAR_GOAL, now: NOW, by: SARI });
    const b = reencode(a);
    setGoalStatus(a, id, GoalStatus.ONGOING, RINA, NOW + 20);
    setGoalStatus(b, id, GoalStatus.NOT_ACHIEVED, SARI, NOW + 10);
    exchange(a, b);
    const history = getGoal(a, id)!.history;
    expect(history.map((h) => h.status)).toEqual(['direncanakan', 'tidak-tercapai', 'berjalan']);
    expect(getGoal(b, id)!.history).toEqual(history);
    expect(getGoal(a, id)!.status).toBe(getGoal(b, id)!.status);
  });

  it('refuses an unknown status, an unknown goal and a goal of an archived group', () => {
    const doc = founded();
    const id = addGoal(doc, { ...CLEAR_GOAL, now: NOW, by: SARI });
    expect(() => setGoalStatus(doc, id, 'selesai' as GoalStatusValue, RINA, NOW)).toThrow(
      expect.objectContaining({ reason: 'invalid-status' }),
    );
    expect(() => setGoalStatus(doc, 'no-goal-00000001' as RecordId, GoalStatus.ONGOING, RINA, NOW)).toThrow(
      expect.objectContaining({ reason: 'not-found' }),
    );
    const group = createGroup(doc, { name: 'Kelompok 1', now: NOW });
    const groupGoal = addGoal(doc, { ...CLEAR_GOAL, groupId: group, now: NOW, by: SARI });
    expect(getGoal(doc, groupGoal)!.groupId).toBe(group);
    archiveGroup(doc, group, NOW);
    expect(() => addGoal(doc, { ...CLEAR_GOAL, groupId: group, now: NOW, by: SARI })).toThrow(
      expect.objectContaining({ reason: 'not-found' }),
    );
  });

  it('goals are listed in the order they were agreed; a damaged one is skipped', () => {
    const doc = founded();
    const second = addGoal(doc, { ...CLEAR_GOAL, now: NOW + 5, by: SARI });
    const first = addGoal(doc, { ...CLEAR_GOAL, now: NOW, by: RINA });
    (doc.getMap('goals').get(second) as Y.Map<unknown>).set('status', 'selesai');
    doc.getMap('goals').set('junk', 'x');
    expect(listGoals(doc).map((g) => g.id)).toEqual([first]);
    setGoalByWhen(doc, first, '2025-07-31');
    expect(getGoal(doc, first)!.byWhen).toBe('2025-07-31');
    expect(() => setGoalByWhen(doc, first, '31-07-2025')).toThrow(expect.objectContaining({ reason: 'invalid-date' }));
  });

  it('a damaged history entry is left out of the view without hiding the goal', () => {
    const doc = founded();
    const id = addGoal(doc, { ...CLEAR_GOAL, now: NOW, by: SARI });
    ((doc.getMap('goals').get(id) as Y.Map<unknown>).get('history') as Y.Array<unknown>).push([
      { status: 'entah', at: NOW + 1, by: RINA },
      'junk',
    ]);
    expect(getGoal(doc, id)!.history).toHaveLength(1);
  });
});

describe('agreements and norms', () => {
  it('start as the default norms in order and can be edited live', () => {
    const doc = founded();
    const norms = listNorms(doc);
    expect(norms.map((n) => [n.title.toString(), n.text.toString(), n.order])).toEqual(
      DEFAULT_NORMS.map((n, i) => [n.title, n.text, i + 1]),
    );
    norms[0]!.text.insert(0, 'Kami saling menghormati. ');
    expect(listNorms(doc)[0]!.text.toString()).toMatch(/^Kami saling menghormati\. /);
  });

  it('a new norm goes last; a removed norm leaves the list but keeps its record', () => {
    const doc = founded();
    const id = addNorm(doc, { title: 'Tepat waktu', text: 'Kami datang sebelum pukul 13.00.', by: SARI, now: NOW });
    expect(listNorms(doc).at(-1)!.id).toBe(id);
    const trust = listNorms(doc)[0]!.id;
    removeNorm(doc, trust, NOW + 1);
    expect(listNorms(doc).map((n) => n.id)).not.toContain(trust);
    expect(doc.getMap<Y.Map<unknown>>('norms').get(trust)!.get('removedAt')).toBe(NOW + 1);
    // A norm added after a removal still goes after every other, removed ones included.
    const later = addNorm(doc, { title: 'Gawai', text: '', by: SARI, now: NOW + 2 });
    expect(listNorms(doc).at(-1)!.id).toBe(later);
    expect(validateCommunityDoc(doc)).toEqual([]);
  });

  it('a norm can be moved between two others', () => {
    const doc = founded();
    const [first, second] = listNorms(doc);
    const last = listNorms(doc).at(-1)!;
    setNormOrder(doc, last.id, (first!.order + second!.order) / 2);
    expect(listNorms(doc).slice(0, 3).map((n) => n.id)).toEqual([first!.id, last.id, second!.id]);
  });

  it('refuses a norm without a title', () => {
    const doc = founded();
    expect(() => addNorm(doc, { title: ' ', text: 'teks', by: SARI, now: NOW })).toThrow(expect.objectContaining({ reason: 'invalid-name' }));
    expect(() => removeNorm(doc, 'no-norm-0000001' as RecordId, NOW)).toThrow(expect.objectContaining({ reason: 'not-found' }));
  });

  it('two phones editing the norms together merge both edits', () => {
    const a = founded();
    const b = reencode(a);
    listNorms(a)[1]!.text.insert(0, '[A] ');
    const textB = listNorms(b)[1]!.text;
    textB.insert(textB.length, ' [B]');
    addNorm(b, { title: 'Gawai', text: 'HP dalam mode senyap.', by: SARI, now: NOW + 1 });
    exchange(a, b);
    expect(listNorms(a)[1]!.text.toString()).toBe(`[A] ${DEFAULT_NORMS[1]!.text} [B]`);
    expect(listNorms(a).map((n) => n.id)).toEqual(listNorms(b).map((n) => n.id));
    expect(listNorms(a)).toHaveLength(DEFAULT_NORMS.length + 1);
  });

  it('members acknowledge the norms, and are asked again after a norm is added or removed', () => {
    const doc = founded();
    expect(needsNormAcknowledgement(doc, SARI)).toBe(true);
    acknowledgeNorms(doc, SARI, NOW + 10);
    expect(normAcknowledgements(doc)).toEqual(new Map([[SARI, NOW + 10]]));
    expect(needsNormAcknowledgement(doc, SARI)).toBe(false);
    addNorm(doc, { title: 'Gawai', text: '', by: RINA, now: NOW + 20 });
    expect(needsNormAcknowledgement(doc, SARI)).toBe(true);
    acknowledgeNorms(doc, SARI, NOW + 30);
    removeNorm(doc, listNorms(doc)[0]!.id, NOW + 40);
    expect(needsNormAcknowledgement(doc, SARI)).toBe(true);
    expect(() => acknowledgeNorms(doc, 'nobody-0000000001' as RecordId, NOW)).toThrow(expect.objectContaining({ reason: 'not-found' }));
  });

  it('a damaged acknowledgement is skipped and reported', () => {
    const doc = founded();
    doc.getMap('normAcks').set(SARI, { at: 'kemarin' });
    expect(normAcknowledgements(doc).size).toBe(0);
    expect(validateCommunityDoc(doc).map((p) => p.path)).toEqual([`normAcks.${SARI}`]);
  });
});
