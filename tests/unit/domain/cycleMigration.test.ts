import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addProblemToBoard,
  COMMUNITY_MIGRATIONS,
  COMMUNITY_MIGRATIONS_V1,
  COMMUNITY_SCHEMA_VERSION,
  CommunityKind,
  createCommunity,
  createMeeting,
  getBoard,
  getMeeting,
  initCommunityDoc,
  listSolutions,
  migrateCommunityDoc,
  MIGRATION_ORIGIN,
  openWeeklyBoard,
  proposeSolution,
  startTrial,
  validateCommunityDoc,
  type RecordId,
} from '../../../src/domain';
import { exchange, reencode } from './support';

const NOW = Date.UTC(2025, 2, 7, 6, 0);
const RINA = 'member-rina-00001' as RecordId;
const P1 = 'problem-000000001' as RecordId;

/** A community document as a v1 app left it: `meta.schema = 1`, no cycle maps. */
function v1Community(): Y.Doc {
  const made = new Y.Doc();
  createCommunity(made, { name: 'KB TK Pertiwi', kind: CommunityKind.IN_SCHOOL, focus: 'Bermain', schools: [], founder: { id: RINA, name: 'Bu Rina' }, now: NOW });
  made.getMap('meta').set('schema', 1);
  createMeeting(made, { date: '2025-03-07', now: NOW, by: RINA, id: 'meeting-v1-00001' as RecordId });
  return reencode(made);
}

function updatesOf(doc: Y.Doc): unknown[] {
  const origins: unknown[] = [];
  doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
  return origins;
}

describe('community schema 2: the learning cycle', () => {
  it('a v1 document is brought to 2 in one transaction, its content untouched', () => {
    const doc = v1Community();
    const before = doc.getMap('meetings').toJSON();
    const origins = updatesOf(doc);
    expect(migrateCommunityDoc(doc, NOW)).toEqual({ from: 1, to: 2, changed: true, stepsRun: [], repaired: 0 });
    expect(origins).toEqual([MIGRATION_ORIGIN]);
    expect(doc.getMap('meta').get('schema')).toBe(2);
    expect(doc.getMap('meetings').toJSON()).toEqual(before);
    expect(validateCommunityDoc(doc)).toEqual([]);
  });

  it('is idempotent: opening it again writes nothing', () => {
    const doc = v1Community();
    initCommunityDoc(doc, NOW);
    const origins = updatesOf(doc);
    initCommunityDoc(doc, NOW + 1);
    expect(migrateCommunityDoc(doc, NOW + 2)).toMatchObject({ from: 2, to: 2, changed: false });
    expect(origins).toHaveLength(0);
  });

  it('two phones migrating the same v1 state offline make identical items, and both boards’ work merges', () => {
    const a = v1Community();
    const b = reencode(a);
    migrateCommunityDoc(a, NOW);
    migrateCommunityDoc(b, NOW + 86_400_000);
    expect(Y.encodeStateAsUpdate(a)).toEqual(Y.encodeStateAsUpdate(b));
    const board = openWeeklyBoard(a, { weekOf: '2025-03-14', by: RINA, now: NOW });
    openWeeklyBoard(b, { weekOf: '2025-03-14', by: RINA, now: NOW });
    addProblemToBoard(a, board, P1);
    proposeSolution(a, { boardId: board, problemId: P1, text: 'dari A', by: RINA, now: NOW });
    proposeSolution(b, { boardId: board, problemId: P1, text: 'dari B', by: RINA, now: NOW });
    exchange(a, b);
    expect(getBoard(b, board)!.problemIds).toEqual([P1]);
    expect(listSolutions(a, board, P1).map((s) => s.text.toString()).sort()).toEqual(['dari A', 'dari B']);
    expect(a.getMap('meta').get('schema')).toBe(2);
    expect(validateCommunityDoc(a)).toEqual([]);
  });

  it('two phones with different states each migrate, and the merge is version 2 with both edits', () => {
    const a = v1Community();
    const b = reencode(a);
    getMeeting(b, 'meeting-v1-00001' as RecordId)!.minutes.insert(0, 'Notulen dari B');
    migrateCommunityDoc(a, NOW);
    migrateCommunityDoc(b, NOW);
    exchange(a, b);
    expect(a.getMap('meta').get('schema')).toBe(2);
    expect(getMeeting(a, 'meeting-v1-00001' as RecordId)!.minutes.toString()).toBe('Notulen dari B');
    expect(migrateCommunityDoc(a, NOW).changed).toBe(false);
    expect(Y.encodeStateAsUpdate(a)).toEqual(Y.encodeStateAsUpdate(reencode(b)));
  });

  it('a phone still on the v1 app sees a v2 document as newer and writes nothing; what it wrote before is kept', () => {
    const v2Phone = v1Community();
    const v1Phone = reencode(v2Phone);
    expect(migrateCommunityDoc(v1Phone, NOW, COMMUNITY_MIGRATIONS_V1)).toMatchObject({ from: 1, to: 1, changed: false });
    getMeeting(v1Phone, 'meeting-v1-00001' as RecordId)!.agenda.insert(0, 'Agenda dari aplikasi lama');
    initCommunityDoc(v2Phone, NOW);
    openWeeklyBoard(v2Phone, { weekOf: '2025-03-14', by: RINA, now: NOW });
    exchange(v2Phone, v1Phone);
    const origins = updatesOf(v1Phone);
    expect(() => migrateCommunityDoc(v1Phone, NOW, COMMUNITY_MIGRATIONS_V1)).toThrow(expect.objectContaining({ name: 'DomainError', reason: 'newer-schema' }));
    expect(origins).toHaveLength(0);
    expect(getMeeting(v2Phone, 'meeting-v1-00001' as RecordId)!.agenda.toString()).toBe('Agenda dari aplikasi lama');
  });

  it('a new community is made at version 2, and validation tolerates every cycle map', () => {
    const doc = new Y.Doc();
    createCommunity(doc, { name: 'Gugus PAUD', kind: CommunityKind.BETWEEN_SCHOOLS, focus: '', schools: [], founder: { id: RINA, name: 'Bu Rina' }, now: NOW });
    expect(doc.getMap('meta').get('schema')).toBe(COMMUNITY_SCHEMA_VERSION);
    expect(COMMUNITY_SCHEMA_VERSION).toBe(2);
    const board = openWeeklyBoard(doc, { weekOf: '2025-03-14', by: RINA, now: NOW });
    const solution = proposeSolution(doc, { boardId: board, problemId: P1, text: 'x', by: RINA, now: NOW });
    startTrial(doc, { solutionId: solution, memberId: RINA, when: '2025-03-17', className: 'B1', lookFor: '', now: NOW });
    for (const root of ['problems', 'whys', 'comments', 'practices']) doc.getMap(root).set('some-record-0001', new Y.Map());
    expect(validateCommunityDoc(doc)).toEqual([]);
  });

  it('the v2 repair pass has its own tag, and the v1 step is named', () => {
    expect(COMMUNITY_MIGRATIONS.repairTag).not.toBe(COMMUNITY_MIGRATIONS_V1.repairTag);
    expect(COMMUNITY_MIGRATIONS.steps.map((s) => [s.from, s.tag])).toEqual([[1, 'sejawat/community/v2@1']]);
  });
});
