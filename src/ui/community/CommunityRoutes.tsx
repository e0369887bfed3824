import type { ComponentChildren } from 'preact';
import { lazy, Suspense } from 'preact/compat';
import { useEffect, useMemo, useRef } from 'preact/hooks';
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
import { BoardScreen } from '../cycle/BoardScreen';
import { BoardsScreen } from '../cycle/BoardsScreen';
import { PracticeScreen } from '../cycle/PracticeScreen';
import { PracticesScreen } from '../cycle/PracticesScreen';
import { ProblemScreen } from '../cycle/ProblemScreen';
import { ProblemsScreen } from '../cycle/ProblemsScreen';
import { ShareProblemScreen } from '../cycle/ShareProblemScreen';
import { StartTrialScreen } from '../cycle/StartTrialScreen';
import { TrialScreen } from '../cycle/TrialScreen';
import { TrialsScreen } from '../cycle/TrialsScreen';
import type { CommunitySpace } from '../../sync/Communities';
import { TextHistoryContext, type TextHistoryScope } from '../editor/historyContext';
import { useMemberNames } from '../cycle/useMemberNames';

// Reports compute and draw much that the other screens never need: their own chunk, loaded on first use.
const ReportsRoutes = lazy(() => import('../reports/ReportsRoutes'));

/** The communities feature: list, create, join, and one community's screens. */
export default function CommunityRoutes({ route, onSpace }: { route: Route; onSpace: (space: CommunitySpace | undefined) => void }) {
  if (route.path === '/communities') return <CommunityList />;
  if (route.path === '/communities/new') return <CreateCommunity />;
  if (route.path === '/join') return <JoinCommunity route={route} />;
  if (route.path.startsWith('/share/')) return <ShareProblemScreen entryId={route.path.slice('/share/'.length) as RecordId} />;
  const [, , doc, section, sub] = route.path.split('/');
  if (!isDocName(doc)) return <CommunityList />;
  const previous = route.query.get('previous') ?? undefined;
  return <OneCommunity doc={doc} section={section} sub={sub} previous={previous as RecordId | undefined} query={route.query} onSpace={onSpace} />;
}

interface OneCommunityProps {
  doc: DocName;
  section?: string;
  sub?: string;
  previous?: RecordId;
  query: URLSearchParams;
  onSpace: (s: CommunitySpace | undefined) => void;
}

function OneCommunity({ doc, section, sub, previous, query, onSpace }: OneCommunityProps) {
  const { space, error } = useCommunity(doc);
  useEffect(() => {
    onSpace(space);
    return () => onSpace(undefined);
  }, [space, onSpace]);
  if (error) return <main class="screen"><p class="error" role="alert">{t('app.loadError')}</p></main>;
  if (!space) return <main class="screen"><p role="status">{t('community.home.loading')}</p></main>;
  return <HistoryScope space={space}><CommunitySection space={space} section={section} sub={sub} previous={previous} query={query} /></HistoryScope>;
}

/**
 * Version history for every shared text of the community's screens (CollabText reads it): her
 * editing sessions end, and are recorded, when she hides the app too.
 */
function HistoryScope({ space, children }: { space: CommunitySpace; children: ComponentChildren }) {
  const nameOf = useMemberNames(space.local.doc);
  const names = useRef(nameOf);
  names.current = nameOf;
  // Stable for the space: a new value would make every field end and restart its session.
  const scope = useMemo<TextHistoryScope>(() => ({ history: space.history, doc: space.local.doc, nameOf: (id) => names.current(id) }), [space]);
  useEffect(() => {
    const onHidden = () => {
      if (document.visibilityState === 'hidden') space.history.endAll();
    };
    document.addEventListener('visibilitychange', onHidden);
    return () => document.removeEventListener('visibilitychange', onHidden);
  }, [space]);
  return <TextHistoryContext.Provider value={scope}>{children}</TextHistoryContext.Provider>;
}

function CommunitySection({ space, section, sub, previous, query }: Omit<OneCommunityProps, 'doc' | 'onSpace'> & { space: CommunitySpace }) {
  switch (section) {
    case 'invite': return <InviteScreen space={space} />;
    case 'members': return <MembersScreen space={space} />;
    case 'groups': return <GroupsScreen space={space} />;
    case 'goals': return <GoalsScreen space={space} />;
    case 'norms': return <NormsScreen space={space} />;
    case 'schedule': return <ScheduleScreen space={space} />;
    case 'meetings': return <MeetingsScreen space={space} />;
    case 'm': return sub ? <MeetingScreen space={space} id={sub as RecordId} /> : <MeetingsScreen space={space} />;
    case 'problems': return <ProblemsScreen space={space} />;
    case 'p': return <ProblemScreen space={space} id={sub as RecordId} />;
    case 'boards': return <BoardsScreen space={space} />;
    case 'b': return <BoardScreen space={space} id={sub as RecordId} />;
    case 'trials': return <TrialsScreen space={space} />;
    case 'trial-new': return <StartTrialScreen space={space} solutionId={sub as RecordId} {...(previous ? { previousTrialId: previous } : {})} />;
    case 't': return <TrialScreen space={space} id={sub as RecordId} />;
    case 'practices': return <PracticesScreen space={space} />;
    case 'pr': return <PracticeScreen space={space} id={sub as RecordId} />;
    case 'progress':
    case 'report':
    case 'portfolio':
      return (
        <Suspense fallback={<main class="screen"><p role="status">{t('app.loading')}</p></main>}>
          <ReportsRoutes space={space} section={section} query={query} />
        </Suspense>
      );
    default: return <CommunityHome space={space} />;
  }
}
