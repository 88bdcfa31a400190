// The invitation link a clerk or judge has just created for a participant: shown in a read-only
// field (so it can always be selected and copied by hand) with a "copy link" button.
import { msg } from '../i18n.js';
import type { IssuedInvitationView, ParticipantView } from './apiTypes.js';
import { button, h, StatusLine, t } from './dom.js';
import { showTextWithInstant } from './timeFormat.js';

export function invitationLink(issued: IssuedInvitationView, participant: ParticipantView, zone: string): HTMLElement {
  const link = h('input', { class: 'field__input invitation-link__url', readonly: true, value: issued.url, 'data-testid': 'invitation-link', spellcheck: 'false' });
  link.addEventListener('focus', () => link.select());
  const copy = button(msg('participants.copyLink'), { 'data-action': 'copy-invitation' });
  const status = new StatusLine();
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(issued.url);
      status.success(msg('participants.copied'));
    } catch {
      link.focus();
      link.select();
      status.error(msg('participants.copyFailed'));
    }
  });
  const validity = showTextWithInstant(
    h('p', { class: 'record-muted' }),
    msg('participants.inviteValidUntil', { time: '', name: participant.displayName }),
    'time',
    issued.invitation.expiresAt,
    zone,
  );
  return h(
    'div',
    { class: 'invitation-link', 'data-participant-id': participant.id },
    t('p', msg('participants.inviteLinkFor', { name: participant.displayName }), { class: 'invitation-link__heading' }),
    h('div', { class: 'invitation-link__row' }, link, copy),
    status.element,
    validity,
  );
}
