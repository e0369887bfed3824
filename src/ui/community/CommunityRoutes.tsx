import { useEffect } from 'preact/hooks';
import { isDocName, type DocName, type RecordId } from '../../domain/ids';
import { t } from '../../i18n';
import type { Route } from '../app/route';
import { CommunityHome } from './CommunityHome';
import { CommunityList } from './CommunityList';
import { CreateCommunity } from './CreateCommunity';
import { GoalsScreen } from './GoalsScreen';
import { GroupsScreen } from './GroupsScreen';
import { InviteScreen } from './InviteScreen';
import { JoinCommunity } from './JoinCommunity';
import { MeetingScreen } from './MeetingScreen';
import { MeetingsScreen } from './MeetingsScreen';
import { MembersScreen } from './MembersScreen';
import { NormsScreen } from './NormsScreen';
import { ScheduleScreen } from './ScheduleScreen';
import { useCommunity } from './useCommunity';
import type { CommunitySpace } from '../../sync/Communities';

/** The communities feature: list, create, join, and one community's screens. */
export default function CommunityRoutes({ route, onSpace }: { route: Route; onSpace: (space: CommunitySpace | undefined) => void }) {
  if (route.path === '/communities') return <CommunityList />;
  if (route.path === '/communities/new') return <CreateCommunity />;
  if (route.path === '/join') return <JoinCommunity route={route} />;
  const [, , doc, section, sub] = route.path.split('/');
  if (!isDocName(doc)) return <CommunityList />;
  return <OneCommunity doc={doc} section={section} sub={sub} onSpace={onSpace} />;
}

function OneCommunity({ doc, section, sub, onSpace }: { doc: DocName; section?: string; sub?: string; onSpace: (s: CommunitySpace | undefined) => void }) {
  const { space, error } = useCommunity(doc);
  useEffect(() => {
    onSpace(space);
    return () => onSpace(undefined);
  }, [space, onSpace]);
  if (error) return <main class="screen"><p class="error" role="alert">{t('app.loadError')}</p></main>;
  if (!space) return <main class="screen"><p role="status">{t('community.home.loading')}</p></main>;
  switch (section) {
    case 'invite': return <InviteScreen space={space} />;
    case 'members': return <MembersScreen space={space} />;
    case 'groups': return <GroupsScreen space={space} />;
    case 'goals': return <GoalsScreen space={space} />;
    case 'norms': return <NormsScreen space={space} />;
    case 'schedule': return <ScheduleScreen space={space} />;
    case 'meetings': return <MeetingsScreen space={space} />;
    case 'm': return sub ? <MeetingScreen space={space} id={sub as RecordId} /> : <MeetingsScreen space={space} />;
    default: return <CommunityHome space={space} />;
  }
}
