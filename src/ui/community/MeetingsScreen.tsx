import { listMeetings, openScheduledMeeting, todayIso } from '../../domain';
import { formatDate, t } from '../../i18n';
import type { CommunitySpace } from '../../sync/Communities';
import { navigate } from '../app/route';
import { useDocValue } from '../common/useDocValue';
import { useMe } from './useCommunity';

export function MeetingsScreen({ space }: { space: CommunitySpace }) {
  const doc = space.local.doc;
  const meetings = useDocValue(doc, listMeetings);
  const { can } = useMe(space);

  // Today's meeting has the same id on every phone, so phones that open it offline at the same
  // meeting end up with one record holding everyone's attendance and minutes.
  const startToday = () => navigate(`/c/${space.name}/m/${openScheduledMeeting(doc, todayIso(new Date()))}`);

  return (
    <main class="screen">
      <a href={`#/c/${space.name}`} class="back">← {t('nav.back')}</a>
      <h1>{t('meetings.title')}</h1>
      {can.editContent && (
        <button type="button" class="primary big" onClick={startToday}>{t('meetings.new')}</button>
      )}
      {meetings.length === 0 ? (
        <p class="empty">{t('meetings.empty')}</p>
      ) : (
        <ul class="entries" aria-label={t('meetings.title')}>
          {meetings.map((m) => (
            <li key={m.id}>
              <a class="entry-card" href={`#/c/${space.name}/m/${m.id}`}>
                <span class="entry-date">{formatDate(m.date)}{m.time && `, ${m.time}`}</span>
                <span class="entry-preview">{m.place}{m.place && ' · '}{t('meetings.present', { count: m.presentCount })}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
