import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  getJournalEntry,
  JOURNAL_TEXT_FIELDS,
  listChildNames,
  listGroups,
  listMembers,
  recordEntryShared,
  previewShare,
  setChildNames,
  shareProblem,
  type JournalTextField,
  type ShareChoice,
} from '../../domain';
import { AttachmentTarget, copyAttachments, isImageType, listAttachments } from '../../domain/attachments';
import type { DocName, RecordId } from '../../domain/ids';
import { enqueueUpload } from '../../store/blobs';
import { t } from '../../i18n';
import { navigate } from '../app/route';
import { useWorkspace } from '../app/workspace';
import { useDocValue } from '../common/useDocValue';

/**
 * Share the problem of one journal entry: she ticks the parts to share (the gap by default),
 * children's names become initials unless she turns that off for a part, and she sees exactly
 * what will leave her phone before it does. Nothing she did not tick is copied.
 */
export function ShareProblemScreen({ entryId }: { entryId: RecordId }) {
  const { personal, communities, db, outbox } = useWorkspace();
  const personalDoc = personal.local.doc;
  const entry = useDocValue(personalDoc, (d) => getJournalEntry(d, entryId), [entryId]);
  const memberships = communities.memberships().filter((m) => m.leftAt === undefined);
  const [target, setTarget] = useState<DocName | undefined>(memberships[0]?.doc);
  const [included, setIncluded] = useState<Set<JournalTextField>>(new Set(['gap']));
  const [unredacted, setUnredacted] = useState<Set<JournalTextField>>(new Set());
  // Photos and voice notes go along only if she ticks them (none by default: children's faces).
  const attachments = useDocValue(personalDoc, (d) => listAttachments(d, AttachmentTarget.ENTRY, entryId), [entryId]);
  const [withPhotos, setWithPhotos] = useState<Set<string>>(new Set());
  const savedNames = useDocValue(personalDoc, listChildNames);
  const [names, setNames] = useState(savedNames.join('\n'));
  const [error, setError] = useState<string>();
  const [groups, setGroups] = useState<Array<{ id: RecordId; name: string }>>([]);
  const [groupId, setGroupId] = useState<RecordId | null>(null);
  useEffect(() => {
    let live = true;
    setGroupId(null);
    if (target) void communities.open(target).then((space) => live && setGroups(listGroups(space.local.doc)));
    return () => {
      live = false;
    };
  }, [communities, target]);
  const childNames = useMemo(() => names.split('\n').map((n) => n.trim()).filter(Boolean), [names]);

  if (!entry) return <main class="screen"><p class="empty">{t('journal.notFound')}</p></main>;
  const choices: ShareChoice[] = JOURNAL_TEXT_FIELDS.filter((f) => included.has(f) && entry.texts[f].length > 0).map((field) => ({
    field,
    redact: !unredacted.has(field),
  }));
  const preview = previewShare(entry, choices, childNames);
  const toggle = (set: Set<JournalTextField>, field: JournalTextField, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(field);
    else next.delete(field);
    return next;
  };

  const share = async (event: Event) => {
    event.preventDefault();
    if (!target) return;
    if (choices.length === 0) return setError(t('share.nothing'));
    setChildNames(personalDoc, childNames);
    const space = await communities.open(target);
    const colleagueNames = listMembers(space.local.doc, { includeFormer: true }).map((m) => m.name);
    const problemId = shareProblem(space.local.doc, { entry, choices, childNames, colleagueNames, authorId: space.me, groupId, now: Date.now() });
    recordEntryShared(personalDoc, entryId, target, problemId);
    // Only now does a photo she chose become the community's: referenced there, sent to its room.
    const chosen = attachments.filter((a) => withPhotos.has(a.hash));
    copyAttachments(space.local.doc, AttachmentTarget.PROBLEM, problemId, chosen, space.me);
    for (const attachment of chosen) await enqueueUpload(db, attachment.hash, target);
    if (chosen.length > 0) outbox.kick(target);
    navigate(`/c/${target}/p/${problemId}`);
  };

  return (
    <main class="screen">
      <a href={`#/entry/${entryId}`} class="back">← {t('nav.back')}</a>
      <h1>{t('share.title')}</h1>
      {memberships.length === 0 ? (
        <p class="empty">{t('share.noCommunity')}</p>
      ) : (
        <form onSubmit={share}>
          <p class="hint">{t('share.intro')}</p>
          <div class="field">
            <label for="share-community">{t('share.community')}</label>
            <select id="share-community" value={target} onChange={(e) => setTarget(e.currentTarget.value as DocName)}>
              {memberships.map((m) => <option key={m.doc} value={m.doc}>{m.name || t('community.list.unnamed')}</option>)}
            </select>
          </div>
          {groups.length > 0 && (
            <div class="field">
              <label for="share-group">{t('share.group')}</label>
              <select id="share-group" value={groupId ?? ''} onChange={(e) => setGroupId((e.currentTarget.value || null) as RecordId | null)}>
                <option value="">{t('share.wholeCommunity')}</option>
                {groups.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
              </select>
            </div>
          )}
          {JOURNAL_TEXT_FIELDS.filter((f) => entry.texts[f].length > 0).map((field) => {
            const label = t(`journal.field.${field}`);
            return (
              <fieldset key={field} class="field share-part">
                <label class="choice">
                  <input type="checkbox" checked={included.has(field)} onChange={(e) => setIncluded(toggle(included, field, e.currentTarget.checked))} />
                  {t('share.include', { field: label })}
                </label>
                {included.has(field) && (
                  <label class="choice">
                    <input type="checkbox" checked={!unredacted.has(field)}
                      aria-label={t('share.redactFor', { field: label })}
                      onChange={(e) => setUnredacted(toggle(unredacted, field, !e.currentTarget.checked))} />
                    {t('share.redact')}
                  </label>
                )}
              </fieldset>
            );
          })}
          {attachments.length > 0 && (
            <fieldset class="field share-part">
              <legend>{t('share.attachments')}</legend>
              <p class="hint">{t('share.attachmentsHint')}</p>
              {attachments.map((a, index) => {
                const name = isImageType(a.type) ? t('attach.photo', { n: index + 1 }) : t('attach.voice', { n: index + 1 });
                return (
                  <label key={a.hash} class="choice">
                    <input type="checkbox" checked={withPhotos.has(a.hash)}
                      onChange={(e) => setWithPhotos(toggleHash(withPhotos, a.hash, e.currentTarget.checked))} />
                    {t('share.includeAttachment', { name })}
                  </label>
                );
              })}
            </fieldset>
          )}
          <div class="field">
            <label for="share-children">{t('share.children')}</label>
            <p class="hint" id="share-children-hint">{t('share.childrenHint')}</p>
            <textarea id="share-children" rows={3} aria-describedby="share-children-hint" value={names} onInput={(e) => setNames(e.currentTarget.value)} />
          </div>
          <h2>{t('share.preview')}</h2>
          <pre class="preview" aria-label={t('share.preview')}>{preview}</pre>
          {error && <p class="error" role="alert">{error}</p>}
          <button type="submit" class="primary big">{t('share.submit')}</button>
        </form>
      )}
    </main>
  );
}

function toggleHash(set: Set<string>, hash: string, on: boolean): Set<string> {
  const next = new Set(set);
  if (on) next.add(hash);
  else next.delete(hash);
  return next;
}
