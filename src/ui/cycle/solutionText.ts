import type * as Y from 'yjs';
import { getSolution } from '../../domain';
import type { RecordId } from '../../domain/ids';

/** The current text of a solution (a trial's title), or '' when the record is missing or damaged. */
export function solutionText(doc: Y.Doc, solutionId: string): string {
  return getSolution(doc, solutionId as RecordId)?.text.toString() ?? '';
}
