/**
 * The figures as data to take away: one long table (section, row, measure, value) for CSV, which any
 * spreadsheet opens, and plain JSON. Only figures and names of members and groups: no shared text.
 */
import type { RecordId } from '../ids';
import type { Portfolio } from './portfolio';
import type { CommunityReport } from './report';

export interface FigureRecord {
  section: string;
  /** The month, group, member or goal the value is about ('' for the whole community). */
  row: string;
  measure: string;
  value: number | string;
}

function push(out: FigureRecord[], section: string, row: string, values: object, skip: readonly string[] = []): void {
  for (const [measure, value] of Object.entries(values)) {
    if (skip.includes(measure) || (typeof value !== 'number' && typeof value !== 'string')) continue;
    out.push({ section, row, measure, value });
  }
}

export function reportRecords(report: CommunityReport, nameOf: (id: RecordId) => string): FigureRecord[] {
  const out: FigureRecord[] = [];
  const p = report.participation;
  push(out, 'period', '', { from: report.period.from, to: report.period.to });
  push(out, 'participation', '', { teachers: p.teachers, takingPart: p.takingPart, meetingsHeld: p.meetingsHeld, attendancePercent: p.attendancePercent });
  for (const m of p.byMonth) push(out, 'participation.month', m.month, m, ['month']);
  for (const g of p.byGroup) push(out, 'participation.group', g.name, g, ['groupId', 'name']);
  for (const r of p.rows) push(out, 'participation.member', r.name || nameOf(r.memberId), r, ['memberId', 'name', 'school', 'role', 'groupId']);
  const c = report.collaboration;
  push(out, 'collaboration', '', { sharedProblems: c.sharedProblems, pairs: c.pairs.length, crossGroupPairs: c.crossGroupPairs });
  for (const m of c.byMonth) push(out, 'collaboration.month', m.month, m, ['month']);
  const { byMonth, byMember: _byMember, ...reflectionTotal } = report.reflection;
  push(out, 'reflection', '', reflectionTotal);
  for (const m of byMonth) push(out, 'reflection.month', m.month, m, ['month']);
  push(out, 'funnel', '', report.funnel.total);
  for (const m of report.funnel.byMonth) push(out, 'funnel.month', m.month, m, ['month']);
  for (const g of report.funnel.byGroup) push(out, 'funnel.group', g.name, g, ['groupId', 'name']);
  for (const g of report.goals) push(out, 'goal', g.what, { status: g.status, byWhen: g.byWhen, trials: g.trials.length, berhasil: g.berhasil, reflected: g.reflected, practices: g.practices.length });
  return out;
}

export function portfolioRecords(portfolio: Portfolio): FigureRecord[] {
  const out: FigureRecord[] = [];
  push(out, 'period', '', { from: portfolio.period.from, to: portfolio.period.to, name: portfolio.name, school: portfolio.school });
  if (portfolio.participation) push(out, 'participation', '', portfolio.participation, ['memberId', 'name', 'school', 'role', 'groupId']);
  push(out, 'reflection', '', portfolio.reflection);
  push(out, 'collaboration', '', { colleagues: portfolio.colleagues.length });
  push(out, 'portfolio', '', { trials: portfolio.trials.length, practices: portfolio.practices.length });
  if (portfolio.journal) push(out, 'journal', '', portfolio.journal);
  return out;
}

/** RFC 4180 CSV with a header, CRLF line ends; a cell starting with = + - @ is quoted with a leading ' so spreadsheets do not run it. */
export function figuresCsv(records: readonly FigureRecord[]): string {
  const cell = (value: number | string) => {
    let text = String(value);
    if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = ['section,row,measure,value', ...records.map((r) => [r.section, r.row, r.measure, r.value].map(cell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** The same records as JSON, with the period on top. */
export function figuresJson(records: readonly FigureRecord[]): string {
  return `${JSON.stringify({ format: 'sejawat-figures@1', figures: records }, null, 2)}\n`;
}
