// A court for the asynchronous trial's tests: a real node whose clock the test moves (sessions
// last long enough that moving it days ahead does not sign anyone out), a seeded case at a
// dispute stage with both sides' consent, and socket.io clients that keep every push they get.
import { io as connect, type Socket } from 'socket.io-client';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import type { DisputeStage } from '../../server/domain/cases/disputeStage.js';
import { inboxChannel } from '../../server/realtime/socketTypes.js';
import type { CourtPolicy } from '../../server/record/Court.js';
import { seedCase, type ApiClient, type SeededCase } from './caseRecordClient.js';
import { startTestCourt, waitFor } from './courtHarness.js';

const YEAR = 400 * 24 * 3600;

/** The court's clock, moved by the test. */
export class TestClock {
  #ms: number;

  constructor(start = Date.now()) {
    this.#ms = start;
  }

  now = (): Date => new Date(this.#ms);

  advance(ms: number): void {
    this.#ms += ms;
  }

  set(instant: string | number): void {
    this.#ms = typeof instant === 'string' ? Date.parse(instant) : instant;
  }
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export async function startTrialCourt(env: Record<string, string> = {}, clock = new TestClock()): Promise<{ server: RunningCourtServer; clock: TestClock }> {
  const policy: Partial<CourtPolicy> = {
    sessions: { accessTtlSeconds: YEAR, staffSessionSeconds: YEAR, participantSessionSeconds: YEAR },
    signInPerAddress: { attempts: 1000, windowMs: 60_000 },
  };
  // The clock is the test's alone: the node's own timer never ticks during a test.
  const server = await startTestCourt({ TRIAL_CLOCK_SECONDS: '3600', ...env }, { policy, now: clock.now });
  return { server, clock };
}

/** A seeded case moved to `stage`, with the claimant and respondent consenting to async trial. */
export async function seedTrialCase(server: RunningCourtServer, stage: DisputeStage = 'trial', consent = true): Promise<SeededCase> {
  const seeded = await seedCase(server);
  if (stage !== 'negotiation') await seeded.as.judge.ok(seeded.as.judge.post(`/cases/${seeded.caseId}/stage`, { stage }));
  if (consent) {
    await seeded.as.claimant.ok(seeded.as.claimant.post(`/cases/${seeded.caseId}/trial/consent`, {}));
    await seeded.as.respondent.ok(seeded.as.respondent.post(`/cases/${seeded.caseId}/trial/consent`, {}));
  }
  return seeded;
}

export interface RoundOptions {
  required?: string[];
  exchange?: 'sequential' | 'sealed';
  late?: { rule: 'refuse' } | { rule: 'acceptFlagged'; windowHours?: number };
  questions?: Array<{ text: string; language: string; answerWindowMinutes?: number }>;
  deadline?: object;
  stage?: string;
}

export function roundBody(s: SeededCase, clock: TestClock, options: RoundOptions = {}) {
  return {
    stage: options.stage ?? 'investigation',
    questions: options.questions ?? [{ text: 'On what date was the contract signed, and where?', language: 'en' }],
    required: options.required ?? [s.participantIds.claimant, s.participantIds.respondent],
    deadline: options.deadline ?? { at: new Date(clock.now().getTime() + 7 * DAY).toISOString(), timeZone: 'Asia/Shanghai' },
    exchange: options.exchange ?? 'sealed',
    ...(options.late === undefined ? {} : { late: options.late }),
  };
}

/** Opens a round as `by` (the judge by default) and returns it as they see it. */
export async function openRound(s: SeededCase, clock: TestClock, options: RoundOptions = {}, by: ApiClient = s.as.judge): Promise<any> {
  return by.ok(by.post(`/cases/${s.caseId}/rounds`, roundBody(s, clock, options)));
}

export function answer(client: ApiClient, caseId: string, round: any, text: string, extra: object = {}, thread = 0) {
  return client.post(`/cases/${caseId}/rounds/${round.id}/threads/${round.threads[thread].id}/answers`, { text, language: 'en', ...extra });
}

/** A socket.io client of one participant that keeps every push it receives. */
export class PushLog {
  readonly socket: Socket;
  readonly events: Array<{ event: string; payload: unknown }> = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.onAny((event: string, payload: unknown) => this.events.push({ event, payload }));
  }

  /** Connects and waits until the server has put the socket in the participant's inbox. */
  static async connect(server: RunningCourtServer, client: ApiClient, participantId: string): Promise<PushLog> {
    const socket = connect(server.url, { auth: { token: client.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    await waitFor(() => server.io.of('/').adapter.rooms.get(inboxChannel(participantId))?.has(socket.id!), 'the socket to join its inbox');
    return new PushLog(socket);
  }

  next(event: string, matching: (payload: any) => boolean = () => true, timeoutMs = 5_000): Promise<any> {
    const seen = this.events.find((e) => e.event === event && matching(e.payload));
    if (seen !== undefined) return Promise.resolve(seen.payload);
    return waitFor(() => this.events.find((e) => e.event === event && matching(e.payload))?.payload, `${event}`, timeoutMs);
  }

  /** Everything received, as text, for leak checks. */
  text(): string {
    return JSON.stringify(this.events);
  }

  close(): void {
    this.socket.disconnect();
  }
}
