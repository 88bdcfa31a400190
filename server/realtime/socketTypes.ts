import type { Server, Socket } from 'socket.io';
import type { CaseRole } from '../domain/access/roles.js';
import type { Principal, RequestOrigin } from '../domain/identity/principal.js';
import type { HearingClientToServerEvents, HearingServerToClientEvents } from '../protocol/hearingRoomEvents.js';
import type { TrialServerToClientEvents } from '../protocol/trialEvents.js';

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

/** Everything the server pushes: the hearing's events and the asynchronous trial's. */
export type CourtServerToClientEvents = HearingServerToClientEvents & TrialServerToClientEvents;

export type CourtServer = Server<HearingClientToServerEvents, CourtServerToClientEvents, Record<string, never>, CourtSocketData>;
export type CourtSocket = Socket<HearingClientToServerEvents, CourtServerToClientEvents, Record<string, never>, CourtSocketData>;

export const hearingChannel = (roomId: string) => `hearing:${roomId}`;
export const participantChannel = (participantId: string) => `participant:${participantId}`;
/** Every connected socket of someone taking part in the case (for reminders and the like). */
export const caseChannel = (caseId: string) => `case:${caseId}`;
/**
 * Every connected socket of one participant of a case, whatever page it is on: the trial's pushes
 * (rounds served, views, reminders) go here. Not participantChannel, which is the hearing's —
 * being in that one is being in the hearing (a second join takes over from its sockets).
 */
export const inboxChannel = (participantId: string) => `inbox:${participantId}`;
