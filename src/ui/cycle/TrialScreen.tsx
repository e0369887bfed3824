import {
  adoptPractice,
  entriesOfTrial,
  getTrial,
  linkEntryToTrial,
  linkTrialEntry,
  listJournalEntries,
  recordOutcome,
  TrialOutcome,
} from '../../domain';
import type { RecordId } from '../../domain/ids';
import { formatDate, t } from '../../i18n';
import type { CommunitySpace } from '../../sync/Communities';
import { navigate } from '../app/route';
import { useWorkspace } from '../app/workspace';
import { CollabText } from '../editor/CollabText';
import { Attachments } from '../attachments/Attachments';
import { AttachmentTarget } from '../../domain/attachments';
import { useDocValue } from '../common/useDocValue';
import { useMe } from '../community/useCommunity';
import { CommentForm } from './ProblemScreen';
import { listComments } from '../../domain';
import { useMemberNames } from './useMemberNames';
import { solutionText } from './solutionText';

/** A trial: plan, her journal entries during it, reflection with peers, and the outcome. */
export function TrialScreen({ space, id }: { space: CommunitySpace; id: RecordId }) {
  const { personal } = useWorkspace();
  const doc = space.local.doc;
  const trial = useDocValue(doc, (d) => getTrial(d, id), [id]);
  const comments = useDocValue(doc, (d) => listComments(d, id), [id]);
  const myEntries = useDocValue(personal.local.doc, listJournalEntries);
  const linked = useDocValue(personal.local.doc, (d) => entriesOfTrial(d, id), [id]);
  const nameOf = useMemberNames(doc);
  const { can } = useMe(space);
  if (!trial) return <main class="screen"><p class="empty">{t('trial.notFound')}</p></main>;
  const mine = trial.memberId === space.me;
  const linkedIds = new Set(trial.entryRefs.map((r) => r.entryId));

  const link = (entryId: string) => {
    const entry = myEntries.find((e) => e.id === entryId);
    if (!entry) return;
    linkEntryToTrial(personal.local.doc, entry.id, space.name, id);
    linkTrialEntry(doc, id, entry.id, entry.date);
  };
  const adopt = () => navigate(`/c/${space.name}/pr/${adoptPractice(doc, { trialId: id, by: space.me, now: Date.now() })}`);

  return (
    <main class="screen">
      <a href={`#/c/${space.name}/trials`} class="back">← {t('nav.back')}</a>
      <h1>{t('trial.title', { text: solutionText(doc, trial.solutionId).slice(0, 60) })}</h1>
      <p class="hint">
        {nameOf(trial.memberId)} · {trial.className} · {t('trial.window', { start: formatDate(trial.startDate), end: formatDate(trial.endDate) })} ·{' '}
        {t(`trials.status.${trial.status}`)}
      </p>
      <CollabText text={trial.lookFor} label={t('trial.lookFor')} readOnly={!mine} />
      <section aria-label={t('trial.entries')}>
        <h2>{t('trial.entries')}</h2>
        {trial.entryRefs.length === 0 && <p class="empty">{t('trial.noEntries')}</p>}
        <ul class="entries">
          {trial.entryRefs.map((r) => (
            <li key={r.entryId} class="entry-card">
              {mine && linked.some((e) => e === r.entryId) ? <a href={`#/entry/${r.entryId}`}>{formatDate(r.date)}</a> : formatDate(r.date)}
            </li>
          ))}
        </ul>
        {mine && (
          <div class="field">
            <label for="trial-link">{t('trial.chooseEntry')}</label>
            <select id="trial-link" value="" onChange={(e) => link(e.currentTarget.value)}>
              <option value="">{t('trial.linkEntry')}</option>
              {myEntries.filter((e) => !linkedIds.has(e.id)).map((e) => (
                <option key={e.id} value={e.id}>{formatDate(e.date)} — {e.preview.slice(0, 40)}</option>
              ))}
            </select>
          </div>
        )}
      </section>
      <CollabText text={trial.reflection} label={t('trial.reflection')} readOnly={!can.editContent} />
      <CollabText text={trial.evidence} label={t('trial.evidence')} readOnly={!can.editContent} />
      <Attachments space={space} target={AttachmentTarget.TRIAL} recordId={id} addedBy={space.me} readOnly={!can.editContent} />
      <section aria-label={t('problem.comments')}>
        <h2>{t('problem.comments')}</h2>
        <ul class="comments">{comments.map((c) => <li key={c.id}><strong>{nameOf(c.authorId)}:</strong> {c.text}</li>)}</ul>
        {can.comment && <CommentForm space={space} targetId={id} />}
      </section>
      <section aria-label={t('trial.outcome')}>
        <h2>{t('trial.outcome')}</h2>
        {mine && (
          <div class="row">
            {Object.values(TrialOutcome).map((o) => (
              <button type="button" key={o} aria-pressed={trial.outcome === o} onClick={() => recordOutcome(doc, id, o, space.me, Date.now())}>
                {t(`outcome.${o}`)}
              </button>
            ))}
          </div>
        )}
        {!mine && trial.outcome && <p>{t(`outcome.${trial.outcome}`)}</p>}
        {mine && trial.outcome === TrialOutcome.ADOPT && (
          <button type="button" class="primary big" onClick={adopt}>{t('trial.adopt')}</button>
        )}
        {mine && trial.outcome === TrialOutcome.ADAPT && !trial.nextTrialId && (
          <button type="button" class="primary" onClick={() => navigate(`/c/${space.name}/trial-new/${trial.solutionId}?previous=${id}`)}>
            {t('trial.retry')}
          </button>
        )}
        {trial.previousTrialId && <p><a href={`#/c/${space.name}/t/${trial.previousTrialId}`}>{t('trial.previous')}</a></p>}
        {trial.nextTrialId && <p><a href={`#/c/${space.name}/t/${trial.nextTrialId}`}>{t('trial.next')}</a></p>}
      </section>
    </main>
  );
}
