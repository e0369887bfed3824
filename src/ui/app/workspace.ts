import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { SejawatDb } from '../../store/db';
import type { Communities } from '../../sync/Communities';
import type { Outbox } from '../../sync/outbox';
import type { PersonalSpace } from '../../sync/PersonalSpace';

/** What every screen of a signed-in teacher can reach: her documents and the relay. */
export interface Workspace {
  db: SejawatDb;
  relayUrl: string;
  personal: PersonalSpace;
  communities: Communities;
  /** Uploads of her photos and voice notes (src/sync/outbox.ts). */
  outbox: Outbox;
}

export const WorkspaceContext = createContext<Workspace | undefined>(undefined);

export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error('useWorkspace outside a WorkspaceContext');
  return workspace;
}
