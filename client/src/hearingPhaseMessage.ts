// A hearing's phase (scheduled, lobby open, in session, in recess, adjourned) in the page's
// language: on the case page's list of hearings and in the hearing page alike.
import type { HearingPhase } from '../../server/domain/hearing/hearingPhase.js';
import type { Message } from './i18n.js';
import type { MessageKey } from './messages/en.js';

export function phaseMessage(phase: HearingPhase): Message {
  return { key: `hearingPhase.${phase}` as MessageKey };
}
