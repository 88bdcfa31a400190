// #/invitation/<token>: a participant opens the link the court sent them. The invitation is used
// up and a session starts; the link then leaves the history, so "back" does not try it again.
import { msg } from '../i18n.js';
import { ApiProblem } from './api.js';
import type { SessionView } from './apiTypes.js';
import { h, t } from './dom.js';
import type { RenderPage } from './page.js';
import { problemMessage } from './problems.js';
import { navigate } from './router.js';

const INVITATION_PROBLEMS = new Set(['INVITATION_INVALID', 'INVITATION_EXPIRED', 'INVITATION_USED', 'INVITATION_REVOKED']);

export function renderInvitationPage(token: string): RenderPage {
  return async (view, { api, session, signal }) => {
    const status = t('p', msg('invitation.opening'), { class: 'join__intro', role: 'status' });
    const card = h('div', { class: 'join__card', 'data-page': 'invitation' }, t('h1', msg('invitation.heading'), { class: 'join__heading' }), status);
    view.append(h('section', { class: 'join' }, card));
    try {
      const started = await api.anonymous<SessionView>('POST', '/invitations/redeem', { token });
      if (signal.aborted) return;
      session.start(started);
      const caseId = started.principal.caseId;
      navigate(caseId ? { name: 'case', caseId } : { name: 'cases' }, { replace: true });
    } catch (error) {
      if (signal.aborted) return;
      const problem = t('p', problemMessage(error), { class: 'status-line', role: 'alert', 'data-tone': 'error', 'data-testid': 'invitation-error' });
      if (error instanceof ApiProblem) problem.dataset.code = error.code;
      status.replaceWith(problem);
      if (!(error instanceof ApiProblem && INVITATION_PROBLEMS.has(error.code))) card.append(t('p', msg('invitation.askCourt'), { class: 'record-muted' }));
    }
  };
}
