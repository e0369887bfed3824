import { useEffect, useState } from 'preact/hooks';
import { getCommunityInfo, getSchedule, getSolution, nextMeetingDates, todayIso, trialsNeedingResult } from '../../domain';
import { formatDate, t } from '../../i18n';
import { useWorkspace } from '../app/workspace';

interface Reminder {
  key: string;
  href: string;
  text: string;
}

const DAY_MS = 86_400_000;

/**
 * When she opens the app: her communities' meetings today or tomorrow, and her trials whose result
 * is due before the next weekly meeting. Opening her communities
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
        const space = result.value;
        const doc = space.local.doc;
        const community = getCommunityInfo(doc)?.name ?? '';
        const schedule = getSchedule(doc);
        const next = schedule ? nextMeetingDates(schedule, today, 1)[0] : undefined;
        if (schedule && next && (next === today || next === tomorrow)) {
          found.push({
            key: `${space.name}:meeting`,
            href: `#/c/${space.name}`,
            text: t('reminder.meeting', { community, date: formatDate(next), time: schedule.time, place: schedule.place }),
          });
        }
        // The nudge: her trials to record before the next weekly meeting.
        for (const trial of trialsNeedingResult(doc, space.me, today, next)) {
          found.push({
            key: trial.id,
            href: `#/c/${space.name}/t/${trial.id}`,
            text: t('trials.nudge', { text: getSolution(doc, trial.solutionId)?.text.toString().slice(0, 60) ?? '' }),
          });
        }
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
        <li key={r.key}>
          <a class="reminder" href={r.href}>{r.text}</a>
        </li>
      ))}
    </ul>
  );
}
