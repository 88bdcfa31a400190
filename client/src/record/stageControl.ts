// The stage of the dispute, and for the presiding judge, arbitrator or mediator a control that
// offers only the stages the case may move on to (negotiation → mediation | arbitration |
// trial; mediation → arbitration | trial). The server enforces the same rule.
import { msg } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import type { Api } from './api.js';
import { NEXT_STAGES, PRESIDING_ROLES, type CaseRole, type CaseView, type DisputeStage } from './apiTypes.js';
import { button, h, select, StatusLine, t } from './dom.js';
import { problemMessage } from './problems.js';

const stageKey = (stage: DisputeStage) => `stage.${stage}` as MessageKey;

export class StageControl {
  readonly element: HTMLElement;
  readonly #api: Api;
  readonly #caseId: string;
  readonly #role: CaseRole;
  readonly #onChanged: (courtCase: CaseView) => void;
  readonly #status = new StatusLine();

  constructor(api: Api, courtCase: CaseView, role: CaseRole, onChanged: (courtCase: CaseView) => void) {
    this.#api = api;
    this.#caseId = courtCase.id;
    this.#role = role;
    this.#onChanged = onChanged;
    this.element = h('div', { class: 'stage-control' });
    this.#render(courtCase.stage);
  }

  #render(stage: DisputeStage): void {
    const current = t('span', { key: stageKey(stage) }, { class: 'badge badge--stage', 'data-stage': stage });
    this.element.replaceChildren(t('span', msg('case.stage'), { class: 'record-meta__label' }), current);
    if (!PRESIDING_ROLES.includes(this.#role)) return;
    const next = NEXT_STAGES[stage];
    if (next.length === 0) {
      this.element.append(t('span', msg('stage.final'), { class: 'record-muted' }));
      return;
    }
    const choice = select(
      next.map((value) => ({ value, label: { key: stageKey(value) } })),
      { name: 'stage' },
    );
    const submit = button(msg('stage.submit'), { 'data-action': 'change-stage' });
    submit.addEventListener('click', () => void this.#change(choice.value as DisputeStage, submit));
    this.element.append(h('label', { class: 'stage-control__choice' }, t('span', msg('stage.moveTo'), { class: 'record-meta__label' }), choice), submit, this.#status.element);
  }

  async #change(stage: DisputeStage, submit: HTMLButtonElement): Promise<void> {
    submit.disabled = true;
    try {
      const changed = await this.#api.post<CaseView>(`/cases/${this.#caseId}/stage`, { stage });
      this.#render(changed.stage);
      this.#status.success(msg('stage.changed', { stage: { key: stageKey(changed.stage) } }));
      this.element.append(this.#status.element);
      this.#onChanged(changed);
    } catch (error) {
      this.#status.error(problemMessage(error));
      submit.disabled = false;
    }
  }
}
