import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';
import type { DocSync } from '../../sync/DocSync';
import { SyncState } from '../../sync/SyncState';

const ICON: Record<SyncState, string> = {
  loading: '…',
  local: '●',
  sending: '↻',
  synced: '✓',
  refused: '!',
};

export function useSyncState(sync: DocSync | undefined): SyncState {
  const [state, setState] = useState<SyncState>(sync?.state ?? SyncState.LOADING);
  useEffect(() => {
    if (!sync) return undefined;
    setState(sync.state);
    return sync.onChange(setState);
  }, [sync]);
  return state;
}

/** Tells the teacher, on every screen, where her writing is. Tap for an explanation. */
export function SyncStatusPill({ sync }: { sync: DocSync | undefined }) {
  const state = useSyncState(sync);
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
          sync?.reconnect();
        }}
      >
        <span aria-hidden="true">{ICON[state]}</span> <span role="status">{t(`status.${state}`)}</span>
      </button>
      {open && help && <p class="pill-help">{help}</p>}
    </div>
  );
}
