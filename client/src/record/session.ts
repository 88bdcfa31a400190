// The signed-in session of this browser tab: its tokens and who it is, kept in sessionStorage
// under 'crosscourt.session' so the hearing page (/?case=…) opened from here in the same tab
// signs in with it too. The access token lives a quarter of an hour; it is renewed shortly
// before it runs out, and at once when the server says SESSION_EXPIRED.
//
// The refresh token is rotated on every refresh and using an old one ends the session (the
// server's reuse detection), so refreshes never overlap: one is in flight at a time, and any
// page that refreshes must write the new tokens back here.
import type { PrincipalView, SessionView } from './apiTypes.js';

export const SESSION_STORAGE_KEY = 'crosscourt.session';

export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** Seconds the access token was valid for when it was issued. */
  expiresIn: number;
  principal: PrincipalView;
  /** When the access token runs out, ms since 1970 (this browser's clock). */
  accessExpiresAt: number;
  refreshExpiresAt: string;
}

/** Why a session is gone: the person signed out, or it could not be renewed. */
export type SessionEnd = { reason: 'signedOut' | 'expired'; principal: PrincipalView };

/** Renew this long before the access token runs out (a quarter of its life if that is shorter). */
const RENEW_BEFORE_MS = 60_000;

function renewMargin(session: StoredSession): number {
  return Math.min(RENEW_BEFORE_MS, (session.expiresIn * 1000) / 4);
}

export class SessionKeeper {
  #session: StoredSession | undefined;
  #refreshing: Promise<boolean> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #endListeners = new Set<(end: SessionEnd) => void>();

  constructor() {
    this.#session = readStored();
    this.#schedule();
  }

  get current(): StoredSession | undefined {
    return this.#session;
  }

  get principal(): PrincipalView | undefined {
    return this.#session?.principal;
  }

  /** Keeps a session the server just issued (sign-in, invitation, refresh). */
  start(view: SessionView): void {
    this.#session = {
      accessToken: view.accessToken,
      refreshToken: view.refreshToken,
      expiresIn: view.expiresIn,
      principal: view.principal,
      accessExpiresAt: Date.now() + view.expiresIn * 1000,
      refreshExpiresAt: view.refreshExpiresAt,
    };
    writeStored(this.#session);
    this.#schedule();
  }

  /** An access token that is good for a while yet, renewing it first if it is about to run out. */
  async accessToken(): Promise<string | undefined> {
    const session = this.#session;
    if (session === undefined) return undefined;
    if (session.accessExpiresAt - Date.now() < renewMargin(session) / 2) await this.refresh();
    return this.#session?.accessToken;
  }

  /**
   * Exchanges the refresh token for new tokens. Resolves false, and ends the session here, when
   * the server will not renew it (expired, signed out elsewhere, or the participant removed).
   * Concurrent callers share one request.
   */
  refresh(): Promise<boolean> {
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #refresh(): Promise<boolean> {
    const session = this.#session;
    if (session === undefined) return false;
    let response: Response;
    try {
      response = await fetch('/api/sessions/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      });
    } catch {
      // Offline for a moment: keep the session; the next request will try again.
      this.#schedule(15_000);
      return false;
    }
    if (response.ok) {
      this.start((await response.json()) as SessionView);
      return true;
    }
    if (response.status >= 500) {
      this.#schedule(15_000);
      return false;
    }
    this.#end('expired');
    return false;
  }

  /** Ends the session on the server (its tokens stop working at once) and here. */
  async signOut(): Promise<void> {
    const token = this.#session?.accessToken;
    if (token !== undefined) {
      await fetch('/api/sessions/current', { method: 'DELETE', headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
    }
    this.#end('signedOut');
  }

  /** Forgets the session here only (the server already refused it). */
  expire(): void {
    this.#end('expired');
  }

  onEnd(listener: (end: SessionEnd) => void): void {
    this.#endListeners.add(listener);
  }

  #end(reason: SessionEnd['reason']): void {
    const principal = this.#session?.principal;
    this.#session = undefined;
    clearTimeout(this.#timer);
    try {
      window.sessionStorage.removeItem(SESSION_STORAGE_KEY);
    } catch {
      // storage unavailable: nothing was kept there
    }
    if (principal !== undefined) for (const listener of this.#endListeners) listener({ reason, principal });
  }

  #schedule(inMs?: number): void {
    clearTimeout(this.#timer);
    const session = this.#session;
    if (session === undefined) return;
    const delay = inMs ?? Math.max(0, session.accessExpiresAt - Date.now() - renewMargin(session));
    this.#timer = setTimeout(() => void this.refresh(), delay);
  }
}

function readStored(): StoredSession | undefined {
  try {
    const raw = window.sessionStorage.getItem(SESSION_STORAGE_KEY);
    if (raw === null) return undefined;
    const parsed = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof parsed.accessToken !== 'string' || typeof parsed.refreshToken !== 'string' || typeof parsed.principal !== 'object') return undefined;
    // A session written by another page may lack the expiry instant: renew it first thing.
    return {
      ...(parsed as StoredSession),
      expiresIn: typeof parsed.expiresIn === 'number' ? parsed.expiresIn : 0,
      accessExpiresAt: typeof parsed.accessExpiresAt === 'number' ? parsed.accessExpiresAt : 0,
    };
  } catch {
    return undefined;
  }
}

function writeStored(session: StoredSession): void {
  try {
    window.sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
  } catch {
    // Private mode without storage: the session lasts as long as this page.
  }
}
