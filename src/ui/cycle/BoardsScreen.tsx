import { getSchedule, listBoards, nextMeetingDates, openWeeklyBoard, todayIso } from '../../domain';
import { formatDate, t } from '../../i18n';
import type { CommunitySpace } from '../../sync/Communities';
import { navigate } from '../app/route';
import { useDocValue } from '../common/useDocValue';
import { useMe } from '../community/useCommunity';

/** Diskusi mingguan: one board per weekly meeting, the same record on every phone. */
export function BoardsScreen({ space }: { space: CommunitySpace }) {
  const doc = space.local.doc;
  const boards = useDocValue(doc, listBoards);
  const { can } = useMe(space);

  const openThisWeek = () => {
    const today = todayIso(new Date());
    const schedule = getSchedule(doc);
    // The board belongs to this week's meeting: today if we meet today, else the next meeting.
    const weekOf = schedule ? nextMeetingDates(schedule, today, 1)[0] ?? today : today;
    navigate(`/c/${space.name}/b/${openWeeklyBoard(doc, { weekOf, by: space.me, now: Date.now() })}`);
  };

  return (
    <main class="screen">
      <a href={`#/c/${space.name}`} class="back">← {t('nav.back')}</a>
      <h1>{t('boards.title')}</h1>
      {can.editContent && <button type="button" class="primary big" onClick={openThisWeek}>{t('boards.openThisWeek')}</button>}
      {boards.length === 0 && <p class="empty">{t('boards.empty')}</p>}
      <ul class="entries" aria-label={t('boards.title')}>
        {boards.map((b) => (
          <li key={b.id}>
            <a class="entry-card" href={`#/c/${space.name}/b/${b.id}`}>{t('board.title', { date: formatDate(b.weekOf) })}</a>
          </li>
        ))}
      </ul>
    </main>
  );
}
