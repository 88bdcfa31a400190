// Sessions: a short-lived signed access token (jose) for every request, and a refresh token that
// is rotated on every use. A refresh token used twice means it was copied: the session is ended
// for both holders. Signing out ends the session at once, not only when the token expires.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { CourtError } from '../domain/CourtError.js';
import { toUtcTimestamp } from '../domain/ledger/utcTimestamp.js';
import type { RecordStore } from '../store/RecordStore.js';
import { RecordConflictError } from '../store/storeErrors.js';
import { signToken, verifyToken } from './sessionTokens.js';

export type SessionSubject = { kind: 'staff'; accountId: string } | { kind: 'participant'; participantId: string; caseId: string };

export interface SessionTokens {
  readonly accessToken: string;
  /** Seconds the access token is valid. */
  readonly expiresIn: number;
  readonly refreshToken: string;
  readonly refreshExpiresAt: string;
}

interface SessionRecord {
  subject: SessionSubject;
  refreshHash: string;
  createdAt: string;
  expiresAt: string;
  endedAt?: string;
  endedBecause?: string;
}

export interface SessionPolicy {
  accessTtlSeconds: number;
  staffSessionSeconds: number;
  participantSessionSeconds: number;
}

const SESSION = 'session';

export class Sessions {
  readonly #store: RecordStore;
  readonly #key: Uint8Array;
  readonly #policy: SessionPolicy;
  readonly #now: () => Date;

  constructor(store: RecordStore, key: Uint8Array, policy: SessionPolicy, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#key = key;
    this.#policy = policy;
    this.#now = now;
  }

  async start(subject: SessionSubject): Promise<SessionTokens> {
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    const now = this.#now();
    const lifetime = subject.kind === 'staff' ? this.#policy.staffSessionSeconds : this.#policy.participantSessionSeconds;
    const session: SessionRecord = {
      subject,
      refreshHash: digest(secret),
      createdAt: toUtcTimestamp(now),
      expiresAt: toUtcTimestamp(new Date(now.getTime() + lifetime * 1000)),
    };
    await this.#store.commit({ puts: [{ kind: SESSION, id, value: session, expectedVersion: 0 }] });
    return this.#tokens(id, secret, session);
  }

  /** Exchanges a refresh token for new tokens; the old refresh token stops working. */
  async refresh(refreshToken: string): Promise<SessionTokens> {
    const [id, secret] = typeof refreshToken === 'string' ? refreshToken.split('.') : [];
    const invalid = () => new CourtError('REFRESH_TOKEN_INVALID', 'the refresh token is not valid; sign in again');
    if (id === undefined || secret === undefined || id === '' || secret === '') throw invalid();
    const stored = await this.#store.getRecord<SessionRecord>(SESSION, id).catch(() => undefined);
    if (stored === undefined) throw invalid();
    const session = stored.value;
    if (session.endedAt !== undefined) throw invalid();
    if (Date.parse(session.expiresAt) <= this.#now().getTime()) throw new CourtError('SESSION_EXPIRED', 'the session has expired; sign in again');
    if (!sameDigest(digest(secret), session.refreshHash)) {
      await this.#end(id, 'a refresh token was used twice').catch(() => {});
      throw invalid();
    }
    const nextSecret = randomBytes(32).toString('base64url');
    const next: SessionRecord = { ...session, refreshHash: digest(nextSecret) };
    try {
      await this.#store.commit({ puts: [{ kind: SESSION, id, value: next, expectedVersion: stored.version }] });
    } catch (error) {
      if (error instanceof RecordConflictError) throw invalid(); // the same token raced itself
      throw error;
    }
    return this.#tokens(id, nextSecret, next);
  }

  /** The session an access token belongs to, if it is valid and the session has not ended. */
  async verify(accessToken: string): Promise<{ sessionId: string; subject: SessionSubject }> {
    if (typeof accessToken !== 'string' || accessToken === '') throw new CourtError('UNAUTHENTICATED', 'sign in first: send "Authorization: Bearer <access token>"');
    // The signature and expiry (node's HMAC: a few µs), then the session record on every use, so
    // an ended session is refused at once.
    const claims = verifyToken(this.#key, 'crosscourt-access+jwt', accessToken, this.#now(), { invalid: 'UNAUTHENTICATED', expired: 'SESSION_EXPIRED' }, 'access token');
    const id = String(claims.sid ?? '');
    const stored = id === '' ? undefined : await this.#store.getRecord<SessionRecord>(SESSION, id);
    if (stored === undefined || stored.value.endedAt !== undefined) throw new CourtError('UNAUTHENTICATED', 'this session has ended; sign in again');
    return { sessionId: id, subject: stored.value.subject };
  }

  async end(sessionId: string): Promise<void> {
    await this.#end(sessionId, 'signed out');
  }

  async #end(id: string, because: string): Promise<void> {
    for (;;) {
      const stored = await this.#store.getRecord<SessionRecord>(SESSION, id);
      if (stored === undefined || stored.value.endedAt !== undefined) return;
      const ended = { ...stored.value, endedAt: toUtcTimestamp(this.#now()), endedBecause: because };
      try {
        await this.#store.commit({ puts: [{ kind: SESSION, id, value: ended, expectedVersion: stored.version }] });
        return;
      } catch (error) {
        if (!(error instanceof RecordConflictError)) throw error;
      }
    }
  }

  async #tokens(id: string, secret: string, session: SessionRecord): Promise<SessionTokens> {
    const now = this.#now();
    const expires = Math.min(now.getTime() + this.#policy.accessTtlSeconds * 1000, Date.parse(session.expiresAt));
    const accessToken = await signToken(this.#key, 'crosscourt-access+jwt', { sid: id }, now, new Date(expires));
    return { accessToken, expiresIn: Math.round((expires - now.getTime()) / 1000), refreshToken: `${id}.${secret}`, refreshExpiresAt: session.expiresAt };
  }
}

function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('base64');
}

function sameDigest(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}
