import { useState } from 'preact/hooks';
import { copyPracticeTo, getCommunityInfo, listPractices } from '../../domain';
import type { DocName, RecordId } from '../../domain/ids';
import { t } from '../../i18n';
import type { CommunitySpace } from '../../sync/Communities';
import { useWorkspace } from '../app/workspace';
import { Attachments } from '../attachments/Attachments';
import { AttachmentTarget } from '../../domain/attachments';
import { CollabText } from '../editor/CollabText';
import { useDocValue } from '../common/useDocValue';
import { useMe } from '../community/useCommunity';
import { useMemberNames } from './useMemberNames';

/** One good practice: the problem, its root cause, the practice, the evidence, who tried it. */
export function PracticeScreen({ space, id }: { space: CommunitySpace; id: RecordId }) {
  const { communities } = useWorkspace();
  const doc = space.local.doc;
  const practice = useDocValue(doc, (d) => listPractices(d).find((p) => p.id === id), [id]);
  const nameOf = useMemberNames(doc);
  const { can } = useMe(space);
  const [message, setMessage] = useState<string>();
  if (!practice) return <main class="screen"><p class="empty">{t('practice.notFound')}</p></main>;
  const others = communities.memberships().filter((m) => m.doc !== space.name && m.leftAt === undefined);

  const shareTo = async (target: DocName) => {
    const other = await communities.open(target);
    const name = getCommunityInfo(doc)?.name ?? '';
    copyPracticeTo(other.local.doc, practice, { by: other.me, now: Date.now(), sourceCommunityName: name });
    setMessage(t('practice.shared', { community: getCommunityInfo(other.local.doc)?.name ?? '' }));
  };

  return (
    <main class="screen">
      <a href={`#/c/${space.name}/practices`} class="back">← {t('nav.back')}</a>
      <CollabText text={practice.title} label={t('practice.titleLabel')} multiline={false} readOnly={!can.editContent} />
      {practice.sourceCommunityName && <p class="hint">{t('practice.from', { name: practice.sourceCommunityName })}</p>}
      <h2>{t('practice.problem')}</h2>
      <p>{practice.problemText}</p>
      <h2>{t('practice.rootCause')}</h2>
      <p>{practice.rootCauseText}</p>
      <CollabText text={practice.practice} label={t('practice.practice')} readOnly={!can.editContent} />
      <CollabText text={practice.evidence} label={t('practice.evidence')} readOnly={!can.editContent} />
      <Attachments space={space} target={AttachmentTarget.PRACTICE} recordId={id} addedBy={space.me} readOnly={!can.editContent} />
      <p class="hint">{t('practice.triedBy', { names: practice.triedBy.map(nameOf).join(', ') })}</p>
      {others.length > 0 && (
        <div class="field">
          <label for="practice-share">{t('practice.shareTo')}</label>
          <select id="practice-share" value="" onChange={(e) => e.currentTarget.value && void shareTo(e.currentTarget.value as DocName)}>
            <option value="">—</option>
            {others.map((m) => <option key={m.doc} value={m.doc}>{m.name}</option>)}
          </select>
        </div>
      )}
      {message && <p role="status">{message}</p>}
    </main>
  );
}
