/** Where the teacher's writing is, as the status pill tells her. */
export const SyncState = {
  /** Still opening the local document. */
  LOADING: 'loading',
  /** Some changes exist only on this phone (offline, or the relay is unreachable). */
  LOCAL: 'local',
  /** Connected; changes sent but the relay has not yet confirmed storing them. */
  SENDING: 'sending',
  /** The relay confirmed it durably stored everything this phone has written. */
  SYNCED: 'synced',
  /** The relay refused this room (wrong key or bad name); data stays on the phone. */
  REFUSED: 'refused',
} as const;
export type SyncState = (typeof SyncState)[keyof typeof SyncState];

/** Order of concern: the pill for several documents shows the most worrying state. */
const CONCERN: Record<SyncState, number> = {
  synced: 0,
  sending: 1,
  local: 2,
  loading: 3,
  refused: 4,
};

export function worstOf(states: Iterable<SyncState>): SyncState {
  let worst: SyncState = SyncState.SYNCED;
  for (const state of states) if (CONCERN[state] > CONCERN[worst]) worst = state;
  return worst;
}
