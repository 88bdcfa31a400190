// Calling a witness (or a party) to affirm, for the presiding judge: whom, and the text in each
// language; the court picks the one in the witness's language (else the language of the
// proceedings) and the witness confirms it on their page. The texts are the court's words, not
// the page's: they are sent as typed, whatever language the console is shown in.
import type { CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import { msg } from '../i18n.js';
import { button, h, t } from '../record/dom.js';
import { showLanguage } from '../record/timeFormat.js';
import { inARoom, STAFF } from './people.js';
import type { CourtroomCommands } from './courtroomCommands.js';
import { DEFAULT_OATH_TEXTS } from './oathTexts.js';

export class OathCall {
  readonly element: HTMLElement;
  readonly #commands: CourtroomCommands;
  readonly #witness = h('select', { class: 'select', name: 'witness' });
  readonly #texts = new Map<string, HTMLTextAreaElement>();
  readonly #extraTag = h('input', { class: 'field__input', name: 'otherLanguage', maxlength: 35, spellcheck: 'false', placeholder: 'pt-BR' });
  readonly #extraText = h('textarea', { class: 'field__input', name: 'otherText', rows: 3, maxlength: 4000 });
  readonly #call = button(msg('oath.call'), { 'data-action': 'call-oath', class: 'button button--small button--primary' });
  /** Whom the judge picked in the list, if they did. */
  #chosen: string | undefined;

  constructor(commands: CourtroomCommands) {
    this.#commands = commands;
    const fields = Object.entries(DEFAULT_OATH_TEXTS).map(([tag, text]) => {
      const area = h('textarea', { class: 'field__input', name: `oath-${tag}`, rows: 3, maxlength: 4000, lang: tag });
      area.value = text;
      this.#texts.set(tag, area);
      return h('label', { class: 'field' }, h('span', { class: 'field__label' }, t('span', msg('oath.text')), ' · ', showLanguage(h('span'), tag)), area);
    });
    this.#call.addEventListener('click', () => void this.#callWitness());
    this.#witness.addEventListener('change', () => (this.#chosen = this.#witness.value));
    this.element = h(
      'section',
      { class: 'console__panel', 'data-panel': 'oath' },
      h(
        'details',
        { class: 'console__details', 'data-form': 'call-oath' },
        t('summary', msg('oath.heading')),
        h('label', { class: 'field' }, t('span', msg('oath.witness'), { class: 'field__label' }), this.#witness),
        ...fields,
        h('div', { class: 'record-form__row' }, h('label', { class: 'field' }, t('span', msg('oath.otherLanguage'), { class: 'field__label' }), this.#extraTag)),
        h('label', { class: 'field' }, t('span', msg('oath.otherText'), { class: 'field__label' }), this.#extraText),
        h('div', { class: 'console__actions' }, this.#call),
      ),
    );
  }

  render(view: CourtroomView): void {
    const eligible = view.participants.filter((p) => inARoom(p) && !STAFF.includes(p.role) && p.role !== 'observer');
    this.#witness.replaceChildren(...eligible.map((p) => h('option', { value: p.participantId }, p.displayName)));
    // The judge's own choice while it stands; else a witness, whom the oath is usually for.
    const chosen = eligible.find((p) => p.participantId === this.#chosen) ?? eligible.find((p) => p.role === 'witness') ?? eligible[0];
    if (chosen) this.#witness.value = chosen.participantId;
    this.#call.disabled = eligible.length === 0;
  }

  async #callWitness(): Promise<void> {
    const participantId = this.#witness.value;
    if (participantId === '') return;
    const texts: Record<string, string> = {};
    for (const [tag, area] of this.#texts) if (area.value.trim() !== '') texts[tag] = area.value.trim();
    const extraTag = this.#extraTag.value.trim();
    if (extraTag !== '' && this.#extraText.value.trim() !== '') texts[extraTag] = this.#extraText.value.trim();
    await this.#commands.run({ action: 'callOath', participantId, texts }, this.#call);
  }
}
