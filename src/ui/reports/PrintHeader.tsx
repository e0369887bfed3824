import { formatDate, t } from '../../i18n';
import type { Period } from '../../domain/reports';
import { cssString } from './format';

/**
 * The running header and page numbers of the printed page (A4), from @page margin boxes, so every
 * page of the PDF says whose it is, from which community and for which period.
 */
export function PrintPageStyle({ header }: { header: string }) {
  const css =
    `@page { size: A4; margin: 16mm 14mm 16mm 14mm; ` +
    `@top-left { content: ${cssString(header)}; font: 9pt system-ui, sans-serif; color: #51625f; } ` +
    `@bottom-right { content: ${cssString(t('reports.page'))} " " counter(page) " / " counter(pages); font: 9pt system-ui, sans-serif; color: #51625f; } }`;
  return <style>{css}</style>;
}

export function periodText(period: Period): string {
  return t('reports.periodText', { from: formatDate(period.from), to: formatDate(period.to) });
}
