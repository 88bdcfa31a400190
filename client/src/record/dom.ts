// Small DOM builders for the record pages. Visible text goes through i18n (`t`, `field`), so
// switching language re-renders it in place; record data (names, titles) is set as plain text.
import { showAttribute, showText, type Message } from '../i18n.js';

type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined>;

/** An element with attributes (`class`, `type`, `data-…`; true/false for boolean ones) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** An element whose text is a translated message. */
export function t<K extends keyof HTMLElementTagNameMap>(tag: K, message: Message, attributes: Attributes = {}): HTMLElementTagNameMap[K] {
  const element = h(tag, attributes);
  showText(element, message);
  return element;
}

/** A labelled form control, in the hearing page's `.field` style. */
export function field(label: Message, control: HTMLElement, hint?: Message): HTMLLabelElement {
  return h('label', { class: 'field' }, t('span', label, { class: 'field__label' }), control, hint ? t('span', hint, { class: 'field__hint' }) : null);
}

export function input(attributes: Attributes, placeholder?: Message): HTMLInputElement {
  const element = h('input', { class: 'field__input', ...attributes });
  if (placeholder) showAttribute(element, 'placeholder', placeholder);
  return element;
}

export function select(options: Array<{ value: string; label: Message | string }>, attributes: Attributes = {}): HTMLSelectElement {
  const element = h('select', { class: 'select field__input', ...attributes });
  for (const option of options) {
    const node = h('option', { value: option.value });
    if (typeof option.label === 'string') node.textContent = option.label;
    else showText(node, option.label);
    element.append(node);
  }
  return element;
}

export function button(label: Message, attributes: Attributes = {}): HTMLButtonElement {
  return t('button', label, { type: 'button', class: 'button button--small', ...attributes });
}

/** A line that shows one message at a time: an error (role=alert) or good news (role=status). */
export class StatusLine {
  readonly element: HTMLParagraphElement;

  constructor(attributes: Attributes = {}) {
    this.element = h('p', { class: 'status-line', hidden: true, ...attributes });
  }

  error(message: Message): void {
    this.#show(message, 'error');
  }

  success(message: Message): void {
    this.#show(message, 'success');
  }

  clear(): void {
    this.element.hidden = true;
    this.element.textContent = '';
    delete this.element.dataset.i18n;
    delete this.element.dataset.tone;
  }

  #show(message: Message, tone: 'error' | 'success'): void {
    this.element.dataset.tone = tone;
    this.element.setAttribute('role', tone === 'error' ? 'alert' : 'status');
    showText(this.element, message);
    this.element.hidden = false;
  }
}

/** A section of a page with a heading. */
export function section(heading: Message, className: string, ...children: Child[]): HTMLElement {
  return h('section', { class: `record-section ${className}` }, t('h2', heading, { class: 'record-section__heading' }), ...children);
}
