import { acknowledgeNorms, addNorm, getProfileName, listMembers, listNorms, normAcknowledgements, removeNorm } from '../../domain';
import { formatDate, t } from '../../i18n';
import type { CommunitySpace } from '../../sync/Communities';
import { useWorkspace } from '../app/workspace';
import { CollabText } from '../editor/CollabText';
import { useDocValue } from '../common/useDocValue';
import { useMe } from './useCommunity';
import { usePresence } from './usePresence';

/** Agreements and norms, edited together live; each member acknowledges them. */
export function NormsScreen({ space }: { space: CommunitySpace }) {
  const { personal } = useWorkspace();
  const doc = space.local.doc;
  const norms = useDocValue(doc, listNorms);
  const acks = useDocValue(doc, normAcknowledgements);
  const total = useDocValue(doc, (d) => listMembers(d).length);
  const { me, can } = useMe(space);
  const name = getProfileName(personal.local.doc) ?? '';
  const presence = usePresence(space, 'norms', name);
  const myAck = acks.get(space.me);

  return (
    <main class="screen">
      <a href={`#/c/${space.name}`} class="back">← {t('nav.back')}</a>
      <h1>{t('norms.title')}</h1>
      <p class="hint">{t('norms.intro')}</p>
      {presence.others.length > 0 && (
        <p class="presence" role="status">{t('meeting.here', { names: presence.others.map((o) => o.name).join(', ') })}</p>
      )}
      {norms.map((n, i) => (
        <section key={n.id} class="card" aria-label={t('norms.norm', { n: i + 1 })}>
          <CollabText text={n.title} label={t('norms.normTitle', { n: i + 1 })} multiline={false} readOnly={!can.editNorms}
            editors={presence.editorsOf(`${n.id}:title`)} onFocusChange={(f) => presence.setEditing(f ? `${n.id}:title` : null)} />
          <CollabText text={n.text} label={t('norms.normText', { n: i + 1 })} readOnly={!can.editNorms}
            editors={presence.editorsOf(`${n.id}:text`)} onFocusChange={(f) => presence.setEditing(f ? `${n.id}:text` : null)} />
          {can.editNorms && (
            <button type="button" class="secondary" onClick={() => removeNorm(doc, n.id, Date.now())}>
              {t('norms.remove', { n: i + 1 })}
            </button>
          )}
        </section>
      ))}
      {can.editNorms && (
        <button type="button" onClick={() => addNorm(doc, { title: '', text: '', by: space.me, now: Date.now() })}>
          {t('norms.add')}
        </button>
      )}
      <p role="status">{t('norms.ackCount', { count: acks.size, total })}</p>
      {myAck ? (
        <p class="hint">{t('norms.acknowledged', { date: formatDate(new Date(myAck).toISOString().slice(0, 10)) })}</p>
      ) : (
        me?.active && (
          <button type="button" class="primary big" onClick={() => acknowledgeNorms(doc, space.me, Date.now())}>
            {t('norms.acknowledge')}
          </button>
        )
      )}
    </main>
  );
}
