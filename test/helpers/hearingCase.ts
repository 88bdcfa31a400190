// A hearing to hold, for media and courtroom tests: a judge's account, a case, a hearing in
// session, and access tokens ("passes") for people added to the case in any role — made through
// the court's own services, as the REST API and the judge's console would, without HTTP.
import { randomUUID } from 'node:crypto';
import type { CaseRole } from '../../server/domain/access/roles.js';
import type { Principal } from '../../server/domain/identity/principal.js';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import type { Courtroom, CourtroomEvent } from '../../server/domain/hearing/Courtroom.js';
import type { ScheduledHearing } from '../../server/record/Hearings.js';

const ORIGIN = { ip: '127.0.0.1', userAgent: 'test', via: 'cli' } as const;

export class HearingCase {
  readonly caseId: string;
  readonly hearingId: string;
  /** The presiding judge's participant id. */
  readonly presidingId: string;
  /** As scheduled: its title and start (a UTC instant). */
  readonly title: string;
  readonly start: string;
  readonly #server: RunningCourtServer;
  readonly #judge: Principal & { kind: 'staff' };

  private constructor(server: RunningCourtServer, hearing: ScheduledHearing, judge: Principal & { kind: 'staff' }) {
    this.#server = server;
    this.caseId = hearing.caseId;
    this.hearingId = hearing.id;
    this.presidingId = hearing.presidingId;
    this.title = hearing.title;
    this.start = hearing.start;
    this.#judge = judge;
  }

  /** A case and a hearing of it, already in session (parties still wait in the lobby). */
  static async open(server: RunningCourtServer, judgeName = 'Judge Li', options: { phase?: 'scheduled' | 'lobbyOpen' | 'inSession' } = {}): Promise<HearingCase> {
    const court = server.court;
    const account = await court.accounts.create({ username: `judge-${randomUUID().slice(0, 8)}`, displayName: judgeName, role: 'judge', password: 'a long enough password' });
    const judge = { kind: 'staff', accountId: account.id, displayName: judgeName, staffRole: 'judge', sessionId: '' } as const;
    const courtCase = await court.cases.createCase(judge, { title: 'Hearing test case', languages: ['en', 'zh'], locale: 'en', timeZone: 'UTC' }, ORIGIN);
    const hearing = await court.hearings.schedule(judge, courtCase.id, { title: 'Hearing', start: new Date().toISOString(), durationMinutes: 60, timeZone: 'UTC' }, ORIGIN);
    const made = new HearingCase(server, hearing, judge);
    const phases = { scheduled: [], lobbyOpen: ['lobbyOpen'], inSession: ['lobbyOpen', 'inSession'] } as const;
    for (const phase of phases[options.phase ?? 'inSession']) await made.preside((room) => room.movePhase(made.presidingId, phase));
    return made;
  }

  /** Another hearing of the same case, with the same judge, in session. */
  async another(): Promise<HearingCase> {
    const hearing = await this.#server.court.hearings.schedule(this.#judge, this.caseId, { title: 'Another hearing', start: new Date().toISOString(), durationMinutes: 60, timeZone: 'UTC' }, ORIGIN);
    const made = new HearingCase(this.#server, hearing, this.#judge);
    for (const phase of ['lobbyOpen', 'inSession'] as const) await made.preside((room) => room.movePhase(made.presidingId, phase));
    return made;
  }

  /** The presiding judge's access token. */
  async judgePass(): Promise<string> {
    return (await this.#server.court.sessions.start({ kind: 'staff', accountId: this.#judge.accountId })).accessToken;
  }

  /** Adds a participant (a claimant unless told otherwise) and returns their access token. */
  async pass(displayName: string, role: Exclude<CaseRole, 'judge' | 'arbitrator' | 'mediator' | 'clerk'> = 'claimant'): Promise<string> {
    return (await this.participant(displayName, role)).token;
  }

  /** An interpreter is assigned zh → en unless `languagePair` says otherwise. */
  async participant(
    displayName: string,
    role: Exclude<CaseRole, 'judge' | 'arbitrator' | 'mediator' | 'clerk'> = 'claimant',
    { languagePair = { from: 'zh', to: 'en' }, locale }: { languagePair?: { from: string; to: string }; locale?: string } = {},
  ): Promise<{ participantId: string; token: string }> {
    const participant = await this.#server.court.cases.addParticipant(
      this.#judge,
      this.caseId,
      {
        role,
        displayName,
        locale: locale ?? (role === 'witness' ? 'zh-CN' : 'en'),
        timeZone: 'UTC',
        ...(role === 'counsel' ? { side: 'claimant' as const } : {}),
        ...(role === 'interpreter' ? { languagePair } : {}),
      },
      ORIGIN,
    );
    const { accessToken } = await this.#server.court.sessions.start({ kind: 'participant', participantId: participant.id, caseId: this.caseId });
    return { participantId: participant.id, token: accessToken };
  }

  /** Admits participants before they come: they skip the lobby. */
  async preAdmit(...participantIds: string[]): Promise<void> {
    await this.preside((room) => room.preAdmit(this.presidingId, participantIds));
  }

  /** Options for NodeMediaParticipant.join that have the judge admit the participant. */
  get admitting(): { admit: (participantId: string) => Promise<void> } {
    return { admit: (participantId) => this.admit(participantId) };
  }

  /** Admits someone from the lobby, as the judge's console does. */
  async admit(participantId: string): Promise<void> {
    await this.preside((room) => room.admit(this.presidingId, participantId));
  }

  /** Runs a presiding command on the live courtroom and carries out its effects. */
  async preside(command: (room: Courtroom) => CourtroomEvent[]): Promise<void> {
    const hearing = await this.#server.court.hearings.get(this.hearingId);
    const live = await this.#server.courtrooms.open(hearing, 'en');
    await this.#server.courtrooms.apply(live, command(live.courtroom));
  }
}
