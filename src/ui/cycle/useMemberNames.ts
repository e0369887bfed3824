import type * as Y from 'yjs';
import { listMembers } from '../../domain';
import { useDocValue } from '../common/useDocValue';

/** Member id → name, former members included, so every contribution stays attributed. */
export function useMemberNames(doc: Y.Doc): (id: string) => string {
  const names = useDocValue(doc, (d) => new Map(listMembers(d, { includeFormer: true }).map((m) => [m.id as string, m.name])));
  return (id: string) => names.get(id) || '—';
}
