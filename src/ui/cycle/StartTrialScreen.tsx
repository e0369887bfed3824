import { useState } from 'preact/hooks';
import { startTrial, todayIso } from '../../domain';
import type { RecordId } from '../../domain/ids';
import { t } from '../../i18n';
import type { CommunitySpace } from '../../sync/Communities';
import { navigate } from '../app/route';

/** Her chosen solution becomes a trial with a plan: when, which class, what she will look for. */
export function StartTrialScreen({ space, solutionId, previousTrialId }: { space: CommunitySpace; solutionId: RecordId; previousTrialId?: RecordId }) {
  const [when, setWhen] = useState(todayIso(new Date()));
  const [className, setClassName] = useState('');
  const [lookFor, setLookFor] = useState('');
  const submit = (event: Event) => {
    event.preventDefault();
    const id = startTrial(space.local.doc, {
      solutionId,
      memberId: space.me,
      when,
      className,
      lookFor,
      now: Date.now(),
      ...(previousTrialId ? { previousTrialId } : {}),
    });
    navigate(`/c/${space.name}/t/${id}`);
  };
  return (
    <main class="screen">
      <a href={`#/c/${space.name}/trials`} class="back">← {t('nav.back')}</a>
      <h1>{t('trial.start.title')}</h1>
      <form onSubmit={submit}>
        <div class="field">
          <label for="trial-when">{t('trial.when')}</label>
          <input id="trial-when" type="date" value={when} onInput={(e) => setWhen(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="trial-class">{t('trial.className')}</label>
          <input id="trial-class" type="text" value={className} onInput={(e) => setClassName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="trial-look">{t('trial.lookFor')}</label>
          <textarea id="trial-look" rows={3} value={lookFor} onInput={(e) => setLookFor(e.currentTarget.value)} />
        </div>
        <button type="submit" class="primary big">{t('trial.start')}</button>
      </form>
    </main>
  );
}
