import type * as Y from 'yjs';
import { createJournalEntry, getProfileName, listJournalEntries, todayIso } from '../../domain';
import { formatDate, t } from '../../i18n';
import { navigate } from '../app/route';
import { useDocValue } from '../common/useDocValue';

/** Her journal, newest first, and the one button that matters: write today's entry. */
export function JournalList({ doc, readOnly }: { doc: Y.Doc; readOnly: boolean }) {
  const entries = useDocValue(doc, listJournalEntries);
  const name = useDocValue(doc, getProfileName);
  const todays = entries.find((e) => e.date === todayIso(new Date()));

  const writeToday = () => {
    const id = createJournalEntry(doc, { date: todayIso(new Date()), now: Date.now() });
    navigate(`/entry/${id}`);
  };

  return (
    <main class="screen journal-list">
      {name && <p class="greeting">{t('journal.greeting', { name })}</p>}
      <h1>{t('journal.title')}</h1>
      {todays && (
        <p>
          <a href={`#/entry/${todays.id}`}>{t('home.todayWritten')}</a>
        </p>
      )}
      {!readOnly && (
        <button type="button" class="primary big" onClick={writeToday}>
          {t('journal.newToday')}
        </button>
      )}
      {entries.length === 0 ? (
        <p class="empty">{t('journal.empty')}</p>
      ) : (
        <>
          <p class="count">{t('journal.count', { count: entries.length })}</p>
          <ul class="entries" aria-label={t('journal.title')}>
            {entries.map((entry) => (
              <li key={entry.id}>
                <a href={`#/entry/${entry.id}`} class="entry-card">
                  <span class="entry-date">
                    {formatDate(entry.date)}
                    {entry.className && ` · ${entry.className}`}
                  </span>
                  <span class="entry-preview">{entry.preview || t('journal.untitled')}</span>
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
