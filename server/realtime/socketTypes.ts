import type { Server, Socket } from 'socket.io';
import type { HearingClientToServerEvents, HearingServerToClientEvents } from '../protocol/hearingRoomEvents.js';

/** Who is on the other end of a socket. Set once by the identity middleware, never by a handler. */
export interface ParticipantIdentity {
  participantId: string;
  displayName: string;
}

export interface CourtSocketData {
  identity: ParticipantIdentity;
  /** The hearing room this socket has joined (or is joining), if any. */
  roomId?: string;
}

export type CourtServer = Server<HearingClientToServerEvents, HearingServerToClientEvents, Record<string, never>, CourtSocketData>;
export type CourtSocket = Socket<HearingClientToServerEvents, HearingServerToClientEvents, Record<string, never>, CourtSocketData>;

export const hearingChannel = (roomId: string) => `hearing:${roomId}`;
export const participantChannel = (participantId: string) => `participant:${participantId}`;
