import type { Server, Socket } from 'socket.io';
import type { CaseRole } from '../domain/access/roles.js';
import type { Principal, RequestOrigin } from '../domain/identity/principal.js';
import type { HearingClientToServerEvents, HearingServerToClientEvents } from '../protocol/hearingRoomEvents.js';

/** Who a socket speaks for in the hearing it joined: their place in the case. */
export interface HearingMember {
  participantId: string;
  displayName: string;
  role: CaseRole;
}

export interface CourtSocketData {
  /** Set once by the session middleware from the handshake's access token, never by a handler. */
  principal: Principal;
  origin: RequestOrigin;
  /** The hearing room (one per case: room id = case id) this socket has joined or is joining. */
  roomId?: string;
  /** Set when the join is authorised. */
  member?: HearingMember;
}

export type CourtServer = Server<HearingClientToServerEvents, HearingServerToClientEvents, Record<string, never>, CourtSocketData>;
export type CourtSocket = Socket<HearingClientToServerEvents, HearingServerToClientEvents, Record<string, never>, CourtSocketData>;

export const hearingChannel = (roomId: string) => `hearing:${roomId}`;
export const participantChannel = (participantId: string) => `participant:${participantId}`;
/** Every connected socket of someone taking part in the case (for reminders and the like). */
export const caseChannel = (caseId: string) => `case:${caseId}`;
