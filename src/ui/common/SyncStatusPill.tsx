import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';
import type { DocSync } from '../../sync/DocSync';
import { SyncState, worstOf } from '../../sync/SyncState';

const ICON: Record<SyncState, string> = {
  loading: '…',
  local: '●',
  sending: '↻',
  synced: '✓',
  refused: '!',
};

/** The most worrying state of the documents on screen (her journal, the open community). */
export function useSyncState(syncs: ReadonlyArray<DocSync>): SyncState {
  const compute = () => (syncs.length === 0 ? SyncState.LOADING : worstOf(syncs.map((s) => s.state)));
  const [state, setState] = useState<SyncState>(compute);
  useEffect(() => {
    const update = () => setState(compute());
    update();
    const offs = syncs.map((s) => s.onChange(update));
    return () => offs.forEach((off) => off());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [syncs]);
  return state;
}

/** Tells the teacher, on every screen, where her writing is. Tap for an explanation. */
export function SyncStatusPill({ syncs }: { syncs: ReadonlyArray<DocSync> }) {
  const state = useSyncState(syncs);
  const [open, setOpen] = useState(false);
  const help = state === SyncState.LOADING ? undefined : t(`status.${state}.help`);
  return (
    <div class="pill-wrap">
      <button
        type="button"
        class={`pill pill-${state}`}
        data-state={state}
        aria-expanded={help ? open : undefined}
        onClick={() => {
          setOpen(!open);
          syncs.forEach((s) => s.reconnect());
        }}
      >
        <span aria-hidden="true">{ICON[state]}</span> <span role="status">{t(`status.${state}`)}</span>
      </button>
      {open && help && <p class="pill-help">{help}</p>}
    </div>
  );
}
