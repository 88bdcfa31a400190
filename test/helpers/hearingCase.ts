// A case to hold a live hearing in, for media tests: a judge's account, the case, and access
// tokens ("passes") for people added to it in any role — made through the court's own services,
// as the REST API would, without going over HTTP.
import { randomUUID } from 'node:crypto';
import type { CaseRole } from '../../server/domain/access/roles.js';
import { isStaffRole } from '../../server/domain/access/roles.js';
import type { Principal } from '../../server/domain/identity/principal.js';
import type { Court } from '../../server/record/Court.js';

const ORIGIN = { ip: '127.0.0.1', userAgent: 'test', via: 'cli' } as const;

export class HearingCase {
  readonly caseId: string;
  readonly #court: Court;
  readonly #judge: Principal & { kind: 'staff' };

  private constructor(court: Court, caseId: string, judge: Principal & { kind: 'staff' }) {
    this.#court = court;
    this.caseId = caseId;
    this.#judge = judge;
  }

  static async open(court: Court, judgeName = 'Judge Li'): Promise<HearingCase> {
    const account = await court.accounts.create({ username: `judge-${randomUUID().slice(0, 8)}`, displayName: judgeName, role: 'judge', password: 'a long enough password' });
    const judge = { kind: 'staff', accountId: account.id, displayName: judgeName, staffRole: 'judge', sessionId: '' } as const;
    const courtCase = await court.cases.createCase(judge, { title: 'Hearing test case', languages: ['en'], locale: 'en', timeZone: 'UTC' }, ORIGIN);
    return new HearingCase(court, courtCase.id, judge);
  }

  /** The presiding judge's access token. */
  async judgePass(): Promise<string> {
    return (await this.#court.sessions.start({ kind: 'staff', accountId: this.#judge.accountId })).accessToken;
  }

  /** Adds a participant (a claimant unless told otherwise) and returns their access token. */
  async pass(displayName: string, role: Exclude<CaseRole, 'judge' | 'arbitrator' | 'mediator' | 'clerk'> = 'claimant'): Promise<string> {
    if (isStaffRole(role)) throw new Error('staff take part through accounts');
    const participant = await this.#court.cases.addParticipant(
      this.#judge,
      this.caseId,
      {
        role,
        displayName,
        locale: 'en',
        timeZone: 'UTC',
        ...(role === 'counsel' ? { side: 'claimant' as const } : {}),
        ...(role === 'interpreter' ? { languagePair: { from: 'zh', to: 'en' } } : {}),
      },
      ORIGIN,
    );
    return (await this.#court.sessions.start({ kind: 'participant', participantId: participant.id, caseId: this.caseId })).accessToken;
  }
}
