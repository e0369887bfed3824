import { getProfileName } from '../../domain';
import { t } from '../../i18n';
import { useWorkspace } from '../app/workspace';
import { useDocValue } from '../common/useDocValue';

/** Her communities; a teacher can belong to several and switch between them. */
export function CommunityList() {
  const { personal, communities } = useWorkspace();
  const memberships = useDocValue(personal.local.doc, () => communities.memberships().filter((m) => m.leftAt === undefined));
  const name = useDocValue(personal.local.doc, getProfileName);
  return (
    <main class="screen">
      {name && <p class="greeting">{t('journal.greeting', { name })}</p>}
      <h1>{t('community.list.title')}</h1>
      {memberships.length === 0 ? (
        <p class="empty">{t('community.list.empty')}</p>
      ) : (
        <ul class="entries" aria-label={t('community.list.title')}>
          {memberships.map((m) => (
            <li key={m.doc}>
              <a class="entry-card" href={`#/c/${m.doc}`}>
                <span class="entry-date">{m.name || t('community.list.unnamed')}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
      <div class="actions">
        <a class="button primary" href="#/communities/new">
          {t('community.list.create')}
        </a>
        <a class="button" href="#/join">
          {t('community.list.join')}
        </a>
      </div>
    </main>
  );
}
