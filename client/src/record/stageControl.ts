// The stage of the dispute, and for those who may move it (the presiding judge, arbitrator or
// mediator) a control offering only the stages the server says the case may move on to.
import { whileBusy } from '../busyControl.js';
import { msg } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import type { Api } from './api.js';
import type { CaseView, CaseWithYouView, DisputeStage } from './apiTypes.js';
import { button, h, select, StatusLine, t } from './dom.js';
import { problemMessage } from './problems.js';

const stageKey = (stage: DisputeStage) => `stage.${stage}` as MessageKey;

export class StageControl {
  readonly element: HTMLElement;
  readonly #api: Api;
  readonly #caseId: string;
  /** The stages the case may move on to, if the viewer may move it. */
  #nextStages: readonly DisputeStage[] | undefined;
  readonly #onChanged: (courtCase: CaseView) => void;
  readonly #status = new StatusLine();

  constructor(api: Api, courtCase: CaseView, nextStages: readonly DisputeStage[] | undefined, onChanged: (courtCase: CaseView) => void) {
    this.#api = api;
    this.#caseId = courtCase.id;
    this.#nextStages = nextStages;
    this.#onChanged = onChanged;
    this.element = h('div', { class: 'stage-control' });
    this.#render(courtCase.stage);
  }

  #render(stage: DisputeStage): void {
    const current = t('span', { key: stageKey(stage) }, { class: 'badge badge--stage', 'data-stage': stage });
    this.element.replaceChildren(t('span', msg('case.stage'), { class: 'record-meta__label' }), current);
    const next = this.#nextStages;
    if (next === undefined) return;
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
    await whileBusy(submit, async () => {
      try {
        const changed = await this.#api.post<CaseView>(`/cases/${this.#caseId}/stage`, { stage });
        const now = await this.#api.get<CaseWithYouView>(`/cases/${this.#caseId}`);
        this.#nextStages = now.may.includes('case.changeStage') ? now.nextStages : undefined;
        this.#render(changed.stage);
        this.#status.success(msg('stage.changed', { stage: { key: stageKey(changed.stage) } }));
        this.element.append(this.#status.element);
        this.#onChanged(changed);
      } catch (error) {
        this.#status.error(problemMessage(error));
      }
    });
  }
}
