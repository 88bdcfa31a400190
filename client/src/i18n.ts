// The only way text reaches the page. Each element that shows a message carries its key (and
// parameters) in data attributes, so switching language re-renders the whole page in place.
import { en, type Catalogue, type MessageKey } from './messages/en.js';
import type { PlaceholdersOf } from './messages/placeholders.js';
import { zhCN } from './messages/zh-CN.js';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

const catalogues: Record<Language, Catalogue> = { en, 'zh-CN': zhCN };
const STORAGE_KEY = 'crosscourt.language';

/** A message to show, not yet in any language: a parameter may itself be a message. */
export interface Message {
  key: MessageKey;
  params?: Record<string, ParamValue>;
}
type ParamValue = string | number | Message;

type ParamsFor<K extends MessageKey> = [PlaceholdersOf<(typeof en)[K]>] extends [never]
  ? []
  : [params: Record<PlaceholdersOf<(typeof en)[K]>, ParamValue>];

/** Builds a message; the compiler checks that every placeholder of the key gets a value. */
export function msg<K extends MessageKey>(key: K, ...params: ParamsFor<K>): Message {
  return params[0] ? { key, params: params[0] } : { key };
}

let current: Language = 'en';
const listeners = new Set<(language: Language) => void>();

export function currentLanguage(): Language {
  return current;
}

export function isLanguage(value: string | null | undefined): value is Language {
  return (LANGUAGES as readonly string[]).includes(value ?? '');
}

/** The language a tag such as "zh-Hans-CN" or "en-GB" is best shown in, if we have one. */
function closestLanguage(tag: string): Language | undefined {
  const lower = tag.toLowerCase();
  const exact = LANGUAGES.find((language) => language.toLowerCase() === lower);
  if (exact) return exact;
  if (lower.startsWith('zh')) return 'zh-CN';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}

/** `?lang=` first, then the language picked here before, then the browser's preferences. */
export function chooseLanguage(requested: string | null, navigatorLanguages: readonly string[]): Language {
  const stored = safeStorage()?.getItem(STORAGE_KEY) ?? null;
  for (const candidate of [requested, stored, ...navigatorLanguages]) {
    const language = candidate ? closestLanguage(candidate) : undefined;
    if (language) return language;
  }
  return 'en';
}

/** The text of a message in the current language. */
export function format(message: Message, language: Language = current): string {
  const template = catalogues[language][message.key];
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = message.params?.[name];
    if (value === undefined) return placeholder;
    return typeof value === 'object' ? format(value, language) : String(value);
  });
}

/** A language's own name for itself, for the language picker. */
export function languageName(language: Language): string {
  return catalogues[language]['language.name'];
}

/** Shows a message as an element's text, and keeps it translated when the language changes. */
export function showText(element: HTMLElement, message: Message): void {
  element.dataset.i18n = message.key;
  if (message.params) element.dataset.i18nParams = JSON.stringify(message.params);
  else delete element.dataset.i18nParams;
  element.textContent = format(message);
}

/** Attributes that carry visible (or spoken) text, set from `data-i18n-<attribute>="key"`. */
const TRANSLATED_ATTRIBUTES = ['placeholder', 'title', 'aria-label'] as const;

export function showAttribute(element: HTMLElement, attribute: (typeof TRANSLATED_ATTRIBUTES)[number], message: Message): void {
  element.setAttribute(`data-i18n-${attribute}`, message.key);
  element.setAttribute(attribute, format(message));
}

/** Re-renders every translated element under `root` in the current language. */
export function applyTranslations(root: ParentNode = document): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const params = element.dataset.i18nParams ? (JSON.parse(element.dataset.i18nParams) as Message['params']) : undefined;
    element.textContent = format({ key: element.dataset.i18n as MessageKey, ...(params ? { params } : {}) });
  }
  for (const attribute of TRANSLATED_ATTRIBUTES) {
    for (const element of root.querySelectorAll<HTMLElement>(`[data-i18n-${attribute}]`)) {
      element.setAttribute(attribute, format({ key: element.getAttribute(`data-i18n-${attribute}`) as MessageKey }));
    }
  }
}

export function setLanguage(language: Language, { remember = false } = {}): void {
  current = language;
  if (remember) safeStorage()?.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  document.title = format({ key: 'app.title' });
  applyTranslations(document);
  for (const listener of listeners) listener(language);
}

/** Calls `listener` after every change of language; returns what stops it. */
export function onLanguageChange(listener: (language: Language) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Storage may be unavailable (private mode, sandboxed frames): the language then is not kept. */
function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
