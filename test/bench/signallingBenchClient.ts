// A client process of the signalling benchmark, driven over IPC by signalling.bench.ts. It plays
// one of two parts, chosen by its first order:
//   - participants ('connect'): many socket.io connections opened before the clock starts (as a
//     page opens its connection on load), each sending `hearing:join` at its arrival time and
//     waiting in the lobby for `courtroom:seated`;
//   - the bench ('openBench'): the presiding judges, already in their hearings, admitting each
//     arrival as its join is acknowledged, or everyone at once with `admitAll`.
// A participant process tells the bench of each acknowledged join over the admission desk, a Unix
// socket between the two client processes, so the server's process (the one measured) relays
// nothing the real judge's console would not learn by itself.
import { createServer, connect as connectDesk, type Server as DeskServer, type Socket as DeskSocket } from 'node:net';
import { rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import type { HearingSocket } from '../helpers/courtHarness.js';
import { nowMs, type AdmitMode, type AdmitTimes, type BenchHearing, type BenchParticipant, type FromClient, type JoinTimes, type Received, type ToClient } from './signallingBenchProtocol.js';

const send = (message: FromClient) => process.send?.(message);
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();

/** Sockets per process whose courtroom:state pushes are compared with the previous one (a sample: comparing costs client CPU). */
const STATE_SAMPLE = 10;
let opened = 0;

/** Handshake over WebSocket only (no long-polling upgrade), one connection per participant, never reconnecting. */
function open(url: string, who: BenchParticipant, received: Received): Promise<HearingSocket> {
  const socket: HearingSocket = io(url, { auth: who.auth, transports: ['websocket'], forceNew: true, reconnection: false, timeout: 30_000 });
  socket.onAny((event: string) => {
    received.events[event] = (received.events[event] ?? 0) + 1;
  });
  if (opened++ < STATE_SAMPLE) {
    let previous: string | undefined;
    socket.on('courtroom:state', (view) => {
      const shown = JSON.stringify(view);
      received.statesSampled++;
      if (shown === previous) received.statesRepeated++;
      previous = shown;
    });
  }
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.io.engine.on('data', (data: string | ArrayBuffer) => {
        received.bytes += typeof data === 'string' ? data.length : data.byteLength;
      });
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      socket.close();
      reject(new Error(`${who.participantId} could not connect: ${error.message}`));
    });
  });
}

/**
 * The local TCP port of a socket.io connection, by which the server's note of its handshake is
 * found (signallingBenchHandshakes.ts). Not public API: engine.io-client's WebSocket transport
 * holds a `ws` WebSocket, whose `_socket` is the net.Socket; undefined if that ever changes.
 */
function localPortOf(socket: HearingSocket): number | undefined {
  const transport = socket.io.engine.transport as unknown as { ws?: { _socket?: { localPort?: number } } };
  return transport.ws?._socket?.localPort;
}

const emptyReceived = (): Received => ({ events: {}, bytes: 0, statesSampled: 0, statesRepeated: 0, loopDelayP99Ms: 0 });

// ---------------------------------------------------------------- participants

interface Arrival {
  who: BenchParticipant;
  participantId: string;
  hearingId: string;
  /** Open before the clock, or once the participant arrives (atArrival). */
  socket: HearingSocket | undefined;
  times: JoinTimes | undefined;
}

let arrivals: Arrival[] = [];
let desk: DeskSocket | undefined;
let received = emptyReceived();
let doneSent = false;
/** How connections are opened at arrival: where to, and how many at a time (a thousand SYNs at once would overflow the listen backlog and measure the kernel's retry timer, not the server). */
let arrivalConnections: { url: string; limit: number; opening: number; queue: Array<() => void> } | undefined;

/** Seat and loss, as this participant's page would notice them. */
function watch(arrival: Arrival, socket: HearingSocket): void {
  socket.on('courtroom:seated', () => {
    if (arrival.times !== undefined && arrival.times.seatedMs === undefined) {
      arrival.times.seatedMs = nowMs();
      settle();
    }
  });
  socket.on('disconnect', (reason) => {
    if (arrival.times !== undefined && arrival.times.seatedMs === undefined && arrival.times.error === undefined) {
      arrival.times.lost = `disconnected (${reason})`;
      settle();
    }
  });
}

async function connectParticipants(message: Extract<ToClient, { type: 'connect' }>): Promise<number[]> {
  desk = await new Promise<DeskSocket>((resolve, reject) => {
    const socket = connectDesk(message.deskPath, () => resolve(socket));
    socket.once('error', reject);
  });
  desk.setNoDelay(true);
  if (message.atArrival) {
    arrivals = message.participants.map((who) => ({ who, participantId: who.participantId, hearingId: who.hearingId, socket: undefined, times: undefined }));
    arrivalConnections = { url: message.url, limit: Math.max(1, message.concurrency), opening: 0, queue: [] };
    return [];
  }
  const connectMs: number[] = [];
  let next = 0;
  // A few connections in flight at a time: a thousand SYNs at once would overflow the listen
  // backlog and measure the kernel's retry timer, not the server.
  const worker = async () => {
    while (next < message.participants.length) {
      const who = message.participants[next++]!;
      const started = nowMs();
      const socket = await open(message.url, who, received);
      connectMs.push(nowMs() - started);
      const arrival: Arrival = { who, participantId: who.participantId, hearingId: who.hearingId, socket, times: undefined };
      watch(arrival, socket);
      arrivals.push(arrival);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, message.concurrency) }, worker));
  return connectMs;
}

/** Reports once every participant of this process is seated or has failed. */
function settle(): void {
  if (doneSent) return;
  if (arrivals.every((a) => a.times !== undefined && (a.times.seatedMs !== undefined || a.times.error !== undefined || a.times.lost !== undefined))) {
    doneSent = true;
    send({ type: 'done' });
  }
}

/** The participant arrives: opens their connection if it is not open yet, then joins. */
function comeIn(arrival: Arrival): void {
  const pool = arrivalConnections;
  if (arrival.socket !== undefined || pool === undefined) {
    join(arrival, { participantId: arrival.participantId, sentMs: nowMs() });
    return;
  }
  const times: JoinTimes = { participantId: arrival.participantId, arrivedMs: nowMs(), sentMs: Number.NaN };
  arrival.times = times;
  const start = () => {
    pool.opening++;
    times.openedMs = nowMs();
    open(pool.url, arrival.who, received).then(
      (socket) => {
        arrival.socket = socket;
        times.port = localPortOf(socket);
        watch(arrival, socket);
        join(arrival, times);
      },
      (error: Error) => {
        times.lost = `could not connect (${error.message})`;
        settle();
      },
    ).finally(() => {
      pool.opening--;
      pool.queue.shift()?.();
    });
  };
  if (pool.opening < pool.limit) start();
  else pool.queue.push(start);
}

function join(arrival: Arrival, times: JoinTimes): void {
  times.sentMs = nowMs();
  arrival.times = times;
  arrival.socket!.emit('hearing:join', { hearingId: arrival.hearingId }, (ack) => {
    times.ackMs = nowMs();
    if (ack.ok) {
      desk?.write(`+${arrival.participantId}\n`);
    } else {
      times.error = ack.error.code;
      desk?.write(`-${arrival.participantId}\n`);
      settle();
    }
  });
}

/** One timer chain in arrival order: every join due is sent, then it sleeps until the next. */
function arrive(startAtMs: number, offsetsMs: number[]): void {
  doneSent = false;
  const due = arrivals.map((arrival, i) => ({ arrival, at: startAtMs + (offsetsMs[i] ?? 0) })).sort((a, b) => a.at - b.at);
  let k = 0;
  const tick = () => {
    const now = nowMs();
    while (k < due.length && due[k]!.at <= now) comeIn(due[k++]!.arrival);
    if (k < due.length) setTimeout(tick, Math.max(0, due[k]!.at - nowMs()));
  };
  setTimeout(tick, Math.max(0, startAtMs - nowMs()));
}

// ---------------------------------------------------------------- the bench (presiding judges)

interface Bench {
  judges: Map<string, HearingSocket>;
  hearingOf: Map<string, string>;
  /** Arrivals heard of (joined or failed) per hearing, for admitAll. */
  heard: Map<string, number>;
  expected: Map<string, number>;
  admits: AdmitTimes[];
  desk: DeskServer;
  deskPath: string;
  mode: AdmitMode;
}

let bench: Bench | undefined;

async function openBench(message: Extract<ToClient, { type: 'openBench' }>): Promise<void> {
  const judges = new Map<string, HearingSocket>();
  const hearingOf = new Map<string, string>();
  const expected = new Map<string, number>();
  for (const hearing of message.hearings) {
    const socket = await open(message.url, hearing.judge, received);
    const ack = await socket.timeout(30_000).emitWithAck('hearing:join', { hearingId: hearing.hearingId });
    if (!ack.ok) throw new Error(`the judge of ${hearing.hearingId} could not join: ${ack.error.code}: ${ack.error.message}`);
    judges.set(hearing.hearingId, socket);
    for (const id of hearing.expected) hearingOf.set(id, hearing.hearingId);
    expected.set(hearing.hearingId, hearing.expected.length);
  }
  rmSync(message.deskPath, { force: true });
  const server = createServer((connection) => {
    connection.setNoDelay(true);
    let pending = '';
    connection.setEncoding('utf8');
    connection.on('data', (chunk: string) => {
      pending += chunk;
      let end: number;
      while ((end = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 1);
        heard(line.slice(1), line[0] === '+');
      }
    });
    connection.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(message.deskPath, () => resolve());
  });
  bench = { judges, hearingOf, heard: new Map(), expected, admits: [], desk: server, deskPath: message.deskPath, mode: message.admit };
}

function heard(participantId: string, joined: boolean): void {
  const b = bench;
  const hearingId = b?.hearingOf.get(participantId);
  if (b === undefined || hearingId === undefined) return;
  if (b.mode === 'each') {
    if (joined) command(b, hearingId, participantId);
    return;
  }
  const count = (b.heard.get(hearingId) ?? 0) + 1;
  b.heard.set(hearingId, count);
  if (count === b.expected.get(hearingId)) command(b, hearingId, undefined);
}

function command(b: Bench, hearingId: string, participantId: string | undefined): void {
  const times: AdmitTimes = { hearingId, ...(participantId === undefined ? {} : { participantId }), sentMs: nowMs() };
  b.admits.push(times);
  const payload = participantId === undefined ? ({ action: 'admitAll' } as const) : ({ action: 'admit', participantId } as const);
  b.judges.get(hearingId)!.emit('courtroom:command', payload, (ack) => {
    times.ackMs = nowMs();
    if (!ack.ok) times.error = ack.error.code;
  });
}

// ---------------------------------------------------------------- both

async function reset(): Promise<void> {
  for (const arrival of arrivals) arrival.socket?.disconnect();
  arrivals = [];
  arrivalConnections = undefined;
  desk?.destroy();
  desk = undefined;
  if (bench) {
    for (const socket of bench.judges.values()) socket.disconnect();
    await new Promise<void>((resolve) => bench!.desk.close(() => resolve()));
    rmSync(bench.deskPath, { force: true });
    bench = undefined;
  }
  received = emptyReceived();
  opened = 0;
}

process.on('message', (message: ToClient) => {
  void (async () => {
    try {
      switch (message.type) {
        case 'openBench':
          await openBench(message);
          send({ type: 'benchOpen' });
          break;
        case 'connect':
          send({ type: 'connected', connectMs: await connectParticipants(message) });
          break;
        case 'go':
          loopDelay.reset();
          arrive(message.startAtMs, message.offsetsMs);
          break;
        case 'pending':
          send({ type: 'pending', admits: bench?.admits.filter((a) => a.ackMs === undefined).length ?? 0 });
          break;
        case 'report':
          received.loopDelayP99Ms = loopDelay.percentile(99) / 1e6;
          send({ type: 'report', joins: arrivals.flatMap((a) => (a.times ? [a.times] : [])), admits: bench?.admits ?? [], received });
          break;
        case 'reset':
          await reset();
          send({ type: 'reset' });
          break;
        case 'close':
          await reset();
          send({ type: 'closed' });
          setTimeout(() => process.exit(0), 50);
          break;
      }
    } catch (error) {
      send({ type: 'error', message: (error as Error).stack ?? String(error) });
    }
  })();
});

// The parent went away: do not linger with open connections.
process.on('disconnect', () => process.exit(0));

send({ type: 'ready' });
