// Who takes part in the case, each with the time it is where they are and their working hours
// (people across many zones answer at the hour that suits them); the viewer's own working hours
// to set; for court staff, a form to add a participant and an "invite" button that issues a
// participant's one-time link.
import { whileBusy } from '../busyControl.js';
import { msg, type Message } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import type { Api } from './api.js';
import {
  isStaffRole,
  PARTICIPANT_ROLES,
  STAFF_ROLES,
  type AddParticipantBody,
  type CaseRole,
  type IssuedInvitationView,
  type ParticipantListView,
  type ParticipantView,
} from './apiTypes.js';
import { button, field, h, input, section, select, StatusLine, t } from './dom.js';
import { invitationLink } from './invitationLink.js';
import { isAbort, type CaseViewer } from './page.js';
import { problemMessage, sectionProblem } from './problems.js';
import { isLanguageTag, isTimeZone, showClock, showLanguage } from './timeFormat.js';
import { timeZoneInput } from './timeZoneInput.js';
import { showWorkingWeek, workingHoursForm } from './workingHoursForm.js';
import { sendOnSubmit } from './formSending.js';

const roleKey = (role: CaseRole) => `role.${role}` as MessageKey;

export class ParticipantsPanel {
  readonly element: HTMLElement;
  readonly #api: Api;
  readonly #viewer: CaseViewer;
  readonly #signal: AbortSignal;
  readonly #onChanged: () => void;
  readonly #list = h('div', { class: 'record-list' });
  readonly #invitation = h('div', { class: 'invitation-slot', 'aria-live': 'polite' });

  constructor(api: Api, viewer: CaseViewer, signal: AbortSignal, onChanged: () => void) {
    this.#api = api;
    this.#viewer = viewer;
    this.#signal = signal;
    this.#onChanged = onChanged;
    this.element = section(
      msg('participants.heading'),
      'participants',
      this.#list,
      this.#invitation,
      viewer.may.includes('participant.setWorkingHours') ? workingHoursForm(api, viewer, () => void this.reload()) : null,
      viewer.may.includes('participant.add') ? this.#addForm() : null,
    );
  }

  async reload(): Promise<void> {
    try {
      const { participants } = await this.#api.get<ParticipantListView>(`/cases/${this.#viewer.caseId}/participants`, this.#signal);
      this.#list.replaceChildren(this.#table(participants));
    } catch (error) {
      if (isAbort(error, this.#signal)) return;
      this.#list.replaceChildren(sectionProblem(error));
    }
  }

  #table(participants: ParticipantView[]): HTMLElement {
    const mayInvite = this.#viewer.may.includes('invitation.create');
    const head = (['participants.columnName', 'participants.columnRole', 'participants.columnSide', 'participants.columnLanguage', 'participants.columnTimeZone', 'participants.columnLocalTime', 'participants.columnWorkingHours'] as const).map(
      (key) => t('th', msg(key)),
    );
    const rows = participants.map((participant) => {
      const removed = participant.removedAt !== undefined;
      const name = h('td', {}, participant.displayName);
      if (participant.id === this.#viewer.you.id) name.append(' ', t('span', msg('participants.you'), { class: 'record-muted' }));
      if (removed) name.append(' ', t('span', msg('participants.removed'), { class: 'badge badge--muted' }));
      const role = h('td', {}, t('span', { key: roleKey(participant.role) }));
      if (participant.languagePair) {
        const { from, to } = participant.languagePair;
        role.append(' ', t('span', msg('participants.interprets', { from, to }), { class: 'record-muted' }));
      }
      const side = participant.side ? t('span', { key: `side.${participant.side}` as MessageKey }) : t('span', msg('side.none'));
      const actions = h('td', { class: 'record-table__actions' });
      if (mayInvite && !removed && !isStaffRole(participant.role)) {
        const invite = button(msg('participants.invite'), { 'data-action': 'invite' });
        invite.addEventListener('click', () => void this.#invite(participant, invite));
        actions.append(invite);
      }
      return h(
        'tr',
        { 'data-participant-id': participant.id, 'data-role': participant.role, class: removed ? 'record-table__row--removed' : undefined },
        name,
        role,
        h('td', {}, side),
        h('td', {}, showLanguage(h('span'), participant.locale)),
        h('td', {}, participant.timeZone),
        h('td', {}, showClock(h('span', { class: 'local-time' }), participant.timeZone)),
        h('td', {}, showWorkingWeek(participant.workingHours)),
        mayInvite ? actions : null,
      );
    });
    return h('table', { class: 'record-table' }, h('thead', {}, h('tr', {}, ...head, mayInvite ? h('th') : null)), h('tbody', {}, ...rows));
  }

  async #invite(participant: ParticipantView, trigger: HTMLButtonElement): Promise<void> {
    await whileBusy(trigger, async () => {
      const status = new StatusLine();
      try {
        const issued = await this.#api.post<IssuedInvitationView>(`/cases/${this.#viewer.caseId}/participants/${participant.id}/invitations`, {});
        this.#invitation.replaceChildren(invitationLink(issued, participant, this.#viewer.zone));
        this.#onChanged();
      } catch (error) {
        status.error(problemMessage(error));
        this.#invitation.replaceChildren(status.element);
      }
    });
  }

  #addForm(): HTMLElement {
    const roles = [...PARTICIPANT_ROLES, ...STAFF_ROLES].map((value) => ({ value, label: { key: roleKey(value) } as Message }));
    const role = select(roles, { name: 'role' });
    const name = input({ name: 'displayName', maxlength: 100, required: true });
    const locale = input({ name: 'locale', spellcheck: 'false', required: true, placeholder: 'zh-CN' });
    const timeZone = timeZoneInput({ name: 'timeZone', required: true, placeholder: 'Asia/Shanghai' });
    const side = select(
      [
        { value: 'claimant', label: msg('side.claimant') },
        { value: 'respondent', label: msg('side.respondent') },
      ],
      { name: 'side' },
    );
    const from = input({ name: 'from', spellcheck: 'false', placeholder: 'zh' });
    const to = input({ name: 'to', spellcheck: 'false', placeholder: 'pt' });
    const username = input({ name: 'username', spellcheck: 'false', autocomplete: 'off', maxlength: 64 });
    const sideField = field(msg('participants.addSide'), side);
    const pairField = h('div', { class: 'record-form__row' }, field(msg('participants.addFrom'), from), field(msg('participants.addTo'), to));
    const usernameField = field(msg('participants.addUsername'), username);
    const showRoleFields = () => {
      const chosen = role.value as CaseRole;
      sideField.hidden = chosen !== 'counsel';
      pairField.hidden = chosen !== 'interpreter';
      usernameField.hidden = !isStaffRole(chosen);
    };
    role.addEventListener('change', showRoleFields);
    showRoleFields();

    const status = new StatusLine();
    const submit = t('button', msg('participants.addSubmit'), { type: 'submit', class: 'button button--primary' });
    const form = h(
      'form',
      { class: 'record-form', novalidate: true, 'data-form': 'add-participant' },
      h('div', { class: 'record-form__row' }, field(msg('participants.addRole'), role), field(msg('participants.addName'), name)),
      h('div', { class: 'record-form__row' }, field(msg('participants.addLocale'), locale), field(msg('participants.addTimeZone'), timeZone)),
      sideField,
      pairField,
      usernameField,
      status.element,
      h('div', { class: 'record-form__actions' }, submit),
    );
    sendOnSubmit(form, { submit, status }, () => readParticipant({ role: role.value as CaseRole, name: name.value, locale: locale.value, timeZone: timeZone.value, side: side.value, from: from.value, to: to.value, username: username.value }), async (body) => {
      const added = await this.#api.post<ParticipantView>(`/cases/${this.#viewer.caseId}/participants`, body);
      status.success(msg('participants.added', { name: added.displayName, role: { key: roleKey(added.role) } }));
      name.value = '';
      username.value = '';
      await this.reload();
      this.#onChanged();
    });
    return h('div', { class: 'record-subsection' }, t('h3', msg('participants.addHeading')), form);
  }
}

interface ParticipantForm {
  role: CaseRole;
  name: string;
  locale: string;
  timeZone: string;
  side: string;
  from: string;
  to: string;
  username: string;
}

/** The body of POST …/participants, checked by the rules the server applies, or what is wrong. */
function readParticipant(form: ParticipantForm): AddParticipantBody | { problem: Message } {
  const displayName = form.name.trim();
  if (displayName === '' || displayName.length > 100) return { problem: msg('form.required', { field: msg('participants.addName') }) };
  const locale = form.locale.trim();
  if (!isLanguageTag(locale)) return { problem: msg('form.invalidLocale', { tag: locale }) };
  const timeZone = form.timeZone.trim();
  if (!isTimeZone(timeZone)) return { problem: msg('form.invalidTimeZone', { zone: timeZone }) };
  const body: AddParticipantBody = { role: form.role, displayName, locale, timeZone };
  if (form.role === 'counsel') body.side = form.side === 'respondent' ? 'respondent' : 'claimant';
  if (form.role === 'interpreter') {
    const from = form.from.trim();
    const to = form.to.trim();
    for (const tag of [from, to]) if (!isLanguageTag(tag)) return { problem: msg('form.invalidLocale', { tag }) };
    body.languagePair = { from, to };
  }
  if (isStaffRole(form.role)) {
    const username = form.username.trim();
    if (username === '') return { problem: msg('form.required', { field: msg('participants.addUsername') }) };
    body.username = username;
  }
  return body;
}
