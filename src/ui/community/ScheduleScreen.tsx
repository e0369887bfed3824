import { useState } from 'preact/hooks';
import { getSchedule, nextMeetingDates, setSchedule, todayIso, type Schedule } from '../../domain';
import { formatDate, t, type MessageKey } from '../../i18n';
import type { CommunitySpace } from '../../sync/Communities';
import { useDocValue } from '../common/useDocValue';
import { useMe } from './useCommunity';

const EVERY = [1, 2, 4] as const;

/** The recurring meeting slot (e.g. every Friday 13:00 at TK Pertiwi) and the next dates. */
export function ScheduleScreen({ space }: { space: CommunitySpace }) {
  const doc = space.local.doc;
  const saved = useDocValue(doc, getSchedule);
  const { can } = useMe(space);
  const today = todayIso(new Date());
  const [draft, setDraft] = useState<Schedule>(
    saved ?? { weekday: 5, time: '13:00', place: '', everyWeeks: 1, startDate: today, groupId: null },
  );
  const [message, setMessage] = useState<string>();

  const save = (event: Event) => {
    event.preventDefault();
    try {
      setSchedule(doc, draft);
      setMessage(t('schedule.saved'));
    } catch {
      setMessage(t('schedule.invalid'));
    }
  };
  const upcoming = saved ? nextMeetingDates(saved, today, 4) : [];

  return (
    <main class="screen">
      <a href={`#/c/${space.name}`} class="back">← {t('nav.back')}</a>
      <h1>{t('schedule.title')}</h1>
      <h2>{t('schedule.next')}</h2>
      {upcoming.length === 0 ? (
        <p class="empty">{t('schedule.none')}</p>
      ) : (
        <ul class="entries" aria-label={t('schedule.next')}>
          {upcoming.map((d) => <li key={d} class="entry-card">{formatDate(d)}, {saved!.time} · {saved!.place}</li>)}
        </ul>
      )}
      {can.schedule && (
        <form onSubmit={save} noValidate class="card">
          <div class="field">
            <label for="s-weekday">{t('schedule.weekday')}</label>
            <select id="s-weekday" value={draft.weekday} onChange={(e) => setDraft({ ...draft, weekday: Number(e.currentTarget.value) })}>
              {[1, 2, 3, 4, 5, 6, 0].map((d) => <option key={d} value={d}>{t(`weekday.${d}` as MessageKey)}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="s-time">{t('schedule.time')}</label>
            <input id="s-time" type="time" value={draft.time} onInput={(e) => setDraft({ ...draft, time: e.currentTarget.value })} />
          </div>
          <div class="field">
            <label for="s-place">{t('schedule.place')}</label>
            <input id="s-place" type="text" value={draft.place} onInput={(e) => setDraft({ ...draft, place: e.currentTarget.value })} />
          </div>
          <div class="field">
            <label for="s-every">{t('schedule.every')}</label>
            <select id="s-every" value={draft.everyWeeks} onChange={(e) => setDraft({ ...draft, everyWeeks: Number(e.currentTarget.value) as 1 | 2 | 4 })}>
              {EVERY.map((n) => <option key={n} value={n}>{t(`schedule.every.${n}`)}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="s-start">{t('schedule.startDate')}</label>
            <input id="s-start" type="date" value={draft.startDate} onInput={(e) => setDraft({ ...draft, startDate: e.currentTarget.value })} />
          </div>
          <button type="submit" class="primary">{t('schedule.save')}</button>
          {message && <p role="status">{message}</p>}
        </form>
      )}
    </main>
  );
}
