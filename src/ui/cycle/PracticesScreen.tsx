import { useState } from 'preact/hooks';
import { listPractices } from '../../domain';
import { t } from '../../i18n';
import type { CommunitySpace } from '../../sync/Communities';
import { useDocValue } from '../common/useDocValue';
import { useMemberNames } from './useMemberNames';

/** The community's library of good practices, searchable. */
export function PracticesScreen({ space }: { space: CommunitySpace }) {
  const doc = space.local.doc;
  const [query, setQuery] = useState('');
  const practices = useDocValue(doc, (d) => listPractices(d, query.trim() ? { query: query.trim() } : {}), [query]);
  const nameOf = useMemberNames(doc);
  return (
    <main class="screen">
      <a href={`#/c/${space.name}`} class="back">← {t('nav.back')}</a>
      <h1>{t('practices.title')}</h1>
      <div class="field">
        <label for="practice-search">{t('practices.search')}</label>
        <input id="practice-search" type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
      </div>
      {practices.length === 0 && <p class="empty">{t('practices.empty')}</p>}
      <ul class="entries" aria-label={t('practices.title')}>
        {practices.map((p) => (
          <li key={p.id}>
            <a class="entry-card" href={`#/c/${space.name}/pr/${p.id}`}>
              <span class="entry-date">{p.title.toString() || p.practice.toString().slice(0, 60)}</span>
              <span class="entry-preview">{p.problemText.slice(0, 100)}</span>
              <span class="hint">{t('practice.triedBy', { names: p.triedBy.map(nameOf).join(', ') })}</span>
            </a>
          </li>
        ))}
      </ul>
    </main>
  );
}
