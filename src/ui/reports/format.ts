import { getLocale } from '../../i18n';

const monthFormats = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM` as "Agu 2025" (or "Aug 2025"). */
export function formatMonth(month: string): string {
  const locale = getLocale();
  let format = monthFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'id' ? 'id-ID' : 'en-GB', { month: 'short', year: 'numeric' });
    monthFormats.set(locale, format);
  }
  const [y, m] = month.split('-').map(Number);
  return format.format(new Date(y!, m! - 1, 1));
}

/** A string as a CSS string literal (for @page margin boxes, which cannot read attributes). */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&').replace(/[\r\n]+/g, ' ')}"`;
}

/** Runs `compute` as a named User Timing measure, so scripts/measure-reports.ts can read how long it took. */
export function measured<T>(name: string, compute: () => T): T {
  const start = performance.now();
  try {
    return compute();
  } finally {
    performance.measure(name, { start });
  }
}
