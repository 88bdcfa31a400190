// What a live hearing scheduled from the asynchronous trial covers, as the scheduling form asks
// it: the rest of the case, or the claims chosen from the case's claims (each with its number and
// text). The claims are read when the form is shown and again whenever "these claims" is chosen,
// so claims stated since the page loaded can be picked.
import { msg, type Message } from '../i18n.js';
import type { Api } from './api.js';
import type { ClaimsView } from './apiTypes.js';
import { h, t } from './dom.js';
import { coversOf, type CoverScope, type CoversBody } from './hearingCovers.js';
import type { CoversField } from './hearingScheduleForm.js';
import type { CaseViewer } from './page.js';
import { sectionProblem } from './problems.js';

export class HearingCoverPicker implements CoversField {
  readonly element: HTMLElement;
  readonly #api: Api;
  readonly #viewer: CaseViewer;
  readonly #signal: AbortSignal;
  readonly #claims = h('div', { class: 'round-form__required', 'data-testid': 'covers-claims' });
  readonly #scopes: HTMLInputElement[];

  constructor(api: Api, viewer: CaseViewer, signal: AbortSignal) {
    this.#api = api;
    this.#viewer = viewer;
    this.#signal = signal;
    const scope = (value: CoverScope, label: 'live.coversRest' | 'live.coversClaims') => {
      const radio = h('input', { type: 'radio', name: 'coversScope', value, checked: value === 'rest' });
      radio.addEventListener('change', () => this.#scopeChanged());
      return { radio, label: h('label', { class: 'round-form__choice' }, radio, ' ', t('span', msg(label))) };
    };
    const rest = scope('rest', 'live.coversRest');
    const claims = scope('claims', 'live.coversClaims');
    this.#scopes = [rest.radio, claims.radio];
    this.#claims.hidden = true;
    this.element = h('fieldset', { class: 'record-subsection', 'data-testid': 'hearing-covers' }, t('legend', msg('live.covers'), { class: 'field__label' }), rest.label, claims.label, this.#claims);
  }

  read(): CoversBody | { problem: Message } {
    const chosen = [...this.#claims.querySelectorAll<HTMLInputElement>('input[name="coversClaim"]:checked')].map((box) => box.value);
    const covers = coversOf(this.#scope(), chosen);
    return 'problem' in covers ? { problem: msg('live.noClaimChosen') } : covers;
  }

  /** Reads the case's claims again, keeping what was ticked. */
  async reload(): Promise<void> {
    const ticked = new Set([...this.#claims.querySelectorAll<HTMLInputElement>('input[name="coversClaim"]:checked')].map((box) => box.value));
    try {
      const { claims } = await this.#api.get<ClaimsView>(`/cases/${this.#viewer.caseId}/claims`, this.#signal);
      this.#claims.replaceChildren(
        ...claims.map((claim) =>
          h(
            'label',
            { class: 'round-form__choice', 'data-claim-number': claim.number },
            h('input', { type: 'checkbox', name: 'coversClaim', value: claim.id, checked: ticked.has(claim.id) }),
            ' ',
            t('strong', msg('live.claimChoice', { number: claim.number })),
            ' ',
            h('span', { lang: claim.language }, claim.text),
          ),
        ),
      );
      if (claims.length === 0) this.#claims.append(t('span', msg('live.noClaims'), { class: 'record-muted' }));
    } catch (error) {
      if (!this.#signal.aborted) this.#claims.replaceChildren(sectionProblem(error));
    }
  }

  #scope(): CoverScope {
    return this.#scopes.find((radio) => radio.checked)?.value === 'claims' ? 'claims' : 'rest';
  }

  #scopeChanged(): void {
    this.#claims.hidden = this.#scope() !== 'claims';
    if (!this.#claims.hidden) void this.reload();
  }
}
