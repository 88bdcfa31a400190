// Consultation rooms, for the presiding judge: open one with the people chosen (counsel with
// their client, a mediator's caucus with one side), see who is in each, bring someone back,
// close a room or call everyone back to the main room, and approve or decline (saying why) a
// party's request for one.
// Nothing said in a room reaches anyone outside it: the server keeps media apart.
import type { CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import { format, msg } from '../i18n.js';
import { button, h, input, t } from '../record/dom.js';
import { inARoom, nameOf } from './people.js';
import type { CourtroomCommands } from './courtroomCommands.js';
import { KeptRows } from './keptRows.js';
import { MemberPicker } from './memberPicker.js';

export class ConsultationPanel {
  readonly element: HTMLElement;
  readonly #commands: CourtroomCommands;
  readonly #rooms = h('ul', { class: 'console__list' });
  readonly #requests = h('ul', { class: 'console__list' });
  readonly #requestsHeading = t('h3', msg('consultations.requests'), { class: 'console__subheading' });
  readonly #callBack = button(msg('consultations.callEveryoneBack'), { 'data-action': 'call-everyone-back' });
  readonly #members = new MemberPicker('members');
  readonly #name = input({ name: 'roomName', maxlength: 100, 'data-field': 'room-name' }, msg('consultations.namePlaceholder'));
  readonly #open = button(msg('consultations.open'), { 'data-action': 'open-consultation', class: 'button button--small button--primary' });
  readonly #problem = t('p', msg('consultations.chooseMembers'), { class: 'console__error', hidden: true, role: 'alert' });
  /** What is typed for each request (its room's name, a reason to decline it): kept across re-renders. */
  readonly #requestFields = new Map<string, { name: HTMLInputElement; reason: HTMLInputElement }>();
  readonly #requestRows = new KeptRows();
  /** Each open room's row, kept while its name and members stay: its buttons keep the keyboard's focus. */
  readonly #roomRows = new KeptRows();
  readonly #noRooms = t('li', msg('consultations.none'), { class: 'console__muted console__row--plain' });

  constructor(commands: CourtroomCommands) {
    this.#commands = commands;
    this.#callBack.addEventListener('click', () => void this.#commands.run({ action: 'callEveryoneBack' }, this.#callBack));
    this.#open.addEventListener('click', () => void this.#openRoom());
    const form = h(
      'details',
      { class: 'console__details', 'data-form': 'open-consultation' },
      t('summary', msg('consultations.openHeading')),
      h('label', { class: 'field' }, t('span', msg('consultations.name'), { class: 'field__label' }), this.#name),
      this.#members.element,
      this.#problem,
      h('div', { class: 'console__actions' }, this.#open),
    );
    this.element = h(
      'section',
      { class: 'console__panel', 'data-panel': 'consultations' },
      h('div', { class: 'console__panel-head' }, t('h2', msg('consultations.heading'), { class: 'console__heading' }), this.#callBack),
      this.#rooms,
      this.#requestsHeading,
      this.#requests,
      form,
    );
  }

  render(view: CourtroomView): void {
    this.#callBack.hidden = view.consultations.length === 0;
    this.#roomRows.show(
      this.#rooms,
      view.consultations.length === 0
        ? [this.#noRooms]
        : view.consultations.map((room) => this.#roomRows.rowFor(room.roomId, JSON.stringify([room.name, room.members.map((id) => [id, nameOf(view, id)])]), () => this.#room(room, view))),
    );
    const pending = view.consultationRequests;
    const open = new Set(pending.map((r) => r.requestId));
    for (const id of [...this.#requestFields.keys()]) if (!open.has(id)) this.#requestFields.delete(id);
    this.#requestsHeading.hidden = pending.length === 0;
    // Kept while they show the same: the room's name being typed keeps its focus through pushes.
    this.#requestRows.show(
      this.#requests,
      pending.map((request) => {
        const shown = JSON.stringify([nameOf(view, request.participantId), request.with.map((id) => nameOf(view, id)), request.reason]);
        return this.#requestRows.rowFor(request.requestId, shown, () => this.#request(request, view));
      }),
    );
    // Anyone in the main room may be taken into consultation, the judge too (a mediator's caucus).
    this.#members.render(
      view.participants.filter((p) => inARoom(p) && p.role !== 'observer'),
      view.you.participantId,
    );
  }

  #room(room: CourtroomView['consultations'][number], view: CourtroomView): HTMLElement {
    const close = button(msg('consultations.close'), { 'data-action': 'close-consultation' });
    close.addEventListener('click', () => void this.#commands.run({ action: 'closeConsultation', roomId: room.roomId }, close));
    const members = room.members.map((participantId) => {
      const back = button(msg('consultations.bringBack'), { 'data-action': 'bring-back' });
      back.addEventListener('click', () => void this.#commands.run({ action: 'moveTo', participantId, to: 'main' }, back));
      return h('li', { class: 'console__member', 'data-attendee-id': participantId }, h('span', {}, nameOf(view, participantId)), ' ', back);
    });
    return h(
      'li',
      { class: 'console__row', 'data-room-id': room.roomId },
      h('div', { class: 'console__who' }, h('span', { class: 'console__name' }, room.name), h('div', { class: 'console__actions' }, close)),
      members.length === 0 ? t('p', msg('consultations.empty'), { class: 'console__muted' }) : h('ul', { class: 'console__members' }, ...members),
    );
  }

  #request(request: CourtroomView['consultationRequests'][number], view: CourtroomView): HTMLElement {
    const asker = nameOf(view, request.participantId);
    let fields = this.#requestFields.get(request.requestId);
    if (fields === undefined) {
      fields = {
        name: input({ name: 'roomName', maxlength: 100, value: asker }),
        reason: input({ name: 'declineReason', maxlength: 500, 'data-field': 'decline-reason' }, msg('consultations.declineReasonPlaceholder')),
      };
      this.#requestFields.set(request.requestId, fields);
    }
    const { name, reason } = fields;
    const approve = button(msg('consultations.approve'), { 'data-action': 'approve-consultation', class: 'button button--small button--primary' });
    approve.addEventListener('click', () => {
      void this.#commands.run({ action: 'approveConsultation', requestId: request.requestId, name: name.value.trim() || asker }, approve);
    });
    // The party is told, with the reason when one is given (in words they can read: the judge's
    // voice may be in a language they do not follow).
    const decline = button(msg('consultations.decline'), { 'data-action': 'decline-consultation', class: 'button button--small' });
    decline.addEventListener('click', () => {
      const why = reason.value.trim();
      void this.#commands.run({ action: 'declineConsultation', requestId: request.requestId, ...(why === '' ? {} : { reason: why }) }, decline);
    });
    const others = request.with.map((id) => nameOf(view, id)).join(', ');
    return h(
      'li',
      { class: 'console__row', 'data-request-id': request.requestId },
      t('p', others === '' ? msg('consultations.requestAlone', { name: asker }) : msg('consultations.requestWith', { name: asker, others })),
      h('p', { class: 'console__muted console__reason' }, request.reason),
      h('label', { class: 'field' }, t('span', msg('consultations.name'), { class: 'field__label' }), name),
      h('label', { class: 'field' }, t('span', msg('consultations.declineReason'), { class: 'field__label' }), reason),
      h('div', { class: 'console__actions' }, approve, decline),
    );
  }

  async #openRoom(): Promise<void> {
    const members = this.#members.chosen();
    this.#problem.hidden = members.length > 0;
    if (members.length === 0) return;
    // A room's name is data shown to everyone in it: without one, "Room 2" in the judge's language.
    const name = this.#name.value.trim() || format(msg('consultations.defaultName', { number: this.#rooms.querySelectorAll('[data-room-id]').length + 1 }));
    const opened = await this.#commands.run({ action: 'openConsultation', name, members }, this.#open);
    if (opened) {
      this.#members.clear();
      this.#name.value = '';
    }
  }
}
