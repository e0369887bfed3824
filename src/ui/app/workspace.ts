import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { SejawatDb } from '../../store/db';
import type { Communities } from '../../sync/Communities';
import type { PersonalSpace } from '../../sync/PersonalSpace';

/** What every screen of a signed-in teacher can reach: her documents and the relay. */
export interface Workspace {
  db: SejawatDb;
  relayUrl: string;
  personal: PersonalSpace;
  communities: Communities;
}

export const WorkspaceContext = createContext<Workspace | undefined>(undefined);

export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error('useWorkspace outside a WorkspaceContext');
  return workspace;
}
