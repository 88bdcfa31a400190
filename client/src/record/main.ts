// Entry point of the case record pages (court.html): the language picker, the session, the
// signed-in person in the top bar, and the hash router that renders one page at a time.
import '../style.css';
import './record.css';
import '../documents/documents.css';
import { format, msg, onLanguageChange, showText } from '../i18n.js';
import { Api } from './api.js';
import { Banner } from './banner.js';
import { renderCasePage } from './casePage.js';
import { renderCasesPage } from './casesPage.js';
import { renderDocumentPage } from './documentPage.js';
import { h, t } from './dom.js';
import { renderInvitationPage } from './invitationPage.js';
import { setUpLanguagePicker } from './languagePicker.js';
import { renderLoginPage } from './loginPage.js';
import type { RenderPage } from './page.js';
import { installRecordHook } from './recordHook.js';
import { currentRoute, hrefOf, navigate, onRouteChange, type Route } from './router.js';
import { renderSessionEndedPage } from './sessionEndedPage.js';
import { SessionKeeper } from './session.js';
import { refreshClocks, refreshFormatted } from './timeFormat.js';
import { renderVerifyPage } from './verifyPage.js';

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`court.html lacks #${id}`);
  return element as T;
}

const CLOCK_TICK_MS = 30_000;

const hook = installRecordHook();
const session = new SessionKeeper();
const api = new Api(session);
const banner = new Banner(byId('record-banner'));
const view = byId('record-view');
const account = byId('account');
let leavePage: AbortController | undefined;

onLanguageChange(() => {
  document.title = format(msg('record.title'));
  refreshFormatted(document);
});
setUpLanguagePicker(byId<HTMLSelectElement>('language'));
setInterval(() => refreshClocks(document), CLOCK_TICK_MS);

session.onEnd(({ reason, principal }) => {
  if (reason === 'signedOut') {
    banner.showNext(msg('record.signedOut'));
    navigate({ name: 'login' });
  } else if (principal.kind === 'staff') {
    banner.showNext(msg('record.sessionEndedStaff'), 'warning');
    navigate({ name: 'login' });
  } else {
    navigate({ name: 'sessionEnded' });
  }
});

onRouteChange(show);
show(currentRoute());

function show(route: Route): void {
  const needsSession = route.name === 'cases' || route.name === 'case' || route.name === 'verify' || route.name === 'document';
  if (needsSession && session.current === undefined) {
    navigate({ name: 'login' }, { replace: true });
    return;
  }
  leavePage?.abort();
  const left = new AbortController();
  leavePage = left;
  hook.route = route.name;
  hook.principal = session.principal ?? null;
  hook.trial = null; // the case page's trial panel sets it again
  showAccount();
  banner.pageChanged();
  view.replaceChildren();
  view.dataset.route = route.name;
  const context = { api, session, signal: left.signal, banner, hook };
  Promise.resolve(pageFor(route)(view, context)).catch((error: unknown) => {
    if (left.signal.aborted) return;
    console.error('the page failed', error);
    banner.show(msg('error.local', { detail: error instanceof Error ? error.message : String(error) }), 'error');
  });
}

function pageFor(route: Route): RenderPage {
  switch (route.name) {
    case 'login':
      return renderLoginPage;
    case 'cases':
      return renderCasesPage;
    case 'case':
      return renderCasePage(route.caseId);
    case 'verify':
      return renderVerifyPage(route.caseId);
    case 'document':
      return renderDocumentPage(route.caseId, route.documentId);
    case 'invitation':
      return renderInvitationPage(route.token);
    case 'sessionEnded':
      return renderSessionEndedPage;
    case 'notFound':
      return (page) => {
        page.append(h('div', { class: 'record-page' }, t('p', msg('record.notFound')), t('a', msg('record.toCases'), { href: hrefOf({ name: 'cases' }), class: 'record-back' })));
      };
  }
}

/** The signed-in person and the sign-out button, in the top bar. */
function showAccount(): void {
  const principal = session.principal;
  if (principal === undefined) {
    account.replaceChildren();
    account.hidden = true;
    return;
  }
  const name = h('span', { class: 'account__name' });
  showText(name, msg('record.signedInAs', { name: principal.displayName }));
  const signOut = t('button', msg('record.signOut'), { type: 'button', class: 'account__sign-out', 'data-action': 'sign-out' });
  signOut.addEventListener('click', () => void session.signOut());
  const cases = t('a', msg('record.toCases'), { href: hrefOf({ name: 'cases' }), class: 'account__link' });
  account.replaceChildren(cases, name, signOut);
  account.hidden = false;
}
