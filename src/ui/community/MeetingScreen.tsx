import { getMeeting, getProfileName, listMembers, markAttendance } from '../../domain';
import type { RecordId } from '../../domain/ids';
import { formatDate, t } from '../../i18n';
import type { CommunitySpace } from '../../sync/Communities';
import { useWorkspace } from '../app/workspace';
import { CollabText } from '../editor/CollabText';
import { Attachments } from '../attachments/Attachments';
import { AttachmentTarget } from '../../domain/attachments';
import { useDocValue } from '../common/useDocValue';
import { useMe } from './useCommunity';
import { usePresence } from './usePresence';

/** A meeting: agenda, attendance, minutes co-edited live, decisions; presence shows who is here. */
export function MeetingScreen({ space, id }: { space: CommunitySpace; id: RecordId }) {
  const { personal } = useWorkspace();
  const doc = space.local.doc;
  const meeting = useDocValue(doc, (d) => getMeeting(d, id), [id]);
  const members = useDocValue(doc, (d) => listMembers(d));
  const { me, can } = useMe(space);
  const name = getProfileName(personal.local.doc) ?? '';
  const presence = usePresence(space, `meeting:${id}`, name);

  if (!meeting) return <main class="screen"><p class="empty">{t('meeting.notFound')}</p></main>;
  const present = (memberId: RecordId) => meeting.attendance.get(memberId)?.present === true;
  const field = (key: 'agenda' | 'minutes' | 'decisions') => ({
    editors: presence.editorsOf(key),
    onFocusChange: (focused: boolean) => presence.setEditing(focused ? key : null),
    readOnly: !can.editContent,
  });

  return (
    <main class="screen">
      <a href={`#/c/${space.name}/meetings`} class="back">← {t('nav.back')}</a>
      <h1>{t('meeting.title', { date: formatDate(meeting.date) })}</h1>
      <p class="presence" role="status" aria-label={t('meeting.here', { names: '' }).trim()}>
        {t('meeting.here', { names: [name, ...presence.others.map((o) => o.name)].join(', ') })}
      </p>
      <CollabText text={meeting.agenda} label={t('meeting.agenda')} {...field('agenda')} />
      <section aria-label={t('meeting.attendance')}>
        <h2>{t('meeting.attendance')}</h2>
        {me?.active && can.markOwnAttendance && !present(space.me) && (
          <button type="button" class="primary" onClick={() => markAttendance(doc, id, space.me, true, space.me, Date.now())}>
            {t('meeting.markSelf')}
          </button>
        )}
        <ul class="attendance">
          {members.map((m) => (
            <li key={m.id}>
              <label>
                <input type="checkbox" checked={present(m.id)} disabled={!can.editContent && m.id !== space.me}
                  aria-label={t('meeting.presentOf', { name: m.name })}
                  onChange={(e) => markAttendance(doc, id, m.id, e.currentTarget.checked, space.me, Date.now())} />{' '}
                {m.name}
              </label>
            </li>
          ))}
        </ul>
      </section>
      <CollabText text={meeting.minutes} label={t('meeting.minutes')} {...field('minutes')} />
      <CollabText text={meeting.decisions} label={t('meeting.decisions')} {...field('decisions')} />
      <Attachments space={space} target={AttachmentTarget.MEETING} recordId={id} addedBy={space.me} readOnly={!can.editContent} />
    </main>
  );
}
