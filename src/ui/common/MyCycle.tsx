import { useEffect, useState } from 'preact/hooks';
import {
  getBoard,
  getCommunityInfo,
  getSchedule,
  getSolution,
  listProblems,
  listTrials,
  nextMeetingDates,
  problemsWithAnswers,
  todayIso,
  trialsNeedingResult,
  weeklyBoardId,
} from '../../domain';
import { formatDate, t } from '../../i18n';
import type { CommunitySpace } from '../../sync/Communities';
import { useWorkspace } from '../app/workspace';

interface Item {
  key: string;
  href: string;
  text: string;
  urgent?: boolean;
}

const DAY_MS = 86_400_000;

/**
 * Her cycle at a glance when she opens the app (issue 5, "home screen"): per community, a meeting
 * today or tomorrow, colleagues' problems still waiting for a "why", this week's board, her
 * running trials and the trials whose result is due before the next meeting. Opening her
 * communities here (after the first paint) also lets them sync in the background while she writes.
 */
export function MyCycle() {
  const { communities } = useWorkspace();
  const [items, setItems] = useState<Item[]>([]);

  useEffect(() => {
    let live = true;
    const active = communities.memberships().filter((m) => m.leftAt === undefined);
    const opened: CommunitySpace[] = [];
    const refresh = () => live && setItems(opened.flatMap(itemsOf));
    void Promise.allSettled(active.map((m) => communities.open(m.doc))).then((results) => {
      for (const result of results) {
        if (result.status !== 'fulfilled') continue;
        opened.push(result.value);
        result.value.local.doc.on('afterTransaction', refresh);
      }
      refresh();
    });
    return () => {
      live = false;
      for (const space of opened) space.local.doc.off('afterTransaction', refresh);
    };
  }, [communities]);

  if (items.length === 0) return null;
  return (
    <ul class="reminders" aria-label={t('reminder.title')}>
      {items.map((item) => (
        <li key={item.key}>
          <a class={item.urgent ? 'reminder urgent' : 'reminder'} href={item.href}>{item.text}</a>
        </li>
      ))}
    </ul>
  );
}

function itemsOf(space: CommunitySpace): Item[] {
  const doc = space.local.doc;
  const base = `#/c/${space.name}`;
  const community = getCommunityInfo(doc)?.name ?? '';
  const today = todayIso(new Date());
  const tomorrow = todayIso(new Date(Date.now() + DAY_MS));
  const schedule = getSchedule(doc);
  const next = schedule ? nextMeetingDates(schedule, today, 1)[0] : undefined;
  const items: Item[] = [];

  if (schedule && next && (next === today || next === tomorrow)) {
    items.push({
      key: `${space.name}:meeting`,
      href: base,
      text: t('reminder.meeting', { community, date: formatDate(next), time: schedule.time, place: schedule.place }),
    });
  }
  const answered = problemsWithAnswers(doc);
  const waiting = listProblems(doc).filter((p) => p.authorId !== space.me && !answered.has(p.id)).length;
  if (waiting > 0) items.push({ key: `${space.name}:whys`, href: `${base}/problems`, text: t('home.waitingWhy', { count: waiting, community }) });
  const board = getBoard(doc, weeklyBoardId(next ?? today, null));
  if (board) items.push({ key: board.id, href: `${base}/b/${board.id}`, text: t('home.board', { community, date: formatDate(board.weekOf) }) });
  const due = trialsNeedingResult(doc, space.me, today, next);
  const dueIds = new Set(due.map((tr) => tr.id));
  for (const trial of due) {
    const text = getSolution(doc, trial.solutionId)?.text.toString().slice(0, 60) ?? '';
    items.push({ key: trial.id, href: `${base}/t/${trial.id}`, text: t('trials.nudge', { text }), urgent: true });
  }
  for (const trial of listTrials(doc, { memberId: space.me })) {
    if (dueIds.has(trial.id) || (trial.status !== 'running' && trial.status !== 'planned')) continue;
    const text = getSolution(doc, trial.solutionId)?.text.toString().slice(0, 60) ?? '';
    items.push({ key: trial.id, href: `${base}/t/${trial.id}`, text: t('home.trialRunning', { text, end: formatDate(trial.endDate) }) });
  }
  return items;
}
