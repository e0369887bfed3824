import { listProblems } from '../../domain';
import { formatDate, t } from '../../i18n';
import type { CommunitySpace } from '../../sync/Communities';
import { useDocValue } from '../common/useDocValue';
import { useMemberNames } from './useMemberNames';

/** Diskusi harian: problems the members shared, newest first, with how many colleagues saw each. */
export function ProblemsScreen({ space }: { space: CommunitySpace }) {
  const doc = space.local.doc;
  const problems = useDocValue(doc, (d) => listProblems(d));
  const nameOf = useMemberNames(doc);
  return (
    <main class="screen">
      <a href={`#/c/${space.name}`} class="back">← {t('nav.back')}</a>
      <h1>{t('problems.title')}</h1>
      {problems.length === 0 && <p class="empty">{t('problems.empty')}</p>}
      <ul class="entries" aria-label={t('problems.title')}>
        {problems.map((p) => (
          <li key={p.id}>
            <a class="entry-card" href={`#/c/${space.name}/p/${p.id}`}>
              <span class="entry-date">{t('problems.by', { name: nameOf(p.authorId), date: formatDate(p.source.date) })}</span>
              <span class="entry-preview">{p.text.toString().slice(0, 160)}</span>
              <span class="hint">
                {t('problems.seen', { count: p.seenCount })}
                {p.rootCauseId && ` · ${t('problems.rootCauseFound')}`}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </main>
  );
}
