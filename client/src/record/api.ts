// The case record REST API (/api) as this page uses it: JSON in and out with the session's
// bearer token, problem+json turned into an ApiProblem, and one renewal and retry when the
// access token has run out. Uploads (XMLHttpRequest, for progress) are in evidenceUpload.ts.
import type { ProblemBody } from './apiTypes.js';
import type { SessionKeeper } from './session.js';

/** A problem code the server sends, or NETWORK when no answer came. */
export type ProblemCode = ProblemBody['code'] | 'NETWORK';

/** A refused or failed request: the server's stable code, its English detail and the status. */
export class ApiProblem extends Error {
  readonly code: ProblemCode;
  readonly detail: string;
  readonly status: number;
  /** From a Retry-After header (TOO_MANY_ATTEMPTS). */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ProblemCode, detail: string, status: number, retryAfterSeconds?: number) {
    super(`${code}: ${detail}`);
    this.name = 'ApiProblem';
    this.code = code;
    this.detail = detail;
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static network(error: unknown): ApiProblem {
    return new ApiProblem('NETWORK', error instanceof Error ? error.message : String(error), 0);
  }
}

/** Reads a problem+json answer (or makes one from a status when the body is something else). */
export function problemFrom(status: number, bodyText: string, retryAfter: string | null): ApiProblem {
  let body: Partial<ProblemBody> = {};
  try {
    body = JSON.parse(bodyText) as Partial<ProblemBody>;
  } catch {
    // not JSON: a proxy's error page, say
  }
  const seconds = retryAfter === null ? undefined : Number(retryAfter);
  return new ApiProblem(
    (typeof body.code === 'string' ? body.code : status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST') as ProblemCode,
    typeof body.detail === 'string' ? body.detail : `HTTP ${status}`,
    status,
    seconds !== undefined && Number.isFinite(seconds) ? seconds : undefined,
  );
}

/** Whether a 401 means "renew the token and try again" rather than "sign in again". */
export function isExpiredAccess(problem: ApiProblem): boolean {
  return problem.status === 401 && problem.code === 'SESSION_EXPIRED';
}

export class Api {
  readonly #session: SessionKeeper;

  constructor(session: SessionKeeper) {
    this.#session = session;
  }

  get session(): SessionKeeper {
    return this.#session;
  }

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.json<T>('GET', path, undefined, signal);
  }

  post<T>(path: string, body: unknown = {}, signal?: AbortSignal): Promise<T> {
    return this.json<T>('POST', path, body, signal);
  }

  /** A request without a session (sign-in, invitations, the public key). */
  async anonymous<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await send(method, path, body, undefined);
    return read<T>(response);
  }

  /** A request with the session's token; renews the token and retries once if it had run out. */
  async json<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    return read<T>(await this.authorized((token) => send(method, path, body, token, signal)));
  }

  /** Fetches a file with the session's token (a plain link cannot carry it). */
  async blob(path: string, signal?: AbortSignal): Promise<Blob> {
    const response = await this.authorized((token) => send('GET', path, undefined, token, signal));
    if (!response.ok) throw problemFrom(response.status, await response.text(), response.headers.get('retry-after'));
    return response.blob();
  }

  /**
   * Runs `attempt` with a fresh token; on 401 SESSION_EXPIRED renews the session and runs it once
   * more. Any other 401 means the session is gone for good (ended, participant removed).
   */
  async authorized(attempt: (token: string) => Promise<Response>): Promise<Response> {
    const token = await this.#session.accessToken();
    if (token === undefined) throw new ApiProblem('UNAUTHENTICATED', 'sign in first', 401);
    const first = await attempt(token);
    if (first.status !== 401) return first;
    const problem = problemFrom(first.status, await first.clone().text(), null);
    if (!isExpiredAccess(problem)) {
      this.#session.expire(); // ended, or the participant removed: renewing will not help
      return first;
    }
    // A refused renewal ends the session by itself; one that could not reach the server keeps it.
    if (!(await this.#session.refresh())) return first;
    const retried = await attempt(this.#session.current!.accessToken);
    if (retried.status === 401) this.#session.expire();
    return retried;
  }
}

async function send(method: string, path: string, body: unknown, token: string | undefined, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    return await fetch(`/api${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), ...(signal ? { signal } : {}) });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw ApiProblem.network(error);
  }
}

async function read<T>(response: Response): Promise<T> {
  if (!response.ok) throw problemFrom(response.status, await response.text(), response.headers.get('retry-after'));
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
