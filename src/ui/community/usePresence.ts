import { useCallback, useEffect, useState } from 'preact/hooks';
import type { CommunitySpace } from '../../sync/Communities';

export interface Presence {
  clientId: number;
  name: string;
  memberId: string;
  editing: string | null;
}

/**
 * Yjs awareness for one screen (e.g. a meeting): announces that she is here and which field she
 * is writing in, and lists the colleagues on the same screen. Awareness is never stored.
 */
export function usePresence(space: CommunitySpace, where: string, name: string) {
  const awareness = space.sync.provider.awareness;
  const [others, setOthers] = useState<Presence[]>([]);

  useEffect(() => {
    awareness.setLocalState({ user: { name, memberId: space.me }, at: where, editing: null });
    const refresh = () => {
      const list: Presence[] = [];
      awareness.getStates().forEach((state, clientId) => {
        if (clientId === awareness.clientID || state.at !== where) return;
        const user = state.user as { name?: unknown; memberId?: unknown } | undefined;
        if (typeof user?.name !== 'string') return;
        list.push({
          clientId,
          name: user.name,
          memberId: String(user.memberId ?? ''),
          editing: typeof state.editing === 'string' ? state.editing : null,
        });
      });
      setOthers(list.sort((a, b) => a.name.localeCompare(b.name)));
    };
    refresh();
    awareness.on('change', refresh);
    return () => {
      awareness.off('change', refresh);
      awareness.setLocalStateField('at', null);
    };
  }, [awareness, where, name, space.me]);

  const setEditing = useCallback(
    (field: string | null) => awareness.setLocalStateField('editing', field),
    [awareness],
  );
  const editorsOf = (field: string) => others.filter((o) => o.editing === field).map((o) => o.name);
  return { others, setEditing, editorsOf };
}
