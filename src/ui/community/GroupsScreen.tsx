import { useState } from 'preact/hooks';
import { listGroups, listMembers, moveMember, splitIntoGroups } from '../../domain';
import type { RecordId } from '../../domain/ids';
import { t } from '../../i18n';
import type { CommunitySpace } from '../../sync/Communities';
import { useDocValue } from '../common/useDocValue';
import { useMe } from './useCommunity';

/** Small groups (kelompok kecil): split the community, move people between groups. */
export function GroupsScreen({ space }: { space: CommunitySpace }) {
  const doc = space.local.doc;
  const groups = useDocValue(doc, listGroups);
  const members = useDocValue(doc, (d) => listMembers(d));
  const { can } = useMe(space);
  const [count, setCount] = useState(Math.max(1, Math.round(members.length / 5)));

  return (
    <main class="screen">
      <a href={`#/c/${space.name}`} class="back">← {t('nav.back')}</a>
      <h1>{t('groups.title')}</h1>
      {groups.length === 0 && <p class="empty">{t('groups.empty')}</p>}
      {can.manageGroups && groups.length === 0 && (
        <div class="row">
          <label for="group-count">{t('groups.count')}</label>
          <input id="group-count" type="number" min={1} max={20} value={count} class="narrow"
            onInput={(e) => setCount(Number(e.currentTarget.value) || 1)} />
          <button type="button" class="primary" onClick={() => splitIntoGroups(doc, { count, now: Date.now() })}>
            {t('groups.split')}
          </button>
        </div>
      )}
      {groups.map((g) => (
        <section key={g.id} aria-label={g.name}>
          <h2>{g.name} <span class="hint">· {t('groups.members', { count: g.memberIds.length })}</span></h2>
        </section>
      ))}
      {groups.length > 0 && (
        <ul class="entries">
          {members.map((m) => (
            <li key={m.id} class="entry-card row">
              <label for={`group-${m.id}`}>{m.name}</label>
              <select id={`group-${m.id}`} disabled={!can.manageGroups} value={m.groupId ?? ''}
                aria-label={t('groups.groupOf', { name: m.name })}
                onChange={(e) => moveMember(doc, m.id, (e.currentTarget.value || null) as RecordId | null)}>
                <option value="">{t('groups.none')}</option>
                {groups.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
              </select>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
