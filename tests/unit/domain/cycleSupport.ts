import * as Y from 'yjs';
import { CommunityKind, createCommunity, createJournalEntry, getJournalEntry, shareProblem, type RecordId } from '../../../src/domain';

export const NOW = Date.UTC(2025, 7, 11, 12, 0);
export const ANI = 'm-ani' as RecordId;

/** A community founded by Bu Ani, holding one problem she shared from her journal's gap. */
export function communityWithProblem(gap: string): { doc: Y.Doc; problemId: RecordId } {
  const doc = new Y.Doc();
  createCommunity(doc, { name: 'Gugus PAUD Melati', kind: CommunityKind.BETWEEN_SCHOOLS, focus: '', schools: [], founder: { id: ANI, name: 'Bu Ani' }, now: NOW });
  const personal = new Y.Doc();
  createJournalEntry(personal, { date: '2025-08-11', now: NOW, id: 'entry-1' as RecordId });
  const entry = getJournalEntry(personal, 'entry-1' as RecordId)!;
  entry.texts.gap.insert(0, gap);
  const problemId = shareProblem(doc, { entry, choices: [{ field: 'gap', redact: true }], childNames: [], authorId: ANI, now: NOW, id: 'problem-1' as RecordId });
  return { doc, problemId };
}
