// A party's side of the courtroom: where they sit (the main room or a consultation room, and
// with whom), who has the floor, a hand to raise or lower, and a request to the judge for a
// private consultation. What the court decides arrives as notices and a new courtroom view.
import { phaseMessage } from '../hearingPhaseMessage.js';
import type { CaseRole } from '../../../server/domain/access/roles.js';
import type { CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import type { CourtroomNotice } from '../../../server/protocol/hearingRoomEvents.js';
import { msg } from '../i18n.js';
import { button, h, input, t } from '../record/dom.js';
import { seatMessage } from './attendee.js';
import { consultationAt, nameOf, STAFF } from './people.js';
import type { CourtroomCommands } from './courtroomCommands.js';
import { MemberPicker } from './memberPicker.js';

/** Who may ask for a consultation (the server's permission table decides again). */
const MAY_REQUEST_CONSULTATION: readonly CaseRole[] = ['claimant', 'respondent', 'counsel', 'witness'];

export class PartyPanel {
  readonly element: HTMLElement;
  readonly #commands: CourtroomCommands;
  readonly #phase = h('p', { class: 'console__facts', 'data-hearing-phase': '' });
  readonly #seat = h('p', { class: 'party__seat', 'data-seat': '' });
  readonly #floor = h('p', { class: 'console__facts' });
  readonly #hand = button(msg('party.raiseHand'), { 'data-action': 'raise-hand', class: 'button button--small button--primary' });
  readonly #handState = h('p', { class: 'console__muted' });
  readonly #consult: HTMLElement;
  readonly #with = new MemberPicker('with');
  readonly #reason = input({ name: 'reason', maxlength: 500, 'data-field': 'consultation-reason' }, msg('party.consultReasonPlaceholder'));
  readonly #send = button(msg('party.consultSend'), { 'data-action': 'request-consultation', class: 'button button--small' });
  /** "Your request went to the judge", until the judge decides it (a move, or a notice that they declined). */
  readonly #sent = t('p', msg('party.consultSent'), { class: 'console__ok', hidden: true, role: 'status', 'data-consultation-sent': '' });
  readonly #problem = t('p', msg('party.consultReasonRequired'), { class: 'console__error', hidden: true, role: 'alert' });
  #view: CourtroomView | undefined;

  constructor(commands: CourtroomCommands, role: CaseRole) {
    this.#commands = commands;
    this.#hand.addEventListener('click', () => {
      const raised = this.#view?.you.handRaised ?? false;
      void this.#commands.run(raised ? { action: 'lowerHand' } : { action: 'raiseHand' }, this.#hand);
    });
    this.#send.addEventListener('click', () => void this.#request());
    this.#consult = h(
      'details',
      { class: 'console__details', 'data-form': 'request-consultation', hidden: !MAY_REQUEST_CONSULTATION.includes(role) },
      t('summary', msg('party.consultHeading')),
      t('p', msg('party.consultHint'), { class: 'console__muted' }),
      this.#with.element,
      h('label', { class: 'field' }, t('span', msg('party.consultReason'), { class: 'field__label' }), this.#reason),
      this.#problem,
      this.#sent,
      h('div', { class: 'console__actions' }, this.#send),
    );
    this.element = h(
      'div',
      { class: 'console', id: 'party-panel', 'data-console': 'party' },
      h(
        'section',
        { class: 'console__panel', 'data-panel': 'floor' },
        t('h2', msg('party.heading'), { class: 'console__heading' }),
        this.#phase,
        this.#seat,
        this.#floor,
        h('div', { class: 'console__actions' }, this.#hand),
        this.#handState,
      ),
      h('section', { class: 'console__panel', 'data-panel': 'consultation' }, this.#consult),
    );
  }

  render(view: CourtroomView): void {
    // Moved (into the room asked for, or elsewhere): the request is decided.
    if (this.#view !== undefined && this.#view.you.seat !== view.you.seat) this.#sent.hidden = true;
    this.#view = view;
    const you = view.you;
    this.#phase.dataset.hearingPhase = view.phase;
    this.#phase.replaceChildren(t('span', phaseMessage(view.phase), { class: 'badge badge--phase' }));
    this.#seat.dataset.seat = you.seat;
    const room = consultationAt(view, you.seat);
    if (room) {
      const others = room.members.filter((id) => id !== you.participantId).map((id) => nameOf(view, id));
      this.#seat.replaceChildren(t('span', msg('party.inConsultation', { name: room.name, others: others.join(', ') || '—' })));
    } else {
      this.#seat.replaceChildren(t('span', seatMessage(you.seat, view)));
    }
    if (view.floorHolder === you.participantId) this.#floor.replaceChildren(t('strong', msg('party.youHaveFloor')));
    else if (view.floorMode === 'floorOnly') this.#floor.replaceChildren(t('span', msg('party.floorOnly')));
    else this.#floor.replaceChildren();
    this.#hand.replaceChildren(t('span', you.handRaised ? msg('party.lowerHand') : msg('party.raiseHand')));
    this.#hand.dataset.action = you.handRaised ? 'lower-hand' : 'raise-hand';
    this.#hand.setAttribute('aria-pressed', String(you.handRaised));
    const place = view.handQueue.indexOf(you.participantId);
    this.#handState.replaceChildren(place >= 0 ? t('span', msg('party.handPlace', { place: place + 1 })) : '');
    // Consult whom: the people one can see, but not the court itself.
    this.#with.render(
      view.participants.filter((p) => p.participantId !== you.participantId && !STAFF.includes(p.role) && p.seat === you.seat),
      you.participantId,
    );
  }

  takeNotice(notice: CourtroomNotice): void {
    if (notice.type === 'consultationDeclined') this.#sent.hidden = true;
  }

  async #request(): Promise<void> {
    const reason = this.#reason.value.trim();
    this.#problem.hidden = reason !== '';
    this.#sent.hidden = true;
    if (reason === '') return;
    if (await this.#commands.run({ action: 'requestConsultation', with: this.#with.chosen(), reason }, this.#send)) {
      this.#sent.hidden = false;
      this.#reason.value = '';
      this.#with.clear();
    }
  }
}
