// The two servers the signalling benchmark drives the same way (each in its own process, one per
// run: signallingBenchServer.ts):
//   - the court: a real CrossCourt node (startTestCourt: session authentication at connect, the
//     permission table and the audit log at join, the courtroom and its hearing record, a real
//     mediasoup worker), with hearings in session and their participants made beforehand;
//   - the bare server, the ceiling: a plain socket.io Server with the same options whose
//     `hearing:join` handler only acknowledges, and whose admit only relays `courtroom:seated`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import type { CaseRole } from '../../server/domain/access/roles.js';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import { startTestCourt } from '../helpers/courtHarness.js';
import { HearingCase } from '../helpers/hearingCase.js';
import { watchHandshakes } from './signallingBenchHandshakes.js';
import { nowMs, type BenchCast, type BenchHearing, type HandshakeTimes, type Layout, type ServerKind } from './signallingBenchProtocol.js';

/** Its hearings and who comes to them (BenchCast), made before any clock. */
export interface ServerUnderTest extends Readonly<BenchCast> {
  readonly kind: ServerKind;
  readonly url: string;
  /** The warm-up hearings and their people (none when the layout has no warm-up). */
  readonly warmup: BenchCast;
  /** Making the hearings and participants (before any clock). */
  readonly setupMs: number;
  /** Connections the server holds now. */
  connections(): number;
  /** Calls into the court's record store so far (none for the bare server). */
  readonly store: StoreMeter;
  /**
   * Pushes kept by socket.io for connection state recovery: with it on, the in-memory adapter
   * keeps every event sent to a room for maxDisconnectionDuration.
   */
  recoveryPackets(): number;
  /** The handshakes noted since the last call (signallingBenchHandshakes.ts). */
  handshakes(): HandshakeTimes[];
  close(): Promise<void>;
}

export interface StoreMeter {
  writes: number;
  /** Write transactions the store ran (SQLite groups the commits of one turn into one, so one fsync). */
  readonly transactions: number;
  reads: number;
  readMs: number;
}

const WRITES = new Set(['commit', 'appendLedger']);
const READS = new Set(['getRecord', 'listRecords', 'readLog', 'ledgerSize', 'ledgerEntries', 'ledgerNodes']);

/**
 * Counts the record store's calls and the time each takes to return, on the instance (the
 * server's code is unchanged). SQLite runs synchronously on the event loop, its fsync included:
 * that time shows as a busy event loop but not as CPU. A read does all its work before it returns
 * its promise (the store answers from its cache or a synchronous query), so it is timed to its
 * return: waiting for each promise to settle would add a promise reaction per call to the court's
 * event loop, which the bare server does not pay.
 */
function meterStore(store: object): StoreMeter {
  const counted = { writes: 0, reads: 0, readMs: 0 };
  const meter: StoreMeter = Object.defineProperty(counted, 'transactions', { get: () => (store as { writeTransactions?: number }).writeTransactions ?? Number.NaN }) as StoreMeter;
  const methods = store as Record<string, unknown>;
  for (const name of [...WRITES, ...READS]) {
    const original = methods[name];
    if (typeof original !== 'function') continue;
    const write = WRITES.has(name);
    methods[name] = function metered(this: unknown, ...args: unknown[]) {
      if (write) {
        meter.writes++;
        return (original as (...a: unknown[]) => unknown).apply(store, args);
      }
      const started = performance.now();
      const result = (original as (...a: unknown[]) => unknown).apply(store, args);
      meter.reads++;
      meter.readMs += performance.now() - started;
      return result;
    };
  }
  return meter;
}

/** The SessionAwareAdapter's packet buffer is not public API: 0 when it is not there. */
function recoveryPacketsOf(io: Server): number {
  const packets = (io.of('/').adapter as unknown as { packets?: unknown[] }).packets;
  return Array.isArray(packets) ? packets.length : 0;
}

/** Who the parties of a hearing are, in order of their places; everyone after them is an observer. */
const PARTY_ROLES = ['claimant', 'respondent', 'counsel', 'counsel', 'witness', 'claimant', 'respondent', 'witness'] as const;

type ParticipantRole = Exclude<CaseRole, 'judge' | 'arbitrator' | 'mediator' | 'clerk'>;

function roleOfPlace(place: number, parties: number): ParticipantRole {
  return place < parties ? PARTY_ROLES[place % PARTY_ROLES.length]! : 'observer';
}

/** The data folder is the caller's: it outlives a server that had to be killed. */
export async function startCourtUnderTest(layout: Layout, dataDir: string): Promise<ServerUnderTest> {
  const started = nowMs();
  const court = await startTestCourt({ DATA_DIR: dataDir });
  try {
    const store = meterStore(court.court.store);
    const handshakes = watchHandshakes(court.io);
    const { hearings, participants } = await courtCast(court, layout.hearings, layout.participants, layout.parties, '');
    const warmup = await courtCast(court, layout.warmup > 0 ? layout.warmupHearings : 0, layout.warmup * layout.warmupHearings, layout.parties, 'Warm-up ');
    return {
      kind: 'court',
      url: court.url,
      hearings,
      participants,
      warmup,
      setupMs: nowMs() - started,
      connections: () => court.io.engine.clientsCount,
      store,
      recoveryPackets: () => recoveryPacketsOf(court.io),
      handshakes: () => handshakes.take(),
      close: () => court.close(),
    };
  } catch (error) {
    await court.close();
    throw error;
  }
}

/** Hearings in session, each its own case with its presiding judge, and `count` people added to them in turn (with their sessions). */
async function courtCast(court: RunningCourtServer, hearingCount: number, count: number, parties: number, label: string): Promise<BenchCast> {
  const cases: HearingCase[] = [];
  const hearings: BenchHearing[] = [];
  for (let h = 0; h < hearingCount; h++) {
    const hearingCase = await HearingCase.open(court, `${label}Judge ${h + 1}`);
    cases.push(hearingCase);
    hearings.push({ hearingId: hearingCase.hearingId, judge: { participantId: hearingCase.presidingId, auth: { token: await hearingCase.judgePass() } }, expected: [] });
  }
  const participants: BenchCast['participants'] = [];
  for (let i = 0; i < count; i++) {
    const h = i % hearingCount;
    const place = Math.floor(i / hearingCount);
    const { participantId, token } = await cases[h]!.participant(`${label}Participant ${i + 1}`, roleOfPlace(place, parties));
    participants.push({ participantId, auth: { token }, hearingId: hearings[h]!.hearingId });
    hearings[h]!.expected.push(participantId);
  }
  return { hearings, participants };
}

/**
 * The ceiling. Same socket.io version and options as CourtServer (maxHttpBufferSize, no client
 * bundle), no middleware; a join is acknowledged at once; an admit sends `courtroom:seated` to
 * the socket of the participant named in it (admitAll: to every socket that joined the hearing).
 */
export async function startBareUnderTest(layout: Layout): Promise<ServerUnderTest> {
  const started = nowMs();
  const httpServer = createServer();
  const io = new Server(httpServer, { maxHttpBufferSize: 1e6, serveClient: false });
  const byParticipant = new Map<string, Socket>();
  const joined = new Map<string, Set<Socket>>();
  io.on('connection', (socket) => {
    const participantId = String((socket.handshake.auth as { participantId?: unknown }).participantId);
    byParticipant.set(participantId, socket);
    let hearing: Set<Socket> | undefined;
    socket.on('hearing:join', (payload: { hearingId: string }, ack: (response: unknown) => void) => {
      hearing = joined.get(payload.hearingId) ?? new Set();
      joined.set(payload.hearingId, hearing);
      hearing.add(socket);
      ack({ ok: true, data: {} });
    });
    socket.on('courtroom:command', (command: { action: string; participantId?: string }, ack: (response: unknown) => void) => {
      const seated = { seat: 'main', participants: [], producers: [], dominantSpeakerId: null };
      if (command.action === 'admit') byParticipant.get(command.participantId!)?.emit('courtroom:seated', seated);
      else if (command.action === 'admitAll') for (const other of hearing ?? []) if (other !== socket) other.emit('courtroom:seated', seated);
      ack({ ok: true, data: { done: true } });
    });
    socket.on('disconnect', () => {
      byParticipant.delete(participantId);
      hearing?.delete(socket);
    });
  });
  const handshakes = watchHandshakes(io);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;

  const { hearings, participants } = bareCast(layout.hearings, layout.participants, '');
  const warmup = bareCast(layout.warmup > 0 ? layout.warmupHearings : 0, layout.warmup * layout.warmupHearings, 'warmup-');
  return {
    kind: 'bare',
    url: `http://127.0.0.1:${port}`,
    hearings,
    participants,
    warmup,
    setupMs: nowMs() - started,
    connections: () => io.engine.clientsCount,
    store: { writes: 0, transactions: 0, reads: 0, readMs: 0 },
    recoveryPackets: () => recoveryPacketsOf(io),
    handshakes: () => handshakes.take(),
    close: async () => {
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      httpServer.closeAllConnections();
    },
  };
}

/** The bare server's hearings and people: names only (it checks nothing). */
function bareCast(hearingCount: number, count: number, prefix: string): BenchCast {
  const hearings: BenchHearing[] = Array.from({ length: hearingCount }, (_, h) => ({
    hearingId: `${prefix}hearing-${h + 1}`,
    judge: { participantId: `${prefix}judge-${h + 1}`, auth: { participantId: `${prefix}judge-${h + 1}` } },
    expected: [],
  }));
  const participants: BenchCast['participants'] = [];
  for (let i = 0; i < count; i++) {
    const hearing = hearings[i % hearingCount]!;
    const participantId = `${prefix}participant-${i + 1}`;
    participants.push({ participantId, auth: { participantId }, hearingId: hearing.hearingId });
    hearing.expected.push(participantId);
  }
  return { hearings, participants };
}
