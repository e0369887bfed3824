import { useEffect, useState } from 'preact/hooks';
import { getCommunityInfo, getSchedule, nextMeetingDates, todayIso } from '../../domain';
import { formatDate, t } from '../../i18n';
import { useWorkspace } from '../app/workspace';

interface Reminder {
  doc: string;
  community: string;
  date: string;
  time: string;
  place: string;
}

const DAY_MS = 86_400_000;

/**
 * When she opens the app: her communities' meetings today or tomorrow. Opening her communities
 * here (after the first paint) also lets them sync in the background while she writes.
 */
export function MeetingReminders() {
  const { communities } = useWorkspace();
  const [reminders, setReminders] = useState<Reminder[]>([]);

  useEffect(() => {
    let live = true;
    const today = todayIso(new Date());
    const tomorrow = todayIso(new Date(Date.now() + DAY_MS));
    const active = communities.memberships().filter((m) => m.leftAt === undefined);
    void Promise.allSettled(active.map((m) => communities.open(m.doc))).then((results) => {
      if (!live) return;
      const found: Reminder[] = [];
      for (const result of results) {
        if (result.status !== 'fulfilled') continue;
        const doc = result.value.local.doc;
        const schedule = getSchedule(doc);
        if (!schedule) continue;
        const next = nextMeetingDates(schedule, today, 1)[0];
        if (next !== today && next !== tomorrow) continue;
        found.push({
          doc: result.value.name,
          community: getCommunityInfo(doc)?.name ?? '',
          date: next,
          time: schedule.time,
          place: schedule.place,
        });
      }
      setReminders(found);
    });
    return () => {
      live = false;
    };
  }, [communities]);

  if (reminders.length === 0) return null;
  return (
    <ul class="reminders" aria-label={t('reminder.title')}>
      {reminders.map((r) => (
        <li key={r.doc}>
          <a class="reminder" href={`#/c/${r.doc}`}>
            {t('reminder.meeting', { community: r.community, date: formatDate(r.date), time: r.time, place: r.place })}
          </a>
        </li>
      ))}
    </ul>
  );
}
