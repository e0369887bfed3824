import { useState } from 'preact/hooks';
import { addGoal, GoalStatus, goalProblems, listGoals, setGoalStatus, type GoalInput } from '../../domain';
import { formatDate, t, type MessageKey } from '../../i18n';
import type { CommunitySpace } from '../../sync/Communities';
import { CollabText } from '../editor/CollabText';
import { useDocValue } from '../common/useDocValue';
import { useMe } from './useCommunity';

const FIELD_LABEL: Record<keyof GoalInput, MessageKey> = {
  what: 'goals.what',
  forWhom: 'goals.forWhom',
  byWhen: 'goals.byWhen',
  measure: 'goals.measure',
  groupId: 'groups.title',
};

/** Shared goals, each clear and measurable: what, for which children, by when, how we will know. */
export function GoalsScreen({ space }: { space: CommunitySpace }) {
  const doc = space.local.doc;
  const goals = useDocValue(doc, listGoals);
  const { can } = useMe(space);
  const [draft, setDraft] = useState<GoalInput>({ what: '', forWhom: '', byWhen: '', measure: '' });
  const [missing, setMissing] = useState<string[]>([]);

  const add = (event: Event) => {
    event.preventDefault();
    const problems = goalProblems(draft);
    if (problems.length > 0) return setMissing(problems.map((p) => t(FIELD_LABEL[p])));
    addGoal(doc, { ...draft, now: Date.now(), by: space.me });
    setDraft({ what: '', forWhom: '', byWhen: '', measure: '' });
    setMissing([]);
  };

  return (
    <main class="screen">
      <a href={`#/c/${space.name}`} class="back">← {t('nav.back')}</a>
      <h1>{t('goals.title')}</h1>
      {goals.length === 0 && <p class="empty">{t('goals.empty')}</p>}
      {goals.map((g, i) => (
        <section key={g.id} class="card" aria-label={`${t('goals.title')} ${i + 1}`}>
          <CollabText text={g.what} label={t('goals.what')} readOnly={!can.editContent} />
          <CollabText text={g.forWhom} label={t('goals.forWhom')} multiline={false} readOnly={!can.editContent} />
          <p><strong>{t('goals.byWhen')}:</strong> {formatDate(g.byWhen)}</p>
          <CollabText text={g.measure} label={t('goals.measure')} readOnly={!can.editContent} />
          <label for={`status-${g.id}`}>{t('goals.status')}</label>{' '}
          <select id={`status-${g.id}`} value={g.status} disabled={!can.editContent}
            onChange={(e) => setGoalStatus(doc, g.id, e.currentTarget.value as GoalStatus, space.me, Date.now())}>
            {Object.values(GoalStatus).map((s) => <option key={s} value={s}>{t(`goalStatus.${s}`)}</option>)}
          </select>
        </section>
      ))}
      {can.editContent && (
        <form onSubmit={add} noValidate class="card">
          <h2>{t('goals.add')}</h2>
          {(['what', 'forWhom', 'measure'] as const).map((f) => (
            <div class="field" key={f}>
              <label for={`goal-${f}`}>{t(FIELD_LABEL[f])}</label>
              <input id={`goal-${f}`} type="text" value={draft[f]} onInput={(e) => setDraft({ ...draft, [f]: e.currentTarget.value })} />
            </div>
          ))}
          <div class="field">
            <label for="goal-byWhen">{t('goals.byWhen')}</label>
            <input id="goal-byWhen" type="date" value={draft.byWhen} onInput={(e) => setDraft({ ...draft, byWhen: e.currentTarget.value })} />
          </div>
          {missing.length > 0 && <p class="error" role="alert">{t('goals.missing', { fields: missing.join(', ') })}</p>}
          <button type="submit" class="primary">{t('goals.add')}</button>
        </form>
      )}
    </main>
  );
}
