// A list of checkboxes to choose people from (whom to take into a consultation room, whom to
// leave unmuted, whom to consult). The choice survives the re-renders every courtroom change
// causes; someone who leaves drops out of it.
import type { AttendeeView } from '../../../server/domain/hearing/courtroomView.js';
import { msg } from '../i18n.js';
import { h, t } from '../record/dom.js';
import { KeptRows } from './keptRows.js';

export class MemberPicker {
  readonly element: HTMLElement;
  readonly #chosen = new Set<string>();
  readonly #name: string;
  /** Each person's checkbox, kept while their name shows the same: it keeps the keyboard's focus through pushes. */
  readonly #options = new KeptRows();
  readonly #nobody = t('p', msg('console.nobodyToChoose'), { class: 'console__muted' });

  /** `name` names the checkboxes (tests and labels find them by it). */
  constructor(name: string) {
    this.#name = name;
    this.element = h('div', { class: 'member-picker', role: 'group' });
  }

  render(people: AttendeeView[], selfId: string): void {
    const present = new Set(people.map((p) => p.participantId));
    for (const id of [...this.#chosen]) if (!present.has(id)) this.#chosen.delete(id);
    const options = people.map((person) => {
      const self = person.participantId === selfId;
      return this.#options.rowFor(person.participantId, JSON.stringify([person.displayName, self]), () => this.#option(person, self));
    });
    this.#options.show(this.element, people.length === 0 ? [this.#nobody] : options);
  }

  #option(person: AttendeeView, self: boolean): HTMLElement {
    const box = h('input', { type: 'checkbox', name: this.#name, value: person.participantId, checked: this.#chosen.has(person.participantId) });
    box.addEventListener('change', () => (box.checked ? this.#chosen.add(person.participantId) : this.#chosen.delete(person.participantId)));
    const label = h('label', { class: 'member-picker__option', 'data-attendee-id': person.participantId }, box, ' ', person.displayName);
    if (self) label.append(' ', t('span', msg('console.you'), { class: 'console__muted' }));
    return label;
  }

  chosen(): string[] {
    return [...this.#chosen];
  }

  clear(): void {
    this.#chosen.clear();
    for (const box of this.element.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) box.checked = false;
  }
}
