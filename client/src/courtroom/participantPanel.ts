// The people in the hearing rooms, for the presiding judge: where each sits, whether the court
import { isAllowed } from '../../../server/domain/access/permissions.js';
// has muted them, whose hand is up and who holds the floor; per person mute or unmute (the
// server pauses their producer), ask for the camera, give the floor, move to a consultation
// room, send back to the lobby or remove. Above the list: "floor only" mode and "mute everyone
// except…". The public gallery is counted, never listed.
import type { AttendeeView, CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import type { CourtroomCommand } from '../../../server/protocol/hearingRoomSchemas.js';
import { msg, showText, type Message } from '../i18n.js';
import { button, h, t } from '../record/dom.js';
import { roleMessage, seatMessage } from './attendee.js';
import { inARoom } from './people.js';
import type { CourtroomCommands } from './courtroomCommands.js';
import { KeptRows } from './keptRows.js';
import { MemberPicker } from './memberPicker.js';

export class ParticipantPanel {
  readonly element: HTMLElement;
  readonly #commands: CourtroomCommands;
  readonly #list = h('ul', { class: 'console__list' });
  /**
   * Each person's row, kept while it shows the same: a move being chosen or a button the judge
   * has reached with the keyboard keeps its focus while the court goes on around it.
   */
  readonly #rows = new KeptRows();
  readonly #floorMode = h('input', { type: 'checkbox', name: 'floorOnly', 'data-action': 'floor-only' });
  readonly #floor = h('div', { class: 'console__facts', 'data-floor': '' });
  readonly #gallery = h('p', { class: 'console__muted', 'data-gallery-count': '0' });
  readonly #keep = new MemberPicker('keep');
  readonly #muteOthers = button(msg('attendees.muteOthers'), { 'data-action': 'mute-all-except', class: 'button button--small button--danger' });
  /** The person whose removal from the hearing awaits a second click. */
  #confirmingRemoval: string | undefined;
  #view: CourtroomView | undefined;
  /** Who holds the floor as the floor line shows it (undefined: not drawn yet). */
  #floorShown: string | undefined;
  /** The public gallery's head count as the court last told it (courtroom:gallery). */
  readonly #galleryCount: () => number;

  constructor(commands: CourtroomCommands, galleryCount: () => number) {
    this.#commands = commands;
    this.#galleryCount = galleryCount;
    this.#floorMode.addEventListener('change', () => {
      void this.#commands.run({ action: 'setFloorMode', mode: this.#floorMode.checked ? 'floorOnly' : 'open' });
    });
    this.#muteOthers.addEventListener('click', async () => {
      if (await this.#commands.run({ action: 'muteAllExcept', keep: this.#keep.chosen() }, this.#muteOthers)) this.#keep.clear();
    });
    const muteAllExcept = h(
      'details',
      { class: 'console__details', 'data-form': 'mute-all-except' },
      t('summary', msg('attendees.muteAllExcept')),
      t('p', msg('attendees.muteAllExceptHint'), { class: 'console__muted' }),
      this.#keep.element,
      h('div', { class: 'console__actions' }, this.#muteOthers),
    );
    this.element = h(
      'section',
      { class: 'console__panel', 'data-panel': 'participants' },
      t('h2', msg('attendees.heading'), { class: 'console__heading' }),
      h('label', { class: 'checkbox console__toggle' }, this.#floorMode, t('span', msg('attendees.floorOnly'))),
      this.#floor,
      this.#list,
      this.#gallery,
      muteAllExcept,
    );
  }

  render(view: CourtroomView): void {
    this.#view = view;
    const present = view.participants.filter(inARoom);
    if (this.#confirmingRemoval && !present.some((p) => p.participantId === this.#confirmingRemoval)) this.#confirmingRemoval = undefined;
    this.#floorMode.checked = view.floorMode === 'floorOnly';
    const holder = view.floorHolder === null ? undefined : present.find((p) => p.participantId === view.floorHolder);
    // Drawn again only when someone else holds it: its "revoke" keeps the keyboard's focus.
    const floorShown = holder === undefined ? '' : JSON.stringify([holder.participantId, holder.displayName]);
    if (floorShown !== this.#floorShown) {
      this.#floorShown = floorShown;
      this.#floor.replaceChildren(...this.#floorLine(holder));
    }
    this.#rows.show(this.#list, present.map((person) => this.#rowOf(person, view)));
    const galleryCount = this.#galleryCount();
    this.#gallery.dataset.galleryCount = String(galleryCount);
    this.#gallery.replaceChildren(t('span', msg('gallery.count', { count: galleryCount })));
    this.#keep.render(
      present.filter((p) => p.participantId !== view.you.participantId),
      view.you.participantId,
    );
  }

  #floorLine(holder: AttendeeView | undefined): Array<HTMLElement | string> {
    if (holder === undefined) return [t('span', msg('attendees.nobodyHasFloor'))];
    const revoke = button(msg('attendees.revokeFloor'), { 'data-action': 'revoke-floor' });
    revoke.addEventListener('click', () => void this.#commands.run({ action: 'revokeFloor' }, revoke));
    return [t('span', msg('attendees.floorHolder', { name: holder.displayName })), ' ', revoke];
  }

  /** The person's row: the one drawn before if it shows the same, else a new one. */
  #rowOf(person: AttendeeView, view: CourtroomView): HTMLElement {
    const id = person.participantId;
    const rooms = view.consultations.map((room) => [room.roomId, room.name]);
    const shown = JSON.stringify([person, id === view.you.participantId, id === view.floorHolder, rooms, id === this.#confirmingRemoval]);
    return this.#rows.rowFor(id, shown, () => this.#row(person, view));
  }

  #row(person: AttendeeView, view: CourtroomView): HTMLElement {
    const self = person.participantId === view.you.participantId;
    const badges: HTMLElement[] = [t('span', roleMessage(person.role), { class: 'badge' })];
    if (self) badges.push(t('span', msg('console.you'), { class: 'console__muted' }));
    if (!person.connected) badges.push(t('span', msg('console.disconnected'), { class: 'badge badge--warning' }));
    if (person.courtMuted.microphone) badges.push(t('span', msg('attendees.micMuted'), { class: 'badge badge--danger', 'data-court-muted': 'microphone' }));
    if (person.courtMuted.camera) badges.push(t('span', msg('attendees.cameraMuted'), { class: 'badge badge--danger', 'data-court-muted': 'camera' }));
    if (person.handRaised) badges.push(t('span', msg('attendees.handRaised'), { class: 'badge badge--hand' }));
    if (view.floorHolder === person.participantId) badges.push(t('span', msg('attendees.hasFloor'), { class: 'badge badge--floor' }));
    if (person.mayPresent && !self) badges.push(t('span', msg('attendees.mayPresent'), { class: 'badge', 'data-may-present': 'true' }));
    const row = h(
      'li',
      { class: 'console__row', 'data-attendee-id': person.participantId, 'data-seat': person.seat },
      h('div', { class: 'console__who' }, h('span', { class: 'console__name' }, person.displayName), ...badges),
      h('div', { class: 'console__facts' }, t('span', seatMessage(person.seat, view))),
    );
    if (self) return row;
    const id = person.participantId;
    const muted = person.courtMuted;
    const actions = h(
      'div',
      { class: 'console__actions' },
      this.#action(muted.microphone ? msg('attendees.unmuteMicrophone') : msg('attendees.muteMicrophone'), muted.microphone ? 'unmute-microphone' : 'mute-microphone', {
        action: muted.microphone ? 'unmute' : 'mute',
        participantId: id,
        sources: ['microphone'],
      }),
      this.#action(muted.camera ? msg('attendees.allowCamera') : msg('attendees.stopCamera'), muted.camera ? 'unmute-camera' : 'mute-camera', {
        action: muted.camera ? 'unmute' : 'mute',
        participantId: id,
        sources: ['camera'],
      }),
      this.#action(msg('attendees.askCamera'), 'request-camera', { action: 'requestCamera', participantId: id }),
      view.floorHolder === id ? '' : this.#action(msg('attendees.grantFloor'), 'grant-floor', { action: 'grantFloor', participantId: id }),
      this.#presentingLeave(person),
      this.#moveChoice(person, view),
      this.#action(msg('attendees.toLobby'), 'remove-to-lobby', { action: 'remove', participantId: id, to: 'lobby' }),
      this.#removeOut(person),
    );
    row.append(actions);
    return row;
  }

  /** Leave to show exhibits and share a screen, for those whose role may present at all. */
  #presentingLeave(person: AttendeeView): HTMLButtonElement | string {
    if (!isAllowed(person.role, 'hearing.present') || person.seat === 'gallery') return '';
    const allowed = person.mayPresent;
    return this.#action(allowed ? msg('attendees.withdrawPresenting') : msg('attendees.allowPresenting'), allowed ? 'withdraw-presenting' : 'allow-presenting', {
      action: 'allowPresenting',
      participantId: person.participantId,
      allowed: !allowed,
    });
  }

  #action(label: Message, name: string, command: CourtroomCommand): HTMLButtonElement {
    const trigger = button(label, { 'data-action': name });
    trigger.addEventListener('click', () => void this.#commands.run(command, trigger));
    return trigger;
  }

  /** Into a consultation room, or back to the main room: offered when there is somewhere to go. */
  #moveChoice(person: AttendeeView, view: CourtroomView): HTMLElement | string {
    const places = [
      ...(person.seat === 'main' ? [] : [{ to: 'main', label: msg('console.seatMain') }]),
      ...view.consultations.filter((room) => person.seat !== `consultation:${room.roomId}`).map((room) => ({ to: `consultation:${room.roomId}`, label: msg('console.seatConsultation', { name: room.name }) })),
    ];
    if (places.length === 0) return '';
    const choice = h('select', { class: 'select select--small', name: 'moveTo', 'data-action': 'move-to' });
    choice.append(h('option', { value: '' }));
    showText(choice.firstElementChild as HTMLOptionElement, msg('attendees.moveTo'));
    for (const place of places) {
      const option = h('option', { value: place.to });
      showText(option, place.label);
      choice.append(option);
    }
    choice.addEventListener('change', async () => {
      if (choice.value === '') return;
      await this.#commands.run({ action: 'moveTo', participantId: person.participantId, to: choice.value });
      choice.value = ''; // moved (a new row follows) or refused (said why): the choice is asked afresh
    });
    return choice;
  }

  /** Out of the hearing for good (they cannot come back): one more click to be sure. */
  #removeOut(person: AttendeeView): HTMLButtonElement {
    const confirming = this.#confirmingRemoval === person.participantId;
    const trigger = button(confirming ? msg('attendees.confirmRemove') : msg('attendees.remove'), { 'data-action': 'remove-out', class: 'button button--small button--danger' });
    trigger.addEventListener('click', () => {
      if (!confirming) {
        this.#confirmingRemoval = person.participantId;
        if (this.#view) this.render(this.#view);
        return;
      }
      this.#confirmingRemoval = undefined;
      void this.#commands.run({ action: 'remove', participantId: person.participantId, to: 'out' }, trigger);
    });
    return trigger;
  }
}

