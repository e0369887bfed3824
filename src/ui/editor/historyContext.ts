import { createContext } from 'preact';
import type * as Y from 'yjs';
import type { TextHistory } from '../../sync/TextHistory';

/**
 * The version history of the community on screen: every `CollabText` inside it whose text belongs
 * to `doc` records her editing sessions and offers *Riwayat*. Outside (the journal) there is none.
 */
export interface TextHistoryScope {
  history: TextHistory;
  doc: Y.Doc;
  /** Member id → name, former members included. */
  nameOf: (id: string) => string;
}

export const TextHistoryContext = createContext<TextHistoryScope | undefined>(undefined);
