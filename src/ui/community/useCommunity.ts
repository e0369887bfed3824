import { useEffect, useState } from 'preact/hooks';
import { capabilitiesOf, getMember, Role, type Capabilities, type MemberView } from '../../domain';
import type { DocName } from '../../domain/ids';
import type { CommunitySpace } from '../../sync/Communities';
import { useWorkspace } from '../app/workspace';
import { useDocValue } from '../common/useDocValue';

/** Opens one of her communities (once per app session) for the screen that shows it. */
export function useCommunity(doc: DocName): { space?: CommunitySpace; error?: unknown } {
  const { communities } = useWorkspace();
  const [state, setState] = useState<{ space?: CommunitySpace; error?: unknown }>({});
  useEffect(() => {
    let live = true;
    setState({});
    communities.open(doc).then(
      (space) => live && setState({ space }),
      (error: unknown) => live && setState({ error }),
    );
    return () => {
      live = false;
    };
  }, [communities, doc]);
  return state;
}

/** Her member record in this community and what her role lets her do. */
export function useMe(space: CommunitySpace): { me?: MemberView; can: Capabilities } {
  const me = useDocValue(space.local.doc, (d) => getMember(d, space.me), [space.me]);
  const role = me?.active ? me.role : undefined;
  const can = capabilitiesOf(role ?? Role.PENGAWAS);
  if (!me?.active || space.newerSchema) {
    return { me, can: Object.fromEntries(Object.keys(can).map((k) => [k, false])) as unknown as Capabilities };
  }
  return { me, can };
}
