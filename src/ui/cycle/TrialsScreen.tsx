import { getSchedule, listTrials, nextMeetingDates, todayIso, trialsNeedingResult, type TrialView } from '../../domain';
import { formatDate, t } from '../../i18n';
import type { CommunitySpace } from '../../sync/Communities';
import { useDocValue } from '../common/useDocValue';
import { useMemberNames } from './useMemberNames';
import { solutionText } from './solutionText';

/** Her trials (with a nudge to record results before the next meeting) and her colleagues'. */
export function TrialsScreen({ space }: { space: CommunitySpace }) {
  const doc = space.local.doc;
  const trials = useDocValue(doc, (d) => listTrials(d));
  const due = useDocValue(doc, (d) => {
    const schedule = getSchedule(d);
    const today = todayIso(new Date());
    const next = schedule ? nextMeetingDates(schedule, today, 1)[0] : undefined;
    return trialsNeedingResult(d, space.me, today, next);
  });
  const nameOf = useMemberNames(doc);
  const mine = trials.filter((tr) => tr.memberId === space.me);
  const others = trials.filter((tr) => tr.memberId !== space.me);
  const item = (tr: TrialView) => (
    <li key={tr.id}>
      <a class="entry-card" href={`#/c/${space.name}/t/${tr.id}`}>
        <span class="entry-date">{solutionText(doc, tr.solutionId).slice(0, 80)}</span>
        <span class="entry-preview">
          {nameOf(tr.memberId)} · {formatDate(tr.startDate)} · {t(`trials.status.${tr.status}`)}
        </span>
      </a>
    </li>
  );
  return (
    <main class="screen">
      <a href={`#/c/${space.name}`} class="back">← {t('nav.back')}</a>
      <h1>{t('trials.title')}</h1>
      {due.map((tr) => (
        <p key={tr.id} class="reminder" role="status">
          <a href={`#/c/${space.name}/t/${tr.id}`}>{t('trials.nudge', { text: solutionText(doc, tr.solutionId).slice(0, 60) })}</a>
        </p>
      ))}
      {trials.length === 0 && <p class="empty">{t('trials.empty')}</p>}
      {mine.length > 0 && (<><h2>{t('trials.mine')}</h2><ul class="entries">{mine.map(item)}</ul></>)}
      {others.length > 0 && (<><h2>{t('trials.others')}</h2><ul class="entries">{others.map(item)}</ul></>)}
    </main>
  );
}

