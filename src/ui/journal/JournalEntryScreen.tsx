import type * as Y from 'yjs';
import { EntryMode, ENTRY_TAGS, getEntryMode, getEntryTags, getJournalEntry, QUICK_MODE_FIELDS, setEntryMode, setEntryTags, type JournalTextField } from '../../domain';
import type { RecordId } from '../../domain/ids';
import { formatDate, t, type MessageKey } from '../../i18n';
import { CollabText } from '../editor/CollabText';
import { Attachments } from '../attachments/Attachments';
import { AttachmentTarget } from '../../domain/attachments';
import type { SyncedDoc } from '../../sync/SyncedDoc';
import { useDocValue } from '../common/useDocValue';

/** The guided template of a catatan harian, in the order of the cycle (seed 004). */
const SECTIONS: ReadonlyArray<{ title: MessageKey; fields: readonly JournalTextField[] }> = [
  { title: 'journal.section.happened', fields: ['className', 'activity', 'methods', 'actions'] },
  { title: 'journal.section.expected', fields: ['expected'] },
  { title: 'journal.section.gap', fields: ['gap'] },
];

/** `space`: her personal document, for photos and voice notes (they go only to her personal room). */
export function JournalEntryScreen({ doc, id, readOnly, space }: { doc: Y.Doc; id: RecordId; readOnly: boolean; space?: SyncedDoc }) {
  const entry = useDocValue(doc, (d) => getJournalEntry(d, id), [id]);
  const tags = useDocValue(doc, (d) => getEntryTags(d, id), [id]);
  const mode = useDocValue(doc, (d) => getEntryMode(d, id), [id]);
  if (!entry) {
    return (
      <main class="screen">
        <p class="empty">{t('journal.notFound')}</p>
        <a href="#/">{t('nav.back')}</a>
      </main>
    );
  }
  return (
    <main class="screen journal-entry">
      <a href="#/" class="back">
        ← {t('nav.back')}
      </a>
      <h1>{t('journal.entryTitle', { date: formatDate(entry.date) })}</h1>
      <p class="hint">{t('journal.savedOnPhone')}</p>
      {!readOnly && (
        <a class="button" href={`#/share/${entry.id}`}>
          {t('share.button')}
        </a>
      )}
      {!readOnly && (
        <label class="choice">
          <input type="checkbox" checked={mode === EntryMode.QUICK}
            onChange={(e) => setEntryMode(doc, id, e.currentTarget.checked ? EntryMode.QUICK : EntryMode.FULL)} />
          {t('journal.quickMode')}
        </label>
      )}
      {sectionsFor(mode).map((section) => (
        <section key={section.title} aria-label={t(section.title)}>
          <h2>{t(section.title)}</h2>
          {section.fields.map((field) => (
            <CollabText
              key={field}
              name={field}
              text={entry.texts[field]}
              label={t(`journal.field.${field}`)}
              hint={t(`journal.field.${field}.hint`)}
              multiline={field !== 'className'}
              readOnly={readOnly}
            />
          ))}
        </section>
      ))}
      <fieldset class="field tags">
        <legend>{t('journal.tags')}</legend>
        {ENTRY_TAGS.map((tag) => (
          <label key={tag} class="chip">
            <input type="checkbox" checked={tags.includes(tag)} disabled={readOnly}
              onChange={(e) => setEntryTags(doc, id, e.currentTarget.checked ? [...tags, tag] : tags.filter((x) => x !== tag))} />
            {t(`tag.${tag}`)}
          </label>
        ))}
      </fieldset>
      {space && <Attachments space={space} target={AttachmentTarget.ENTRY} recordId={id} addedBy={space.name} readOnly={readOnly} />}
    </main>
  );
}

/** Quick mode ("3 baris") keeps only three prompts for tired evenings; nothing already written is hidden. */
function sectionsFor(mode: EntryMode) {
  if (mode !== EntryMode.QUICK) return SECTIONS;
  return SECTIONS.map((s) => ({ ...s, fields: s.fields.filter((f) => QUICK_MODE_FIELDS.includes(f)) })).filter((s) => s.fields.length > 0);
}
