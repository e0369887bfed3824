import { useEffect, useMemo, useState } from 'preact/hooks';
import { AttachmentTarget, getCommunityInfo, isImageType, listAttachments, todayIso, type AttachmentRef } from '../../domain';
import type { DocName } from '../../domain/ids';
import { figuresCsv, figuresJson, journalCounts, portfolio, portfolioRecords, readCommunityFacts, type Period, type PortfolioTrial } from '../../domain/reports';
import { formatDate, t } from '../../i18n';
import type { CommunitySpace } from '../../sync/Communities';
import { loadAttachment } from '../../sync/downloads';
import { useWorkspace } from '../app/workspace';
import { useDocValue } from '../common/useDocValue';
import { fileName, shareOrDownload } from './download';
import { measured } from './format';
import { PeriodPicker } from './PeriodPicker';
import { periodText, PrintPageStyle } from './PrintHeader';

/**
 * Portofolio saya: her own trials, reflections and good practices over a period, laid out for A4 so
 * Chromium prints it to PDF as evidence (bukti dukung). Computed on her phone: the community document
 * for what she shared, her own journal only for two counts (never its text), and only the photos
 * she ticks.
 */
export function PortfolioScreen({ space, period, onPeriod }: { space: CommunitySpace; period: Period; onPeriod: (p: Period) => void }) {
  const { personal } = useWorkspace();
  const doc = space.local.doc;
  const info = useDocValue(doc, getCommunityInfo);
  const facts = useDocValue(doc, (d) => measured('sejawat:report-read', () => readCommunityFacts(d)));
  const journal = useDocValue(personal.local.doc, (d) => journalCounts(d, period), [period.from, period.to]);
  const [withJournal, setWithJournal] = useState(true);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const mine = useMemo(() => measured('sejawat:report-figures', () => portfolio(facts, space.me, period, { ungroupedName: t('reports.noGroup') })), [facts, space.me, period]);
  // Photos she added to her trials or to their problems; printed only once she ticks them.
  const photos = useDocValue(
    doc,
    (d) =>
      new Map(
        mine.trials.map((tr) => [
          tr.id,
          [...listAttachments(d, AttachmentTarget.TRIAL, tr.id), ...listAttachments(d, AttachmentTarget.PROBLEM, tr.problemId)].filter((a) => isImageType(a.type) && a.addedBy === space.me),
        ]),
      ),
    [mine],
  );
  const view = { ...mine, journal: withJournal ? journal : null };
  const communityName = info?.name ?? '';
  const base = fileName('portofolio', view.name, period.from, period.to);
  const p = view.participation;
  const toggle = (hash: string) => setChosen((old) => {
    const next = new Set(old);
    if (next.has(hash)) next.delete(hash);
    else next.add(hash);
    return next;
  });

  return (
    <main class="screen report printable portfolio">
      <PrintPageStyle header={`${t('reports.portfolioTitle')} · ${view.name} · ${communityName} · ${periodText(period)}`} />
      <a href={`#/c/${space.name}`} class="back no-print">← {t('nav.back')}</a>
      <div class="report-head">
        <h1>{t('reports.portfolioTitle')}</h1>
        <p class="report-meta">
          <strong>{view.name || t('reports.unnamed')}</strong>
          {view.school && <>{' · '}{view.school}</>}
          <br />
          {communityName}
          <br />
          {periodText(period)}
          <br />
          {t('reports.madeOn', { date: formatDate(todayIso(new Date())) })}
        </p>
      </div>
      <PeriodPicker key={`${period.from}/${period.to}`} period={period} onChange={onPeriod} />
      <label class="choice no-print">
        <input type="checkbox" checked={withJournal} onChange={(e) => setWithJournal((e.target as HTMLInputElement).checked)} />
        {t('reports.includeJournal')}
      </label>
      <div class="actions row no-print">
        <button type="button" class="primary" onClick={() => window.print()}>{t('reports.print')}</button>
        <button type="button" onClick={() => void shareOrDownload(`${base}.csv`, figuresCsv(portfolioRecords(view)), 'text/csv')}>{t('reports.csv')}</button>
        <button type="button" onClick={() => void shareOrDownload(`${base}.json`, figuresJson(portfolioRecords(view)), 'application/json')}>{t('reports.json')}</button>
      </div>

      <section aria-labelledby="pf-summary">
        <h2 id="pf-summary">{t('reports.summary')}</h2>
        <dl class="figures">
          <Figure label={t('reports.trialsStarted')} value={view.reflection.started} />
          <Figure label={t('reports.trialsConcluded')} value={view.reflection.concluded} />
          <Figure label={t('reports.reflected')} value={view.reflection.reflected} />
          <Figure label={t('outcome.berhasil')} value={view.reflection.berhasil} />
          <Figure label={t('reports.practicesCount')} value={view.practices.length} />
          {p && <Figure label={t('reports.contributions')} value={p.contributions} />}
          {p && <Figure label={t('reports.attended')} value={`${p.meetingsAttended}/${p.meetingsOpen}`} />}
          {p && <Figure label={t('reports.journalDays')} value={p.sharedJournalDays} />}
          {view.journal && <Figure label={t('reports.ownJournal')} value={t('reports.ownJournalValue', { entries: view.journal.entries, days: view.journal.days })} />}
        </dl>
        {view.colleagues.length > 0 && <p>{t('reports.workedWith', { names: view.colleagues.join(', ') })}</p>}
      </section>

      <section aria-labelledby="pf-trials">
        <h2 id="pf-trials">{t('reports.myTrials')}</h2>
        {view.trials.length === 0 && <p class="empty">{t('reports.noTrials')}</p>}
        {view.trials.map((tr) => (
          <TrialCard key={tr.id} trial={tr} doc={space.name} photos={photos.get(tr.id) ?? []} chosen={chosen} onToggle={toggle} />
        ))}
      </section>

      <section aria-labelledby="pf-practices">
        <h2 id="pf-practices">{t('reports.myPractices')}</h2>
        {view.practices.length === 0 && <p class="empty">{t('reports.noPractices')}</p>}
        {view.practices.map((pr) => (
          <article class="card keep" key={pr.id}>
            <h3>{pr.title || t('reports.untitled')}</h3>
            <p class="hint">{t(pr.mine ? 'reports.practiceMine' : 'reports.practiceTried', { date: formatDate(pr.day) })}</p>
            <p class="ytext">{pr.practice}</p>
          </article>
        ))}
      </section>
    </main>
  );
}

function Figure({ label, value }: { label: string; value: string | number }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function TrialCard({ trial, doc, photos, chosen, onToggle }: { trial: PortfolioTrial; doc: DocName; photos: AttachmentRef[]; chosen: ReadonlySet<string>; onToggle: (hash: string) => void }) {
  const field = (label: string, text: string) => text.trim() !== '' && (<><h4>{label}</h4><p class="ytext">{text}</p></>);
  return (
    <article class="card keep">
      <h3>{trial.solutionText || t('reports.untitled')}</h3>
      <p class="hint">
        {t('reports.trialLine', { className: trial.className || '—', from: formatDate(trial.startDate), to: formatDate(trial.endDate) })}
        <br />
        {trial.outcome ? t('reports.trialOutcome', { outcome: t(`outcome.${trial.outcome}`), date: formatDate(trial.outcomeDay ?? trial.endDate) }) : t('reports.trialOpen')}
        {' · '}
        {t('reports.linkedEntries', { count: trial.linkedEntries })}
      </p>
      {trial.problemText.trim() !== '' && <p class="ytext shared-problem" aria-label={t('reports.problem')}>{trial.problemText}</p>}
      {field(t('reports.lookFor'), trial.lookFor)}
      {field(t('reports.reflectionText'), trial.reflection)}
      {field(t('reports.evidenceText'), trial.evidence)}
      {photos.length > 0 && (
        <fieldset class="photos">
          <legend class="no-print">{t('reports.choosePhotos')}</legend>
          {photos.map((photo) => (
            <Photo key={photo.hash} photo={photo} doc={doc} chosen={chosen.has(photo.hash)} onToggle={() => onToggle(photo.hash)} />
          ))}
        </fieldset>
      )}
    </article>
  );
}

/** One of the trial's photos: a tick to include it; shown (and printed) only when ticked. */
function Photo({ photo, doc, chosen, onToggle }: { photo: AttachmentRef; doc: DocName; chosen: boolean; onToggle: () => void }) {
  const { db, relayUrl } = useWorkspace();
  const [url, setUrl] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    if (!chosen) return;
    let live = true;
    let made: string | undefined;
    // Ticking it is asking for it: from this phone, else downloaded once from the relay.
    void loadAttachment(db, relayUrl, photo.hash, doc).then((result) => {
      if (!live) return;
      made = result.ok ? URL.createObjectURL(result.record.bytes) : undefined;
      setUrl(made ?? null);
    });
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [db, relayUrl, doc, photo.hash, chosen]);
  const caption = photo.caption || t('reports.photo');
  return (
    <div class={chosen ? 'photo chosen' : 'photo no-print'}>
      <label class="choice no-print">
        <input type="checkbox" checked={chosen} onChange={onToggle} />
        {t('reports.includePhoto', { caption })}
      </label>
      {chosen && url && <figure><img src={url} alt={caption} /><figcaption>{caption}</figcaption></figure>}
      {chosen && url === null && <p class="hint">{t('reports.photoMissing')}</p>}
    </div>
  );
}
