// Reminders before a round's deadline: in the app over socket.io, and to a webhook — a real HTTP
// server in this test — with an HMAC-SHA256 signature over the body, retried on 5xx and transport
// errors with backoff, never on 4xx. The court's clock is moved by the test.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { createLogger } from '../../../server/logger.js';
import { SignedWebhook } from '../../../server/notifications/SignedWebhook.js';
import type { SeededCase } from '../../helpers/caseRecordClient.js';
import { answer, DAY, HOUR, openRound, PushLog, seedTrialCase, startTrialCourt, type TestClock } from '../../helpers/trialCase.js';

const SECRET = 'reminder-gateway-shared-secret-0123456789';

interface Received {
  body: string;
  headers: IncomingMessage['headers'];
}

/** A gateway that answers each delivery with the next status in `script` (then 200). */
class Gateway {
  readonly received: Received[] = [];
  readonly script: number[] = [];
  readonly #server: Server;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<Gateway> {
    let gateway: Gateway;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        gateway.received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
        res.statusCode = gateway.script.shift() ?? 200;
        res.end();
      });
    });
    gateway = new Gateway(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return gateway;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hooks/reminders`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

/** What a gateway does with a delivery: recompute the signature over the exact bytes received. */
function signedBySecret({ body, headers }: Received): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`);
  const given = Buffer.from(String(headers['x-crosscourt-signature'] ?? ''));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

let gateway: Gateway;
let server: RunningCourtServer;
let clock: TestClock;
let s: SeededCase;
const logs: PushLog[] = [];

beforeAll(async () => {
  gateway = await Gateway.start();
  ({ server, clock } = await startTrialCourt({
    TRIAL_WEBHOOK_URL: gateway.url,
    TRIAL_WEBHOOK_SECRET: SECRET,
    TRIAL_REMINDER_MINUTES: '1440,60',
    TRIAL_WEBHOOK_ATTEMPTS: '3',
    TRIAL_WEBHOOK_BACKOFF_MS: '20',
  }));
  clock.set('2026-03-02T00:00:00.000Z');
  s = await seedTrialCase(server);
});

afterEach(() => {
  for (const log of logs.splice(0)) log.close();
  gateway.received.length = 0;
  gateway.script.length = 0;
});

afterAll(async () => {
  await server?.close();
  await gateway?.close();
});

test('a day and an hour before the deadline, whoever has not answered is reminded in the app and through the signed webhook, once', async () => {
  const start = clock.now().getTime();
  const claimantLog = await PushLog.connect(server, s.as.claimant, s.participantIds.claimant);
  const respondentLog = await PushLog.connect(server, s.as.respondent, s.participantIds.respondent);
  logs.push(claimantLog, respondentLog);
  const round = await openRound(s, clock, { exchange: 'sequential', deadline: { at: new Date(start + 3 * DAY).toISOString(), timeZone: 'Asia/Shanghai' } });
  await s.as.claimant.ok(answer(s.as.claimant, s.caseId, round, 'answered early'));

  clock.set(start + 3 * DAY - 25 * HOUR);
  expect((await server.roundClock.check()).reminders).toEqual([]);

  // The gateway fails once with a 503: the delivery is retried, with the same body and delivery id.
  gateway.script.push(503);
  clock.set(start + 3 * DAY - 23 * HOUR);
  const tick = await server.roundClock.check();
  expect(tick.reminders).toEqual([{ roundId: round.id, participantId: s.participantIds.respondent, minutesBefore: 1440, webhook: true }]);
  const inApp = await respondentLog.next('round:reminder', (r) => r.roundId === round.id);
  expect(inApp).toMatchObject({ caseId: s.caseId, minutesBefore: 1440, unanswered: 1, deadline: { yours: { timeZone: 'America/Sao_Paulo' }, remainingSeconds: 23 * 3600 } });
  expect(claimantLog.events.some((e) => e.event === 'round:reminder')).toBe(false);

  expect(gateway.received).toHaveLength(2);
  const [failed, delivered] = gateway.received as [Received, Received];
  expect(delivered.body).toBe(failed.body);
  expect(delivered.headers['x-crosscourt-delivery']).toBe(failed.headers['x-crosscourt-delivery']);
  expect(delivered.headers['content-type']).toBe('application/json');
  expect(signedBySecret(delivered)).toBe(true);
  expect(signedBySecret({ ...delivered, body: delivered.body.replace('1440', '1441') })).toBe(false);
  const body = JSON.parse(delivered.body);
  expect(body).toMatchObject({
    type: 'round.reminder',
    roundId: round.id,
    minutesBefore: 1440,
    participant: { id: s.participantIds.respondent, displayName: 'Ana Silva', locale: 'pt-BR', timeZone: 'America/Sao_Paulo' },
    deadline: { at: round.deadline.at, yours: { local: expect.any(String), timeZone: 'America/Sao_Paulo' } },
    sentAt: clock.now().toISOString(),
  });

  // Claimed: the next tick sends nothing again.
  expect((await server.roundClock.check()).reminders).toEqual([]);
  expect(gateway.received).toHaveLength(2);

  // An hour before: the gateway refuses (4xx), which is final: no retry.
  gateway.script.push(422);
  clock.set(start + 3 * DAY - 30 * 60_000);
  const last = await server.roundClock.check();
  expect(last.reminders).toEqual([{ roundId: round.id, participantId: s.participantIds.respondent, minutesBefore: 60, webhook: false }]);
  expect(gateway.received).toHaveLength(3);
  clock.set(start);
});

test('a new deadline gets its own reminders, and a node that was away sends only the nearest one', async () => {
  const start = clock.now().getTime();
  const round = await openRound(s, clock, { exchange: 'sealed', deadline: { at: new Date(start + 2 * DAY).toISOString(), timeZone: 'UTC' } });
  clock.set(start + 2 * DAY - 23 * HOUR);
  expect((await server.roundClock.check()).reminders.filter((r) => r.roundId === round.id).map((r) => r.minutesBefore)).toEqual([1440, 1440]);
  await s.as.judge.ok(s.as.judge.post(`/cases/${s.caseId}/rounds/${round.id}/deadline`, { deadline: { addDays: 2 } }));
  // Both offsets of the new deadline are reached at once (the node was away): only the hour's reminder goes.
  clock.set(start + 4 * DAY - 30 * 60_000);
  expect((await server.roundClock.check()).reminders.filter((r) => r.roundId === round.id).map((r) => r.minutesBefore)).toEqual([60, 60]);
  expect((await server.roundClock.check()).reminders).toEqual([]);
  clock.set(start);
});

test('a webhook that cannot be reached is tried again with backoff, then given up', async () => {
  const closed = await Gateway.start();
  const url = closed.url;
  await closed.close();
  const webhook = new SignedWebhook({ url, secret: SECRET, attempts: 3, backoffMs: 25, logger: createLogger('silent') });
  const started = Date.now();
  const delivery = await webhook.send({ type: 'round.reminder' });
  expect(delivery).toEqual({ delivered: false, attempts: 3 });
  // 25 ms, then 50 ms, between the three tries.
  expect(Date.now() - started).toBeGreaterThanOrEqual(75);
});
