import { useMemo } from 'preact/hooks';
import { getCommunityInfo, todayIso, type RecordId } from '../../domain';
import { FUNNEL_STAGES, figuresCsv, figuresJson, readCommunityFacts, reportFromFacts, reportRecords, type CommunityReport, type Period } from '../../domain/reports';
import { formatDate, t } from '../../i18n';
import type { CommunitySpace } from '../../sync/Communities';
import { useDocValue } from '../common/useDocValue';
import { BarChart, ChartPatterns } from './BarChart';
import { fileName, shareOrDownload } from './download';
import { formatMonth, measured } from './format';
import { PeriodPicker } from './PeriodPicker';
import { periodText, PrintPageStyle } from './PrintHeader';

/**
 * Perkembangan komunitas (`printable` false) and Laporan komunitas (true): the same figures, computed
 * on the phone from the community document (docs/REPORTS.md); the report adds a line per teacher and
 * is laid out for A4. Read-only for everyone: nothing here writes to the document.
 */
export function CommunityReportScreen({ space, period, onPeriod, printable }: { space: CommunitySpace; period: Period; onPeriod: (p: Period) => void; printable: boolean }) {
  const doc = space.local.doc;
  const info = useDocValue(doc, getCommunityInfo);
  const facts = useDocValue(doc, (d) => measured('sejawat:report-read', () => readCommunityFacts(d)));
  const report = useMemo(() => measured('sejawat:report-figures', () => reportFromFacts(facts, period, t('reports.noGroup'))), [facts, period]);
  const nameOf = (id: RecordId) => facts.memberById.get(id)?.name || t('reports.unnamed');
  const communityName = info?.name ?? '';
  const title = printable ? t('reports.reportTitle') : t('reports.progressTitle');
  const base = fileName(printable ? 'laporan' : 'perkembangan', communityName, period.from, period.to);
  const records = () => reportRecords(report, nameOf);

  return (
    <main class={`screen report${printable ? ' printable' : ''}`}>
      <PrintPageStyle header={`${communityName} · ${title} · ${periodText(period)}`} />
      <ChartPatterns />
      <a href={`#/c/${space.name}`} class="back no-print">← {t('nav.back')}</a>
      <div class="report-head">
        <h1>{title}</h1>
        <p class="report-meta">
          <strong>{communityName}</strong>
          <br />
          {periodText(period)}
          <br />
          {t('reports.madeOn', { date: formatDate(todayIso(new Date())) })}
        </p>
        <p class="hint">{t('reports.source')}</p>
      </div>
      <PeriodPicker key={`${period.from}/${period.to}`} period={period} onChange={onPeriod} />
      <div class="actions row no-print">
        {printable ? (
          <button type="button" class="primary" onClick={() => window.print()}>{t('reports.print')}</button>
        ) : (
          <a class="button primary" href={`#/c/${space.name}/report?from=${period.from}&to=${period.to}`}>{t('reports.openReport')}</a>
        )}
        <button type="button" onClick={() => void shareOrDownload(`${base}.csv`, figuresCsv(records()), 'text/csv')}>{t('reports.csv')}</button>
        <button type="button" onClick={() => void shareOrDownload(`${base}.json`, figuresJson(records()), 'application/json')}>{t('reports.json')}</button>
      </div>
      <ReportBody report={report} nameOf={nameOf} printable={printable} />
    </main>
  );
}

function Figures({ items }: { items: Array<[string, string | number]> }) {
  return (
    <dl class="figures">
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function ReportBody({ report, nameOf, printable }: { report: CommunityReport; nameOf: (id: RecordId) => string; printable: boolean }) {
  const p = report.participation;
  const c = report.collaboration;
  const r = report.reflection;
  const f = report.funnel;
  const months = report.months.map(formatMonth);
  return (
    <>
      <section aria-labelledby="r-participation">
        <h2 id="r-participation">{t('reports.participation')}</h2>
        <Figures
          items={[
            [t('reports.teachers'), p.teachers],
            [t('reports.takingPart'), p.takingPart],
            [t('reports.meetingsHeld'), p.meetingsHeld],
            [t('reports.attendance'), `${p.attendancePercent}%`],
          ]}
        />
        <BarChart title={t('reports.contributionsPerMonth')} bars={p.byMonth.map((m, i) => ({ label: months[i]!, value: m.contributions }))} />
        <BarChart title={t('reports.presencesPerMonth')} pattern="hatch" bars={p.byMonth.map((m, i) => ({ label: months[i]!, value: m.presences }))} />
        <table>
          <caption>{t('reports.perGroup')}</caption>
          <thead>
            <tr><th scope="col">{t('reports.group')}</th><th scope="col">{t('reports.teachers')}</th><th scope="col">{t('reports.contributions')}</th><th scope="col">{t('reports.presences')}</th></tr>
          </thead>
          <tbody>
            {p.byGroup.map((g) => (
              <tr key={g.groupId ?? ''}><th scope="row">{g.name}</th><td>{g.teachers}</td><td>{g.contributions}</td><td>{g.presences}</td></tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="r-collaboration">
        <h2 id="r-collaboration">{t('reports.collaboration')}</h2>
        <Figures items={[[t('reports.sharedProblems'), c.sharedProblems], [t('reports.pairs'), c.pairs.length], [t('reports.crossGroupPairs'), c.crossGroupPairs]]} />
        <BarChart title={t('reports.pairsPerMonth')} pattern="dots" bars={c.byMonth.map((m, i) => ({ label: months[i]!, value: m.pairs }))} />
        {c.pairs.length > 0 && (
          <>
            <h3>{t('reports.topPairs')}</h3>
            <ol class="pairs">
              {c.pairs.slice(0, 10).map((pair) => (
                <li key={`${pair.a}/${pair.b}`}>{t('reports.pair', { a: nameOf(pair.a), b: nameOf(pair.b), count: pair.problems })}</li>
              ))}
            </ol>
          </>
        )}
      </section>

      <section aria-labelledby="r-reflection">
        <h2 id="r-reflection">{t('reports.reflection')}</h2>
        <Figures
          items={[
            [t('reports.trialsStarted'), r.started],
            [t('reports.trialsConcluded'), r.concluded],
            [t('reports.reflected'), r.reflected],
            [t('reports.withEvidence'), r.withEvidence],
            [t('outcome.berhasil'), r.berhasil],
            [t('outcome.perlu-diubah'), r.perluDiubah],
            [t('outcome.tidak-berhasil'), r.tidakBerhasil],
          ]}
        />
        <BarChart title={t('reports.reflectedPerMonth')} pattern="hatch" bars={r.byMonth.map((m, i) => ({ label: months[i]!, value: m.reflected }))} />
      </section>

      <section aria-labelledby="r-funnel">
        <h2 id="r-funnel">{t('reports.funnel')}</h2>
        <BarChart title={t('reports.funnelChart')} bars={FUNNEL_STAGES.map((s) => ({ label: t(`reports.stage.${s}`), value: f.total[s] }))} />
        <table>
          <caption>{t('reports.funnelPerMonth')}</caption>
          <thead>
            <tr><th scope="col">{t('reports.month')}</th>{FUNNEL_STAGES.map((s) => <th scope="col" key={s}>{t(`reports.stage.${s}`)}</th>)}</tr>
          </thead>
          <tbody>
            {f.byMonth.map((m, i) => (
              <tr key={m.month}><th scope="row">{months[i]}</th>{FUNNEL_STAGES.map((s) => <td key={s}>{m[s]}</td>)}</tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption>{t('reports.funnelPerGroup')}</caption>
          <thead>
            <tr><th scope="col">{t('reports.group')}</th>{FUNNEL_STAGES.map((s) => <th scope="col" key={s}>{t(`reports.stage.${s}`)}</th>)}</tr>
          </thead>
          <tbody>
            {f.byGroup.map((g) => (
              <tr key={g.groupId ?? ''}><th scope="row">{g.name}</th>{FUNNEL_STAGES.map((s) => <td key={s}>{g[s]}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="r-goals">
        <h2 id="r-goals">{t('reports.goals')}</h2>
        {report.goals.length === 0 && <p class="empty">{t('reports.noGoals')}</p>}
        {report.goals.map((g) => (
          <article class="card keep" key={g.goalId}>
            <h3>{g.what}</h3>
            <p class="hint">{t('reports.goalLine', { status: t(`goalStatus.${g.status}`), date: formatDate(g.byWhen) })}</p>
            <Figures items={[[t('reports.goalTrials'), g.trials.length], [t('outcome.berhasil'), g.berhasil], [t('reports.reflected'), g.reflected], [t('reports.goalPractices'), g.practices.length]]} />
            {g.practices.length > 0 && <ul>{g.practices.map((pr) => <li key={pr.id}>{pr.title || t('reports.untitled')}</li>)}</ul>}
          </article>
        ))}
      </section>

      {printable && (
        <section aria-labelledby="r-teachers">
          <h2 id="r-teachers">{t('reports.perTeacher')}</h2>
          <table class="teachers">
            <thead>
              <tr>
                <th scope="col">{t('reports.name')}</th>
                <th scope="col">{t('reports.contributions')}</th>
                <th scope="col">{t('reports.attended')}</th>
                <th scope="col">{t('reports.journalDays')}</th>
                <th scope="col">{t('reports.trialsStarted')}</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((row) => (
                <tr key={row.memberId}>
                  <th scope="row">{row.name || t('reports.unnamed')}{row.school && <span class="hint"> · {row.school}</span>}</th>
                  <td>{row.contributions}</td>
                  <td>{`${row.meetingsAttended}/${row.meetingsOpen}`}</td>
                  <td>{row.sharedJournalDays}</td>
                  <td>{r.byMember.get(row.memberId)?.started ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
