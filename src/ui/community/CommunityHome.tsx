import { getCommunityInfo, getSchedule, listMeetings, nextMeetingDates, todayIso } from '../../domain';
import { formatDate, t, type MessageKey } from '../../i18n';
import type { CommunitySpace } from '../../sync/Communities';
import { useDocValue } from '../common/useDocValue';
import { useMe } from './useCommunity';

const SECTIONS: ReadonlyArray<{ path: string; label: MessageKey }> = [
  { path: 'problems', label: 'cycle.problems' },
  { path: 'boards', label: 'cycle.boards' },
  { path: 'trials', label: 'cycle.trials' },
  { path: 'practices', label: 'cycle.practices' },
  { path: 'meetings', label: 'community.home.meetings' },
  { path: 'norms', label: 'community.home.norms' },
  { path: 'goals', label: 'community.home.goals' },
  { path: 'members', label: 'community.home.members' },
  { path: 'groups', label: 'community.home.groups' },
  { path: 'schedule', label: 'community.home.schedule' },
];

/** The community at a glance, with the next meeting as a reminder when she opens the app. */
export function CommunityHome({ space }: { space: CommunitySpace }) {
  const info = useDocValue(space.local.doc, getCommunityInfo);
  const schedule = useDocValue(space.local.doc, getSchedule);
  const meetings = useDocValue(space.local.doc, listMeetings);
  const { me, can } = useMe(space);
  const today = todayIso(new Date());
  const next = schedule ? nextMeetingDates(schedule, today, 1)[0] : undefined;
  const todayMeeting = meetings.find((m) => m.date === today);

  return (
    <main class="screen">
      <a href="#/communities" class="back">← {t('nav.communities')}</a>
      <h1>{info?.name ?? t('community.list.unnamed')}</h1>
      {info && (
        <p class="hint">
          {t(`community.kind.${info.kind}`)}
          {info.focus && ` · ${info.focus}`}
        </p>
      )}
      {me && !me.active && <p class="notice" role="alert">{t('community.home.removed')}</p>}
      {me?.active && <p class="hint">{t('community.home.role', { role: t(`role.${me.role}`) })}</p>}
      {schedule && next && (
        <p class="reminder" role="status">
          {next === today && !todayMeeting
            ? t('community.home.meetingToday', { time: schedule.time, place: schedule.place })
            : t('community.home.nextMeeting', { date: formatDate(next), time: schedule.time, place: schedule.place })}
        </p>
      )}
      <nav aria-label={info?.name ?? ''}>
        <ul class="menu">
          {SECTIONS.map((s) => (
            <li key={s.path}>
              <a class="entry-card" href={`#/c/${space.name}/${s.path}`}>{t(s.label)}</a>
            </li>
          ))}
          {me?.active && (
            <li>
              <a class="entry-card" href={`#/c/${space.name}/portfolio`}>{t('reports.portfolioTitle')}</a>
            </li>
          )}
          {can.seeProgress && (
            <li>
              <a class="entry-card" href={`#/c/${space.name}/progress`}>{t('reports.progressTitle')}</a>
            </li>
          )}
          {can.invite && (
            <li>
              <a class="entry-card" href={`#/c/${space.name}/invite`}>{t('community.home.invite')}</a>
            </li>
          )}
        </ul>
      </nav>
    </main>
  );
}
