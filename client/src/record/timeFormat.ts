// Instants and clocks shown in a given IANA zone, sizes and language names, all in the page's
// language. Each element keeps its value in data attributes, so a language switch
// (refreshFormatted) re-renders it in place, and a participant's clock keeps ticking.
import { currentLanguage, showText, type Message } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';

const INSTANT: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
};
const CLOCK: Intl.DateTimeFormatOptions = { weekday: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };

/** The viewer's zone as the browser knows it. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

export function formatInstant(iso: string, zone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return safeFormat(date, INSTANT, zone);
}

/** Shows an instant in `zone`; the exact UTC instant is in the tooltip. */
export function showInstant(element: HTMLElement, iso: string, zone: string): HTMLElement {
  element.dataset.instant = iso;
  element.dataset.zone = zone;
  element.title = iso;
  element.textContent = formatInstant(iso, zone);
  return element;
}

/** Shows a message with an instant as one of its parameters, e.g. "valid until {time}". */
export function showTextWithInstant(element: HTMLElement, message: Message, param: string, iso: string, zone: string): HTMLElement {
  element.dataset.instant = iso;
  element.dataset.zone = zone;
  element.dataset.instantParam = param;
  element.title = iso;
  showText(element, { ...message, params: { ...message.params, [param]: formatInstant(iso, zone) } });
  return element;
}

/** Shows the time it is now in `zone`, kept current by refreshTimes. */
export function showClock(element: HTMLElement, zone: string): HTMLElement {
  element.dataset.clockZone = zone;
  element.textContent = safeFormat(new Date(), CLOCK, zone);
  return element;
}

export function refreshFormatted(root: ParentNode = document): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-instant]')) {
    const text = formatInstant(element.dataset.instant!, element.dataset.zone!);
    const param = element.dataset.instantParam;
    if (param === undefined) element.textContent = text;
    else {
      const params = JSON.parse(element.dataset.i18nParams ?? '{}') as Record<string, string>;
      showText(element, { key: element.dataset.i18n as MessageKey, params: { ...params, [param]: text } });
    }
  }
  for (const element of root.querySelectorAll<HTMLElement>('[data-clock-zone]')) showClock(element, element.dataset.clockZone!);
  for (const element of root.querySelectorAll<HTMLElement>('[data-size]')) showSize(element, Number(element.dataset.size));
  for (const element of root.querySelectorAll<HTMLElement>('[data-language-tag]')) showLanguage(element, element.dataset.languageTag!);
}

/** Ticks the clocks only. */
export function refreshClocks(root: ParentNode = document): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-clock-zone]')) showClock(element, element.dataset.clockZone!);
}

export function showSize(element: HTMLElement, bytes: number): HTMLElement {
  element.dataset.size = String(bytes);
  element.title = `${bytes} B`;
  element.textContent = formatSize(bytes);
  return element;
}

export function showLanguage(element: HTMLElement, tag: string): HTMLElement {
  element.dataset.languageTag = tag;
  element.textContent = describeLanguage(tag);
  return element;
}

function safeFormat(date: Date, options: Intl.DateTimeFormatOptions, zone: string): string {
  try {
    return new Intl.DateTimeFormat(currentLanguage(), { ...options, timeZone: zone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(currentLanguage(), options).format(date); // an unknown zone: the browser's
  }
}

/** A byte count in the page's language: 812 B, 1.4 MB. */
export function formatSize(bytes: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(currentLanguage(), { style: 'unit', unit: units[unit], unitDisplay: 'narrow', maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
}

/** A language tag with its name in the page's language: "pt-BR (Brazilian Portuguese)". */
export function describeLanguage(tag: string): string {
  try {
    const name = new Intl.DisplayNames([currentLanguage()], { type: 'language' }).of(tag);
    return name && name !== tag ? `${tag} (${name})` : tag;
  } catch {
    return tag;
  }
}
