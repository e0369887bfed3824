import { useSyncExternalStore } from 'preact/compat';
import { id, type MessageKey } from './id';

export type { MessageKey };
export const LOCALES = ['id', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'id';

/** Bahasa Indonesia ships with the first screen; English loads only when she chooses it. */
const loaded: Partial<Record<Locale, Record<MessageKey, string>>> = { id };
let current: Locale = DEFAULT_LOCALE;
const listeners = new Set<() => void>();

export function isLocale(value: unknown): value is Locale {
  return value === 'id' || value === 'en';
}

export function getLocale(): Locale {
  return current;
}

export async function setLocale(locale: Locale): Promise<void> {
  if (!loaded[locale]) loaded[locale] = (await import('./en')).en;
  if (locale === current) return;
  current = locale;
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
  for (const listener of listeners) listener();
}

/** Translates `key` in the current locale, replacing `{name}` placeholders from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const template: string = loaded[current]?.[key] ?? id[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Re-renders the calling component when the locale changes; returns the current locale. */
export function useLocale(): Locale {
  return useSyncExternalStore(subscribe, getLocale);
}

/**
 * One formatter per locale, made once: `toLocaleDateString` with options builds a new formatter on
 * every call, which cost 0.8 s for 200 trials on a 4×-throttled CPU (scripts/measure-cycle-screens.ts).
 */
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
const timeFormats = new Map<Locale, Intl.DateTimeFormat>();
const dateTimeFormats = new Map<Locale, Intl.DateTimeFormat>();
const intlLocale = (locale: Locale) => (locale === 'id' ? 'id-ID' : 'en-GB');

/** Formats a `YYYY-MM-DD` date for the current locale, e.g. "Jumat, 28 November 2026". */
export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  if (!y || !m || !d) return isoDate;
  let format = dateFormats.get(current);
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale(current), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    dateFormats.set(current, format);
  }
  return format.format(new Date(y, m - 1, d));
}

/** A moment, short: "Sen, 11 Agu 10.32" (for lists of versions). */
export function formatDateTime(ms: number): string {
  let format = dateTimeFormats.get(current);
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale(current), { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
    dateTimeFormats.set(current, format);
  }
  return format.format(new Date(ms));
}

export function formatTime(ms: number): string {
  let format = timeFormats.get(current);
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale(current), { hour: '2-digit', minute: '2-digit' });
    timeFormats.set(current, format);
  }
  return format.format(new Date(ms));
}
