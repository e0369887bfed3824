import type * as Y from 'yjs';
import { getJournalEntry, type JournalTextField } from '../../domain';
import type { RecordId } from '../../domain/ids';
import { formatDate, t, type MessageKey } from '../../i18n';
import { CollabText } from '../editor/CollabText';
import { useDocValue } from '../common/useDocValue';

/** The guided template of a catatan harian, in the order of the cycle (seed 004). */
const SECTIONS: ReadonlyArray<{ title: MessageKey; fields: readonly JournalTextField[] }> = [
  { title: 'journal.section.happened', fields: ['className', 'activity', 'methods', 'actions'] },
  { title: 'journal.section.expected', fields: ['expected'] },
  { title: 'journal.section.gap', fields: ['gap'] },
];

export function JournalEntryScreen({ doc, id, readOnly }: { doc: Y.Doc; id: RecordId; readOnly: boolean }) {
  const entry = useDocValue(doc, (d) => getJournalEntry(d, id), [id]);
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
      {SECTIONS.map((section) => (
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
    </main>
  );
}
