// The session the case record pages (court.html) keep in sessionStorage after a sign-in or an
// invitation: the hearing page uses the same one, so a participant who came in through their
// invitation link joins the hearing as themselves.
const KEY = 'crosscourt.session';

export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  principal: { kind: 'staff' | 'participant'; displayName: string; caseId?: string };
}

export function readStoredSession(): StoredSession | undefined {
  try {
    const value = JSON.parse(window.sessionStorage.getItem(KEY) ?? 'null') as Partial<StoredSession> | null;
    if (value && typeof value.accessToken === 'string' && typeof value.refreshToken === 'string' && value.principal) return value as StoredSession;
  } catch {
    // unreadable: as if there were none
  }
  return undefined;
}

/** Exchanges the refresh token for new tokens and keeps them; undefined when that is refused. */
export async function refreshStoredSession(): Promise<StoredSession | undefined> {
  const current = readStoredSession();
  if (!current) return undefined;
  const response = await fetch('/api/sessions/refresh', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: current.refreshToken }),
  }).catch(() => undefined);
  if (!response?.ok) return undefined;
  const next = { ...current, ...((await response.json()) as Partial<StoredSession>) } as StoredSession;
  window.sessionStorage.setItem(KEY, JSON.stringify(next));
  return next;
}
