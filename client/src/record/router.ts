// Hash routes of the case record pages. The hash keeps the invitation token out of requests
// and server logs: a browser never sends the part after '#'.
export type Route =
  | { name: 'login' }
  | { name: 'cases' }
  | { name: 'case'; caseId: string }
  | { name: 'verify'; caseId: string }
  | { name: 'document'; caseId: string; documentId: string }
  | { name: 'invitation'; token: string }
  | { name: 'sessionEnded' }
  | { name: 'notFound' };

const ID = '([0-9a-f-]{36})';
const PATTERNS: Array<[RegExp, (match: RegExpExecArray) => Route]> = [
  [/^\/?$/, () => ({ name: 'cases' })],
  [/^\/login$/, () => ({ name: 'login' })],
  [/^\/cases$/, () => ({ name: 'cases' })],
  [new RegExp(`^/cases/${ID}$`), (m) => ({ name: 'case', caseId: m[1]! })],
  [new RegExp(`^/cases/${ID}/verify$`), (m) => ({ name: 'verify', caseId: m[1]! })],
  [new RegExp(`^/cases/${ID}/documents/${ID}$`), (m) => ({ name: 'document', caseId: m[1]!, documentId: m[2]! })],
  [/^\/invitation\/([A-Za-z0-9._~-]+)$/, (m) => ({ name: 'invitation', token: m[1]! })],
  [/^\/session-ended$/, () => ({ name: 'sessionEnded' })],
];

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\?.*$/, '');
  for (const [pattern, make] of PATTERNS) {
    const match = pattern.exec(path);
    if (match) return make(match);
  }
  return { name: 'notFound' };
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'login':
      return '#/login';
    case 'cases':
      return '#/cases';
    case 'case':
      return `#/cases/${route.caseId}`;
    case 'verify':
      return `#/cases/${route.caseId}/verify`;
    case 'document':
      return `#/cases/${route.caseId}/documents/${route.documentId}`;
    case 'invitation':
      return `#/invitation/${route.token}`;
    case 'sessionEnded':
      return '#/session-ended';
    case 'notFound':
      return '#/';
  }
}

/** Goes to a route; `replace` keeps the current one out of the history (a used invitation). */
export function navigate(route: Route, { replace = false } = {}): void {
  const href = hrefOf(route);
  // Setting the hash it already has fires no event; the page must still be shown again (after
  // signing out on the sign-in page, say).
  if (replace || window.location.hash === href) {
    history.replaceState(null, '', href);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = href;
  }
}

export function onRouteChange(listener: (route: Route) => void): void {
  window.addEventListener('hashchange', () => listener(parseRoute(window.location.hash)));
}

export function currentRoute(): Route {
  return parseRoute(window.location.hash);
}
