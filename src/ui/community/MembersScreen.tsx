import { useState } from 'preact/hooks';
import { listMembers, removeMember, Role, setMemberRole } from '../../domain';
import type { RecordId } from '../../domain/ids';
import { t } from '../../i18n';
import type { CommunitySpace } from '../../sync/Communities';
import { navigate } from '../app/route';
import { useWorkspace } from '../app/workspace';
import { errorMessage } from '../common/errorMessage';
import { useDocValue } from '../common/useDocValue';
import { useMe } from './useCommunity';

/** Members and roles; the facilitator changes roles, removes members and rotates the key. */
export function MembersScreen({ space }: { space: CommunitySpace }) {
  const { communities } = useWorkspace();
  const doc = space.local.doc;
  const members = useDocValue(doc, (d) => listMembers(d, { includeFormer: true }));
  const { me, can } = useMe(space);
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const active = members.filter((m) => m.active);
  const former = members.filter((m) => !m.active);

  const remove = (id: RecordId, name: string) => {
    if (window.confirm(t('members.removeConfirm', { name }))) removeMember(doc, id, space.me, Date.now());
  };
  const rotate = async () => {
    setBusy(true);
    const result = await communities.rotate(space.name, active.map((m) => m.id));
    setBusy(false);
    setMessage(result.ok ? t('members.rotated') : errorMessage(result.reason));
  };

  const leave = async () => {
    if (!window.confirm(`${t('members.leave')}?`)) return;
    try {
      await communities.leave(space.name);
      navigate('/communities');
    } catch (error) {
      setMessage(errorMessage((error as { reason?: string }).reason ?? 'generic'));
    }
  };

  return (
    <main class="screen">
      <a href={`#/c/${space.name}`} class="back">← {t('nav.back')}</a>
      <h1>{t('members.title')}</h1>
      <ul class="entries">
        {active.map((m) => (
          <li key={m.id} class="entry-card member">
            <span class="entry-date">
              {m.name} {m.id === space.me && t('members.you')}
            </span>
            {m.school && <span class="entry-preview">{m.school}</span>}
            {can.manageMembers && m.id !== space.me ? (
              <div class="row">
                <label class="sr-only" for={`role-${m.id}`}>{t('members.roleOf', { name: m.name })}</label>
                <select id={`role-${m.id}`} value={m.role} onChange={(e) => setMemberRole(doc, m.id, e.currentTarget.value as Role, Date.now())}>
                  {Object.values(Role).map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
                </select>
                <button type="button" class="secondary" onClick={() => remove(m.id, m.name)}>
                  {t('members.remove', { name: m.name })}
                </button>
              </div>
            ) : (
              <span class="entry-preview">{t(`role.${m.role}`)}</span>
            )}
          </li>
        ))}
      </ul>
      {former.length > 0 && (
        <>
          <h2>{t('members.former')}</h2>
          <ul class="entries">
            {former.map((m) => <li key={m.id} class="entry-card"><span class="entry-date">{m.name}</span></li>)}
          </ul>
        </>
      )}
      {can.rotateKey && space.membership()?.adminKey && (
        <section>
          <h2>{t('members.rotate')}</h2>
          <p class="hint">{t('members.rotateHelp')}</p>
          <button type="button" disabled={busy} onClick={() => void rotate()}>{t('members.rotate')}</button>
        </section>
      )}
      {me?.active && (
        <button type="button" class="secondary" onClick={() => void leave()}>{t('members.leave')}</button>
      )}
      {message && <p role="status">{message}</p>}
    </main>
  );
}
