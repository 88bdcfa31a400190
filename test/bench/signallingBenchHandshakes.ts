// Where a connection's time goes, step by step, when participants connect as they arrive: the
// server notes when it accepted each TCP connection, when engine.io opened it (the WebSocket
// upgrade answered) and when socket.io let it in (its CONNECT read and the session check done);
// the participant's process notes when it began to connect and when it was told it was in, and
// the TCP port of the connection, by which the two are matched. Both servers are watched alike,
// through listeners only (the servers' code is unchanged).
import type { Socket as TcpSocket } from 'node:net';
import type { Server } from 'socket.io';
import { median } from './benchMeasure.js';
import { nowMs, type HandshakeTimes, type JoinTimes } from './signallingBenchProtocol.js';

/** Notes every connection's handshake on this socket.io server; `take` hands them over and forgets them. */
export function watchHandshakes(io: Server): { take(): HandshakeTimes[] } {
  const accepted = new WeakMap<TcpSocket, number>();
  const opened = new WeakMap<TcpSocket, number>();
  let noted: HandshakeTimes[] = [];
  io.httpServer.on('connection', (tcp: TcpSocket) => accepted.set(tcp, nowMs()));
  io.engine.on('connection', (engineSocket: { request: { socket: TcpSocket } }) => opened.set(engineSocket.request.socket, nowMs()));
  io.on('connection', (socket) => {
    const tcp = socket.conn.request.socket as TcpSocket;
    const acceptedMs = accepted.get(tcp);
    const openedMs = opened.get(tcp);
    if (acceptedMs === undefined || openedMs === undefined || tcp.remotePort === undefined) return;
    noted.push({ port: tcp.remotePort, acceptedMs, engineOpenMs: openedMs, connectedMs: nowMs() });
  });
  return {
    take: () => {
      const taken = noted;
      noted = [];
      return taken;
    },
  };
}

/** Medians of a round's connections, in ms; undefined when none could be matched. */
export interface HandshakeSteps {
  matched: number;
  /** From beginning to connect to the server accepting the TCP connection. */
  waitAcceptedMs: number;
  /** From accepted to engine.io open (the upgrade request read and answered). */
  upgradeMs: number;
  /** From engine.io open to socket.io's connection: the client's turn, its CONNECT, the session check. */
  connectMs: number;
  /**
   * From socket.io's connection to the participant's process told (its `connect` event); about
   * nothing, or a little below (socket.io writes its answer just before it emits `connection`).
   */
  toldMs: number;
  totalMs: number;
}

export function handshakeSteps(joins: readonly JoinTimes[], handshakes: readonly HandshakeTimes[]): HandshakeSteps | undefined {
  const byPort = new Map(handshakes.map((h) => [h.port, h]));
  const pairs = joins.flatMap((join) => {
    const server = join.port === undefined || join.openedMs === undefined ? undefined : byPort.get(join.port);
    return server === undefined || Number.isNaN(join.sentMs) ? [] : [{ client: { openedMs: join.openedMs!, toldMs: join.sentMs }, server }];
  });
  if (pairs.length === 0) return undefined;
  return {
    matched: pairs.length,
    waitAcceptedMs: median(pairs.map((p) => p.server.acceptedMs - p.client.openedMs)),
    upgradeMs: median(pairs.map((p) => p.server.engineOpenMs - p.server.acceptedMs)),
    connectMs: median(pairs.map((p) => p.server.connectedMs - p.server.engineOpenMs)),
    toldMs: median(pairs.map((p) => p.client.toldMs - p.server.connectedMs)),
    totalMs: median(pairs.map((p) => p.client.toldMs - p.client.openedMs)),
  };
}
