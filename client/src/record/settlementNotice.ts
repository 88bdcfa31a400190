// The line under the case's title that says the case has settled: when, at which stage, and that
// it is closed (the court answers CASE_SETTLED to anything that would carry it on). Shown from the
// case as loaded, or as soon as an offer is accepted on this page or another.
import { msg } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import type { SettlementView } from './apiTypes.js';
import { h, t } from './dom.js';
import { formatInstant } from './timeFormat.js';

export class SettlementNotice {
  readonly element = h('div', { class: 'record-settlement', 'data-testid': 'case-settled', hidden: true });
  readonly #zone: string;

  constructor(zone: string, settlement: SettlementView | undefined) {
    this.#zone = zone;
    this.show(settlement);
  }

  get settled(): boolean {
    return !this.element.hidden;
  }

  show(settlement: SettlementView | undefined): void {
    if (settlement === undefined) return;
    const text = msg('case.settled', { time: formatInstant(settlement.at, this.#zone), stage: { key: `stage.${settlement.stage}` as MessageKey } });
    this.element.replaceChildren(h('div', { class: 'notice notice--info', role: 'status' }, t('p', text, { class: 'notice__text' })));
    this.element.dataset.settledAt = settlement.at;
    this.element.hidden = false;
  }
}
