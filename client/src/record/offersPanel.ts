// Offers and settlement on the case page: the offers of the case in order (who made each, its
// terms and amount, its status, what it counters, a rejection's reason); for a party or its
// counsel, the form that makes an offer while none of the other side's waits for an answer, and on
// the other side's open offer the choice to accept it (which settles the case), reject it (with a
// reason if they like) or counter it. Once the case settled: the terms agreed. The mediator reads.
// Kept current by offers:changed.
import { whileBusy } from '../busyControl.js';
import { msg, type Message } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import type { Api } from './api.js';
import type { OfferBody, OffersView, OfferView, SettlementView } from './apiTypes.js';
import { sideOf } from './claimStanding.js';
import { button, field, h, input, section, StatusLine, t } from './dom.js';
import { KeptForms } from './keptForms.js';
import { counteredNumber, offerBodyOf, offerChoices, settledOffer, type TermsProblem } from './offerStanding.js';
import { isAbort, type CaseViewer } from './page.js';
import { problemMessage, sectionProblem } from './problems.js';
import { isLanguageTag, showInstant } from './timeFormat.js';

export interface OffersPanelContext {
  api: Api;
  viewer: CaseViewer;
  signal: AbortSignal;
  /** Something on the record changed (the timeline shows it). */
  onChanged: () => void;
  /** The case settled (here, or on the other side's page). */
  onSettled: (settlement: SettlementView) => void;
}

const TERMS_PROBLEMS: Record<TermsProblem, Message> = {
  textRequired: msg('offers.textRequired'),
  amountAndCurrency: msg('offers.amountAndCurrency'),
  amountInvalid: msg('offers.amountInvalid'),
  currencyInvalid: msg('offers.currencyInvalid'),
};

const STATUS_BADGE: Record<OfferView['status'], string> = { open: 'badge--stage', accepted: 'badge--stage', rejected: 'badge--withdrawn', countered: 'badge--muted', superseded: 'badge--muted' };

export class OffersPanel {
  readonly element: HTMLElement;
  readonly #context: OffersPanelContext;
  readonly #settlement = h('div', { class: 'offers__settlement' });
  readonly #turn = h('p', { class: 'record-intro', 'data-testid': 'offers-turn' });
  readonly #list = h('div', { class: 'offers__list', 'data-testid': 'offers' });
  readonly #make = h('div', { class: 'offers__make' });
  readonly #status = new StatusLine({ 'data-testid': 'offers-status' });
  /** Forms kept across new views of the offers, so what is typed survives a push. */
  readonly #forms = new KeptForms();
  #settled = false;

  constructor(context: OffersPanelContext) {
    this.#context = context;
    this.element = section(msg('offers.heading'), 'offers', t('p', msg('offers.intro'), { class: 'record-intro' }), this.#settlement, this.#turn, this.#list, this.#status.element, this.#make);
    this.element.dataset.testid = 'offers-panel';
  }

  async reload(): Promise<void> {
    const { api, viewer, signal } = this.#context;
    try {
      this.#show(await api.get<OffersView>(`/cases/${viewer.caseId}/offers`, signal));
    } catch (error) {
      if (isAbort(error, signal)) return;
      this.#list.replaceChildren(sectionProblem(error));
    }
  }

  /** offers:changed: the offers now (and the settlement, if the other side just accepted). */
  pushed(event: { caseId: string; offers: OffersView }): void {
    if (event.caseId !== this.#context.viewer.caseId) return;
    this.#show(event.offers);
    this.#context.onChanged();
  }

  #show(view: OffersView): void {
    const { viewer } = this.#context;
    const side = sideOf(viewer.you);
    const choices = offerChoices(view, side);
    this.element.dataset.settled = String(view.settlement !== undefined);
    this.#showSettlement(view);
    this.#turn.replaceChildren();
    if (view.settlement === undefined) {
      const turn = side === undefined ? msg('offers.readOnly') : choices.answer ? msg('offers.yourTurn', { number: choices.answer.number }) : choices.replaces ? msg('offers.theirTurn', { number: choices.replaces.number }) : undefined;
      if (turn) this.#turn.append(t('span', turn));
    }
    this.#list.replaceChildren(view.offers.length === 0 ? t('p', msg('offers.none'), { class: 'record-muted', 'data-testid': 'no-offers' }) : h('ol', { class: 'offers__items' }, ...view.offers.map((o) => this.#offer(view, o, choices.answer?.id === o.id))));
    const mayMake = choices.make && viewer.may.includes('offer.make');
    this.#make.replaceChildren(...(mayMake ? [this.#forms.kept('make', () => this.#termsForm('make-offer', msg('offers.makeHeading'), msg('offers.makeSubmit'), '/offers'))] : []));
    if (view.settlement !== undefined && !this.#settled) {
      this.#settled = true;
      this.#status.clear(); // news of an offer made here is stale once the case has settled
      this.#context.onSettled(view.settlement);
    }
  }

  #showSettlement(view: OffersView): void {
    const accepted = settledOffer(view);
    if (view.settlement === undefined || accepted === undefined) {
      this.#settlement.replaceChildren();
      return;
    }
    this.#settlement.replaceChildren(
      h(
        'div',
        { class: 'record-subsection', 'data-testid': 'settlement', 'data-offer-id': accepted.id },
        t('p', msg('offers.settledTerms', { number: accepted.number }), { class: 'field__label' }),
        h('blockquote', { class: 'offer__text', lang: accepted.language }, accepted.text),
        this.#amount(accepted),
      ),
    );
  }

  #offer(view: OffersView, offer: OfferView, answerable: boolean): HTMLElement {
    const { viewer } = this.#context;
    const countered = counteredNumber(view, offer);
    return h(
      'li',
      { class: 'offer', 'data-offer-id': offer.id, 'data-offer-number': offer.number, 'data-status': offer.status, 'data-side': offer.side },
      h(
        'div',
        { class: 'thread__answer-meta' },
        t('strong', msg('offers.number', { number: offer.number })),
        ' ',
        t('span', { key: `offers.fromSide.${offer.side}` as MessageKey }, { class: 'badge badge--muted' }),
        ' ',
        t('span', { key: `offers.status.${offer.status}` as MessageKey }, { class: `badge ${STATUS_BADGE[offer.status]}`, 'data-offer-status': offer.status }),
        countered === undefined ? null : t('span', msg('offers.counters', { number: countered }), { class: 'record-muted', 'data-counters': countered }),
        ' ',
        t('span', msg('offers.by', { name: offer.byName }), { class: 'record-muted' }),
        ' ',
        showInstant(h('span', { class: 'local-time record-muted' }), offer.madeAt, viewer.zone),
      ),
      h('p', { class: 'offer__text', lang: offer.language }, offer.text),
      this.#amount(offer),
      offer.reason === undefined ? null : h('p', { class: 'record-muted offer__reason' }, t('span', msg('offers.reasonLabel')), ' ', h('q', {}, offer.reason)),
      answerable && viewer.may.includes('offer.answer') ? this.#forms.kept(`answer:${offer.id}`, () => this.#answerControls(offer)) : null,
    );
  }

  #amount(offer: OfferView): HTMLElement | null {
    if (offer.amount === undefined || offer.currency === undefined) return null;
    return t('p', msg('offers.amount', { amount: offer.amount, currency: offer.currency }), { class: 'offer__amount', 'data-amount': offer.amount, 'data-currency': offer.currency });
  }

  /** Accept (after a warning that it settles the case), reject with an optional reason, or counter. */
  #answerControls(offer: OfferView): HTMLElement {
    const status = new StatusLine({ 'data-testid': 'offer-answer-status' });
    const accept = button(msg('offers.accept', { number: offer.number }), { class: 'button button--small button--primary', 'data-action': 'accept-offer' });
    const confirm = button(msg('offers.acceptConfirm'), { class: 'button button--small button--primary', 'data-action': 'confirm-accept' });
    const cancel = button(msg('offers.cancel'), { 'data-action': 'cancel-accept' });
    const warning = h('div', { class: 'notice notice--warning', role: 'alert', hidden: true, 'data-testid': 'accept-warning' }, t('p', msg('offers.acceptWarning'), { class: 'notice__text' }), h('div', { class: 'record-form__actions' }, confirm, cancel));
    accept.addEventListener('click', () => (warning.hidden = false));
    cancel.addEventListener('click', () => (warning.hidden = true));
    confirm.addEventListener('click', () => void this.#post(confirm, status, `/offers/${offer.id}/accept`, {}, () => undefined));
    const reason = input({ name: 'rejectReason', maxlength: 2000 });
    const reject = button(msg('offers.reject', { number: offer.number }), { 'data-action': 'reject-offer' });
    reject.addEventListener('click', () => {
      const why = reason.value.trim();
      void this.#post(reject, status, `/offers/${offer.id}/reject`, why === '' ? {} : { reason: why }, () => msg('offers.rejected', { number: offer.number }));
    });
    return h(
      'div',
      { class: 'record-subsection offer__answer', 'data-testid': 'offer-answer' },
      h('div', { class: 'record-form__actions' }, accept),
      warning,
      h('div', { class: 'record-form__row' }, field(msg('offers.rejectReason'), reason), h('div', { class: 'record-form__actions' }, reject)),
      status.element,
      this.#termsForm('counter-offer', msg('offers.counterHeading', { number: offer.number }), msg('offers.counterSubmit'), `/offers/${offer.id}/counter`),
    );
  }

  /** Terms in words, their language, and an amount with its currency: a new offer, or a counter-offer. */
  #termsForm(name: string, heading: Message, submitLabel: Message, suffix: string): HTMLElement {
    const { viewer } = this.#context;
    const text = h('textarea', { name: 'offerText', class: 'field__input', rows: 3, maxlength: 8000 });
    const language = input({ name: 'offerLanguage', spellcheck: 'false', value: viewer.you.locale, maxlength: 35 });
    const amount = input({ name: 'offerAmount', inputmode: 'decimal', maxlength: 20 });
    const currency = input({ name: 'offerCurrency', maxlength: 3, spellcheck: 'false', autocapitalize: 'characters' });
    const status = new StatusLine({ 'data-testid': `${name}-status` });
    const submit = t('button', submitLabel, { type: 'submit', class: 'button button--small button--primary', 'data-action': name });
    const form = h(
      'form',
      { class: 'record-form', novalidate: true, 'data-form': name },
      t('h3', heading),
      field(msg('offers.terms'), text, msg('offers.termsHint')),
      h('div', { class: 'record-form__row' }, field(msg('offers.language'), language), field(msg('offers.amountField'), amount, msg('offers.amountHint')), field(msg('offers.currencyField'), currency, msg('offers.currencyHint'))),
      status.element,
      h('div', { class: 'record-form__actions' }, submit),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      status.clear();
      const body = offerBodyOf({ text: text.value, language: language.value, amount: amount.value, currency: currency.value });
      if ('problem' in body) return status.error(TERMS_PROBLEMS[body.problem]);
      if (!isLanguageTag(body.language)) return status.error(msg('form.invalidLocale', { tag: body.language }));
      void this.#post(submit, status, suffix, body, (view) => {
        text.value = '';
        amount.value = '';
        currency.value = '';
        return msg('offers.made', { number: view.offers.at(-1)?.number ?? 1 });
      });
    });
    return form;
  }

  /** Sends an offer, an answer or an acceptance and shows the offers the court sends back. */
  async #post(trigger: HTMLButtonElement, status: StatusLine, suffix: string, body: OfferBody | object, done: (view: OffersView) => Message | undefined): Promise<void> {
    const { api, viewer } = this.#context;
    await whileBusy(trigger, async () => {
      status.clear();
      this.#status.clear();
      try {
        const view = await api.post<OffersView>(`/cases/${viewer.caseId}${suffix}`, body);
        const news = done(view);
        this.#show(view);
        if (news) this.#status.success(news);
        this.#context.onChanged();
      } catch (error) {
        status.error(problemMessage(error));
      }
    });
  }
}
