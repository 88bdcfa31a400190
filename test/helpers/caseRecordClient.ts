// A REST client for tests of the case record API, and a seeded court: staff accounts, a case, and
// one participant in every role, each with their own signed-in client.
import type { CaseRole, StaffRole } from '../../server/domain/access/roles.js';
import type { RunningCourtServer } from '../../server/CourtServer.js';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class ApiClient {
  readonly baseUrl: string;
  token: string | undefined;
  refreshToken: string | undefined;

  constructor(baseUrl: string, token?: string) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  async call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const init: RequestInit = {
      method,
      headers: {
        ...(this.token === undefined ? {} : { authorization: `Bearer ${this.token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    };
    const response = await fetch(`${this.baseUrl}/api${path}`, init);
    const type = response.headers.get('content-type') ?? '';
    const parsed = type.includes('json') ? await response.json() : Buffer.from(await response.arrayBuffer());
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = any>(path: string) {
    return this.call<T>('GET', path);
  }

  post<T = any>(path: string, body: unknown = {}) {
    return this.call<T>('POST', path, body);
  }

  /** Expects a 2xx and returns the body; otherwise throws with the problem. */
  async ok<T = any>(response: Promise<ApiResponse<T>>): Promise<T> {
    const { status, body } = await response;
    if (status < 200 || status >= 300) throw new Error(`expected success, got ${status}: ${JSON.stringify(body)}`);
    return body;
  }
}

/** Uploads bytes as evidence; the metadata goes in the query. */
export async function fileEvidence(
  client: ApiClient,
  caseId: string,
  bytes: Uint8Array,
  meta: { title: string; language?: string; fileName?: string; description?: string; contentType?: string },
): Promise<ApiResponse> {
  const query = new URLSearchParams({ title: meta.title, language: meta.language ?? 'en', fileName: meta.fileName ?? 'exhibit.txt', ...(meta.description ? { description: meta.description } : {}) });
  const response = await fetch(`${client.baseUrl}/api/cases/${caseId}/evidence?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${client.token}`, 'content-type': meta.contentType ?? 'text/plain' },
    body: bytes,
  });
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, body: type.includes('json') ? await response.json() : await response.text(), headers: response.headers };
}

export const STAFF_PASSWORD = 'correct horse battery staple';

export async function createStaff(server: RunningCourtServer, username: string, role: StaffRole, displayName = username): Promise<void> {
  await server.court.accounts.create({ username, displayName, role, password: STAFF_PASSWORD });
}

export async function signIn(server: RunningCourtServer, username: string, password = STAFF_PASSWORD): Promise<ApiClient> {
  const client = new ApiClient(server.url);
  const session = await client.ok(client.post('/sessions', { username, password }));
  client.token = session.accessToken;
  client.refreshToken = session.refreshToken;
  return client;
}

/** Redeems an invitation and returns a client signed in as the participant. */
export async function redeem(server: RunningCourtServer, token: string): Promise<ApiClient> {
  const client = new ApiClient(server.url);
  const session = await client.ok(client.post('/invitations/redeem', { token }));
  client.token = session.accessToken;
  client.refreshToken = session.refreshToken;
  return client;
}

export interface SeededCase {
  caseId: string;
  /** A signed-in client per role (staff through accounts, the others through invitations). */
  as: Record<CaseRole, ApiClient>;
  participantIds: Record<CaseRole, string>;
}

const PARTICIPANTS = {
  claimant: { displayName: 'Zhang Wei', locale: 'zh-CN', timeZone: 'Asia/Shanghai' },
  respondent: { displayName: 'Ana Silva', locale: 'pt-BR', timeZone: 'America/Sao_Paulo' },
  counsel: { displayName: 'Li Na (for the claimant)', locale: 'zh-CN', timeZone: 'Asia/Shanghai', side: 'claimant' },
  witness: { displayName: 'Chen Jie', locale: 'zh-CN', timeZone: 'Asia/Shanghai' },
  interpreter: { displayName: 'Maria Costa', locale: 'pt-BR', timeZone: 'Europe/Lisbon', languagePair: { from: 'zh', to: 'pt' } },
  observer: { displayName: 'Press gallery', locale: 'en', timeZone: 'Europe/London' },
} as const;

let seeded = 0;

/** A case opened by a judge, with staff in every staff role and one participant in every other role. */
export async function seedCase(server: RunningCourtServer): Promise<SeededCase> {
  const suffix = `${process.pid}-${++seeded}`;
  const staff = { judge: `judge-${suffix}`, arbitrator: `arb-${suffix}`, mediator: `med-${suffix}`, clerk: `clerk-${suffix}` } as const;
  for (const [role, username] of Object.entries(staff)) await createStaff(server, username, role as StaffRole, `${role} ${suffix}`);
  const judge = await signIn(server, staff.judge);
  const created = await judge.ok(judge.post('/cases', { title: `Zhang v. Silva ${suffix}`, languages: ['zh', 'pt', 'en'], locale: 'en', timeZone: 'Asia/Shanghai' }));
  const caseId = created.id as string;
  const as = { judge } as Record<CaseRole, ApiClient>;
  const participantIds = {} as Record<CaseRole, string>;
  participantIds.judge = (await judge.ok(judge.get(`/cases/${caseId}`))).you.id;
  for (const role of ['arbitrator', 'mediator', 'clerk'] as const) {
    const added = await judge.ok(judge.post(`/cases/${caseId}/participants`, { role, displayName: `${role} ${suffix}`, locale: 'en', timeZone: 'Europe/London', username: staff[role] }));
    participantIds[role] = added.id;
    as[role] = await signIn(server, staff[role]);
  }
  for (const [role, details] of Object.entries(PARTICIPANTS)) {
    const added = await judge.ok(judge.post(`/cases/${caseId}/participants`, { role, ...details }));
    participantIds[role as CaseRole] = added.id;
    const invitation = await judge.ok(judge.post(`/cases/${caseId}/participants/${added.id}/invitations`, {}));
    as[role as CaseRole] = await redeem(server, invitation.token);
  }
  return { caseId, as, participantIds };
}
