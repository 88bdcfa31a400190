// Consent to the asynchronous trial, on the case page: how the case is tried now (live hearings
// or the asynchronous trial, since when), each side's consent and who has given or withdrawn it,
// and for the parties the buttons that give consent or withdraw it with a reason.
import { whileBusy } from '../busyControl.js';
import { msg } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import type { Api } from './api.js';
import type { TrialView } from './apiTypes.js';
import { button, field, h, StatusLine, t } from './dom.js';
import type { CaseViewer } from './page.js';
import { problemMessage } from './problems.js';
import { showInstant } from './timeFormat.js';

export class TrialConsent {
  readonly element = h('div', { class: 'trial-consent', 'data-testid': 'trial-consent' });
  readonly #api: Api;
  readonly #viewer: CaseViewer;
  readonly #names: (participantId: string) => string;
  readonly #onChanged: (view: TrialView) => void;
  readonly #status = new StatusLine({ 'data-testid': 'consent-status' });

  constructor(api: Api, viewer: CaseViewer, names: (participantId: string) => string, onChanged: (view: TrialView) => void) {
    this.#api = api;
    this.#viewer = viewer;
    this.#names = names;
    this.#onChanged = onChanged;
  }

  show(view: TrialView): void {
    const mode = h('p', { class: 'trial-consent__mode', 'data-trial-mode': view.mode });
    mode.append(t('span', msg(view.mode === 'async' ? 'trial.modeAsync' : 'trial.modeLive'), { class: `badge ${view.mode === 'async' ? 'badge--stage' : 'badge--muted'}` }));
    if (view.modeSince !== undefined) mode.append(' ', t('span', msg('trial.modeSince'), { class: 'record-muted' }), ' ', showInstant(h('span', { class: 'local-time' }), view.modeSince, this.#viewer.zone));

    const sides = h(
      'ul',
      { class: 'trial-consent__sides' },
      ...view.sides.map((side) => {
        const item = h('li', { 'data-side': side.side, 'data-consented': String(side.consented) });
        item.append(t('strong', { key: `trial.side.${side.side}` as MessageKey }), ': ', t('span', msg(side.consented ? 'trial.sideConsents' : 'trial.sideNotYet')));
        if (side.throughCounsel !== undefined) item.append(' ', t('span', msg('trial.throughCounsel', { name: this.#names(side.throughCounsel) }), { class: 'record-muted' }));
        if (side.missing.length > 0) item.append(' ', t('span', msg('trial.waitingFor', { names: side.missing.map(this.#names).join(', ') }), { class: 'record-muted' }));
        if (side.withdrawnBy.length > 0) item.append(' ', t('span', msg('trial.withdrawnBy', { names: side.withdrawnBy.map(this.#names).join(', ') }), { class: 'badge badge--withdrawn' }));
        return item;
      }),
    );

    const consents = h(
      'ul',
      { class: 'trial-consent__list', 'data-testid': 'consent-list' },
      ...view.consents.map((consent) => {
        const item = h('li', { 'data-participant-id': consent.participantId, 'data-consent': consent.state });
        item.append(
          h('span', {}, consent.displayName),
          ' ',
          t('span', { key: `role.${consent.role}` as MessageKey }, { class: 'badge badge--muted' }),
          ' ',
          t('span', msg(consent.state === 'given' ? 'trial.consentGiven' : 'trial.consentWithdrawn')),
          ' ',
          showInstant(h('span', { class: 'local-time record-muted' }), consent.at, this.#viewer.zone),
        );
        if (consent.reason !== undefined) item.append(' ', h('q', { class: 'record-muted' }, consent.reason));
        return item;
      }),
    );
    const parts = [mode, sides, view.consents.length > 0 ? consents : null, this.#actions(view), this.#status.element];
    this.element.replaceChildren(...parts.filter((part): part is HTMLElement => part !== null));
  }

  #actions(view: TrialView): HTMLElement | null {
    if (!this.#viewer.may.includes('trial.consent')) return null;
    const mine = view.consents.find((c) => c.participantId === this.#viewer.you.id);
    const actions = h('div', { class: 'record-form__actions' });
    if (mine?.state !== 'given') {
      const give = button(msg('trial.giveConsent'), { class: 'button button--small button--primary', 'data-action': 'give-consent' });
      give.addEventListener('click', () => void this.#send(give, `/cases/${this.#viewer.caseId}/trial/consent`, {}, msg('trial.consentRecorded')));
      actions.append(give);
    }
    // Any party may withdraw, whatever it said before: the case goes back to live hearings.
    if (mine?.state === 'given' || view.mode === 'async') {
      const reason = h('textarea', { name: 'withdrawReason', class: 'field__input', rows: 2, maxlength: 2000 });
      const withdraw = button(msg('trial.withdrawConsent'), { class: 'button button--small', 'data-action': 'withdraw-consent' });
      withdraw.addEventListener('click', () => {
        if (reason.value.trim() === '') {
          this.#status.error(msg('form.required', { field: msg('trial.withdrawReason') }));
          return;
        }
        void this.#send(withdraw, `/cases/${this.#viewer.caseId}/trial/consent/withdrawal`, { reason: reason.value.trim() }, msg('trial.consentWithdrawnDone'));
      });
      return h('div', { class: 'record-form' }, actions, h('div', { class: 'record-subsection', 'data-form': 'withdraw-consent' }, field(msg('trial.withdrawReason'), reason, msg('trial.withdrawHint')), h('div', { class: 'record-form__actions' }, withdraw)));
    }
    return actions;
  }

  async #send(trigger: HTMLButtonElement, path: string, body: object, done: ReturnType<typeof msg>): Promise<void> {
    await whileBusy(trigger, async () => {
      this.#status.clear();
      try {
        const view = await this.#api.post<TrialView>(path, body);
        this.#onChanged(view);
        this.#status.success(done);
      } catch (error) {
        this.#status.error(problemMessage(error));
      }
    });
  }
}
