import { useState } from 'preact/hooks';
import { isIsoDate, todayIso } from '../../domain';
import { makePeriod, monthPeriod, semesterPeriod, type Period } from '../../domain/reports';
import { t } from '../../i18n';

/** The period in the URL (`?from=YYYY-MM-DD&to=YYYY-MM-DD`), or this month. */
export function periodFromQuery(query: URLSearchParams, today = todayIso(new Date())): Period {
  const from = query.get('from');
  const to = query.get('to');
  if (isIsoDate(from) && isIsoDate(to) && from <= to) return makePeriod(from, to);
  return monthPeriod(today.slice(0, 7));
}

function previousMonth(today: string): string {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** Month, last month, semester, or dates she picks; `onChange` gets a valid period. */
export function PeriodPicker({ period, onChange }: { period: Period; onChange: (p: Period) => void }) {
  const today = todayIso(new Date());
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const [error, setError] = useState(false);
  const apply = () => {
    if (isIsoDate(from) && isIsoDate(to) && from <= to) {
      setError(false);
      onChange(makePeriod(from, to));
    } else setError(true);
  };
  return (
    <fieldset class="field period no-print">
      <legend>{t('reports.period')}</legend>
      <div class="row">
        <button type="button" onClick={() => onChange(monthPeriod(today.slice(0, 7)))}>{t('reports.thisMonth')}</button>
        <button type="button" onClick={() => onChange(monthPeriod(previousMonth(today)))}>{t('reports.lastMonth')}</button>
        <button type="button" onClick={() => onChange(semesterPeriod(today))}>{t('reports.semester')}</button>
      </div>
      <div class="row">
        <label>
          {t('reports.from')}
          <input type="date" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t('reports.to')}
          <input type="date" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
        </label>
        <button type="button" onClick={apply}>{t('reports.apply')}</button>
      </div>
      {error && <p class="error" role="alert">{t('reports.badPeriod')}</p>}
    </fieldset>
  );
}
