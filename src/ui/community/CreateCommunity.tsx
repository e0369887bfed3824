import { useState } from 'preact/hooks';
import { CommunityKind } from '../../domain';
import { t } from '../../i18n';
import { navigate } from '../app/route';
import { useWorkspace } from '../app/workspace';

/** A facilitator creates a community on her phone, with or without a network. */
export function CreateCommunity() {
  const { communities } = useWorkspace();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<CommunityKind>(CommunityKind.IN_SCHOOL);
  const [focus, setFocus] = useState('');
  const [schools, setSchools] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!name.trim()) return setError(t('community.create.nameRequired'));
    setBusy(true);
    try {
      const doc = await communities.create({
        name,
        kind,
        focus,
        schools: schools.split('\n').map((s) => s.trim()).filter(Boolean),
      });
      navigate(`/c/${doc}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="screen">
      <a href="#/communities" class="back">← {t('nav.back')}</a>
      <h1>{t('community.create.title')}</h1>
      <p class="hint">{t('community.create.offline')}</p>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="c-name">{t('community.field.name')}</label>
          <input id="c-name" type="text" value={name} maxLength={120} placeholder={t('community.field.name.hint')}
            aria-invalid={error ? true : undefined} onInput={(e) => setName(e.currentTarget.value)} />
          {error && <p class="error" role="alert">{error}</p>}
        </div>
        <fieldset class="field">
          <legend>{t('community.field.kind')}</legend>
          {Object.values(CommunityKind).map((k) => (
            <label key={k} class="choice">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />{' '}
              {t(`community.kind.${k}`)}
            </label>
          ))}
        </fieldset>
        <div class="field">
          <label for="c-focus">{t('community.field.focus')}</label>
          <p class="hint" id="c-focus-hint">{t('community.field.focus.hint')}</p>
          <input id="c-focus" type="text" value={focus} aria-describedby="c-focus-hint" onInput={(e) => setFocus(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="c-schools">{t('community.field.schools')}</label>
          <textarea id="c-schools" rows={2} value={schools} onInput={(e) => setSchools(e.currentTarget.value)} />
        </div>
        <button type="submit" class="primary big" disabled={busy}>{t('community.create.submit')}</button>
      </form>
    </main>
  );
}
