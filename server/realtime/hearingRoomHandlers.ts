// Socket.io handlers for a live hearing room: translate each client event into a call on the
// media layer's HearingRoom and tell the other participants what changed. Each case has one
// hearing room (room id = case id); joining it needs a role in the case that may join, sending
// media a role that may send (observers never can) — both decided by the permission table.
import type { Logger } from 'pino';
import type { HearingRoom } from '../../media/HearingRoom.js';
import type { HearingRooms } from '../../media/HearingRooms.js';
import { CourtError } from '../domain/CourtError.js';
import { extended } from '../domain/extended.js';
import type { CaseAccess } from '../record/CaseAccess.js';
import { auditLine } from '../record/AuditLog.js';
import type { EvidenceLocker } from '../record/EvidenceLocker.js';
import type { LogAppend } from '../store/RecordStore.js';
import type { Hearings } from '../record/Hearings.js';
import { MAIN_SPACE } from '../../media/HearingRoom.js';
import type { CourtroomEvent } from '../domain/hearing/Courtroom.js';
import { registerCourtroomCommands } from './courtroomHandlers.js';
import { registerInterpretationCommands } from './interpretationHandlers.js';
import type { LanguageChannels } from './LanguageChannels.js';
import { spaceOfSeat, type Courtrooms, type LiveHearing } from './Courtrooms.js';
import type { HearingSchedule, JoinedHearing, ParticipantView } from '../protocol/hearingRoomEvents.js';
import * as schema from '../protocol/hearingRoomSchemas.js';
import { SocketEvents } from './handleEvent.js';
import { hearingChannel, participantChannel, type CourtServer, type CourtSocket, type HearingMember } from './socketTypes.js';

/**
 * Relays a room's media events to its participants — within one media space only, so nothing of
 * a consultation (not even that someone there paused a microphone) reaches the main room.
 */
export function broadcastRoomEvents(io: CourtServer, room: HearingRoom): void {
  const everyone = hearingChannel(room.roomId);
  /** The producer's owner and, of their space, those it is offered to (an interpreter's voice: its audience). */
  const toSpaceOf = (event: { participantId: string; producerId: string }, except?: string) => {
    const space = room.spaceOf(event.participantId);
    const audience = room.restrictedAudience(event.participantId, event.producerId);
    const mates =
      space === undefined ? [] : room.participantsIn(space).filter((id) => id !== except && (audience === undefined || id === event.participantId || audience.has(id)));
    return mates.length === 0 ? undefined : io.to(mates.map(participantChannel));
  };
  room.on('producerAdded', (producer) => toSpaceOf(producer, producer.participantId)?.emit('producer:added', producer));
  room.on('producerRemoved', (event, offeredTo) => {
    const space = room.spaceOf(event.participantId);
    const mates = space === undefined ? [] : room.participantsIn(space).filter((id) => id !== event.participantId && (offeredTo === undefined || offeredTo.has(id)));
    if (mates.length > 0) io.to(mates.map(participantChannel)).emit('producer:removed', event);
  });
  room.on('producerPaused', (event) => toSpaceOf(event)?.emit('producer:paused', event));
  room.on('producerResumed', (event) => toSpaceOf(event)?.emit('producer:resumed', event));
  room.on('consumerClosed', (participantId, event) => io.to(participantChannel(participantId)).emit('consumer:closed', event));
  room.on('dominantSpeaker', (participantId) => {
    const main = room.participantsIn(MAIN_SPACE);
    if (main.length > 0) io.to(main.map(participantChannel)).emit('speaker:dominant', { participantId });
  });
  room.on('mediaReset', (routerRtpCapabilities) =>
    io.to(everyone).emit('media:reconnect', {
      code: 'MEDIA_WORKER_RESTARTED',
      reason: 'the media server restarted your hearing room',
      routerRtpCapabilities,
    }),
  );
}

/** What the hearing room's handlers act on: the server's, shared by every socket. */
export interface HearingRoomServices {
  rooms: HearingRooms;
  courtrooms: Courtrooms;
  hearings: Hearings;
  access: CaseAccess;
  evidence: EvidenceLocker;
  logger: Logger;
  channels: LanguageChannels;
}

/** The courtroom a socket joined (lobby included), and who joined it. */
export type JoinedCourtroom = (socket: CourtSocket) => Promise<{ live: LiveHearing; member: HearingMember }>;

/**
 * The hearing room's client events, defined once for the server (SocketEvents): each handler is
 * given the socket it answers, whose `data` holds everything of the connection (who, which
 * hearing). Returns what to do with each new connection: route its events to them, and keep its
 * seat for the reconnection window when it goes.
 */
export function hearingRoomHandlers(services: HearingRoomServices): (socket: CourtSocket) => void {
  const { rooms, courtrooms, hearings, access, evidence, logger, channels } = services;
  const events = new SocketEvents(logger);

  const joined: JoinedCourtroom = async (socket) => {
    const live = socket.data.roomId && socket.data.member ? await courtrooms.get(socket.data.roomId) : undefined;
    if (!live) throw new CourtError('NOT_IN_HEARING', 'join a hearing first (hearing:join)');
    return { live, member: socket.data.member! };
  };
  /** The media room, once the judge has admitted this participant (not from the lobby). */
  const joinedRoom = (socket: CourtSocket): HearingRoom => {
    const room = socket.data.roomId && socket.data.member ? rooms.get(socket.data.roomId) : undefined;
    if (!room) throw new CourtError('NOT_IN_HEARING', 'join a hearing first (hearing:join)');
    if (!room.has(socket.data.member!.participantId)) throw new CourtError('NOT_ADMITTED', 'wait until the judge admits you from the lobby');
    return room;
  };
  const me = (socket: CourtSocket): HearingMember => {
    joinedRoom(socket);
    return socket.data.member!;
  };
  const may = async (socket: CourtSocket, action: 'media.send' | 'media.receive') => {
    const room = joinedRoom(socket);
    const live = await courtrooms.get(room.roomId);
    await access.requireRole(socket.data.principal, live!.hearing.caseId, me(socket).role, action, socket.data.origin);
    return live!;
  };
  const mayReceive = (socket: CourtSocket) => may(socket, 'media.receive');
  const maySend = (socket: CourtSocket) => may(socket, 'media.send');

  /** The connection is gone (dropped or closed): the seat is kept for the reconnection window. */
  const leave = (socket: CourtSocket, deliberately: boolean) => {
    const roomId = socket.data.roomId;
    const member = socket.data.member;
    if (!roomId) return;
    delete socket.data.roomId;
    delete socket.data.member;
    void socket.leave(hearingChannel(roomId));
    if (!member) return;
    void socket.leave(participantChannel(member.participantId));
    // Taken over by a newer socket of the same participant: that one carries on.
    if (!courtrooms.release(member.participantId, socket.id)) return;
    void courtrooms.get(roomId).then(async (live) => {
      if (!live) return;
      const attendee = live.courtroom.attendee(member.participantId);
      const space = attendee === undefined ? undefined : spaceOfSeat(attendee.seat);
      courtrooms.unseat(live, rooms.get(roomId), member.participantId, space, attendee !== undefined && attendee.seat !== 'gallery');
      const events = deliberately ? live.courtroom.depart(member.participantId) : live.courtroom.leave(member.participantId);
      courtrooms.forgetSent(member.participantId);
      await courtrooms.apply(live, events);
    }).catch((error: unknown) => logger.error({ err: error, roomId }, 'leaving the courtroom failed'));
  };

  events.on('hearing:join', schema.joinHearingSchema, async (socket, { hearingId }): Promise<JoinedHearing> => {
    if (socket.data.roomId) {
      throw new CourtError('ALREADY_JOINED', `you are already in hearing ${socket.data.roomId}; leave it first`);
    }
    socket.data.roomId = hearingId; // claimed now, so a second join racing this one is refused
    let room: HearingRoom;
    let member: HearingMember;
    let live: LiveHearing;
    let events: CourtroomEvent[];
    let audit: LogAppend;
    let grantOf: Awaited<ReturnType<Hearings['forJoining']>>['grant'];
    let schedule: HearingSchedule;
    try {
      const { hearing, grant } = await hearings.forJoining(socket.data.principal, hearingId, socket.data.origin);
      grantOf = grant;
      schedule = { title: hearing.title, start: hearing.start, end: hearing.end, timeZone: hearing.timeZone };
      // The join's audit line is written with its record line: one commit.
      audit = auditLine(extended(grant.audit, { target: hearingId }));
      member = { participantId: grant.participant.id, displayName: grant.participant.displayName, role: grant.role };
      courtrooms.claim(member.participantId, socket.id); // before the takeover: the older socket's leaving must not undo this join
      // The same person joining again (a second window, or back after a dropped connection that
      // the server has not noticed yet) takes over: the older socket is let go. This node's
      // sockets are all there are (the adapter is in memory), so they are looked up at once.
      for (const olderId of [...(socket.nsp.adapter.rooms.get(participantChannel(member.participantId)) ?? [])]) {
        if (olderId !== socket.id) socket.nsp.sockets.get(olderId)?.disconnect(true);
      }
      live = await courtrooms.open(hearing, grant.courtCase.languages[0] ?? 'en');
      events = live.courtroom.arrive(extended(member, { locale: grant.participant.locale, timeZone: grant.participant.timeZone }));
      room = await rooms.open(hearingId);
    } catch (error) {
      delete socket.data.roomId;
      throw error;
    }
    const { participantId } = member;
    if (!socket.connected) {
      delete socket.data.roomId;
      await courtrooms.apply(live, live.courtroom.leave(participantId), [audit]);
      rooms.closeIfEmpty(room);
      throw new CourtError('NOT_IN_HEARING', 'disconnected while joining');
    }
    socket.data.member = member;
    await socket.join([hearingChannel(hearingId), participantChannel(participantId)]);
    // A disconnect while joining the channel has already run leave(): announce nothing.
    if (!socket.connected || socket.data.roomId !== hearingId) {
      throw new CourtError('NOT_IN_HEARING', 'disconnected while joining');
    }
    // Back after a drop or from another window: whatever media the old connection left is void.
    if (room.has(participantId)) room.removeParticipant(participantId);
    courtrooms.seat(live, room, participantId);
    courtrooms.forgetSent(participantId);
    // The arrival is shown to the court (its view, the seat) before its line is on disk in any
    // case, so its answer need not wait for the disk either: the line follows, in order.
    await courtrooms.apply(live, events, [audit], { recordBehind: true, answered: participantId });
    // The case's languages have channels; an interpreter comes to work with their assigned pair
    // (on the record after the arrival, and in the view this join answers with).
    await channels.arrive(live, participantId, grantOf.courtCase.languages, member.role === 'interpreter' ? grantOf.participant.languagePair : undefined, grantOf.participant.listening);
    const view = courtrooms.viewToSend(live, participantId)!;
    const seat = live.courtroom.attendee(participantId)!.seat;
    const space = spaceOfSeat(seat);
    const self: ParticipantView = { participantId, displayName: member.displayName, role: member.role };
    logger.info({ hearingId, participantId, role: member.role, seat }, 'participant joined hearing');
    return {
      self,
      roomId: hearingId,
      schedule,
      seat,
      courtroom: view,
      galleryCount: courtrooms.galleryCount(live),
      participants: courtrooms.roomMates(live, participantId),
      producers: space === undefined ? [] : room.publishedProducers(space, participantId).filter((p) => p.participantId !== participantId),
      // A few kB the lobby has no use for: a crowd waiting to be admitted is not sent them.
      routerRtpCapabilities: space === undefined ? null : room.routerRtpCapabilities,
      dominantSpeakerId: space === MAIN_SPACE ? room.dominantSpeakerId : null,
    };
  });

  events.on('hearing:leave', schema.leaveHearingSchema, async (socket, { keepSeat }) => {
    await joined(socket);
    leave(socket, keepSeat !== true);
    return { left: true as const };
  });

  registerCourtroomCommands(events, joined, courtrooms, access, evidence);
  registerInterpretationCommands(events, joined, channels, access);

  events.on('media:routerCapabilities', schema.routerCapabilitiesSchema, (socket) => ({
    routerRtpCapabilities: joinedRoom(socket).routerRtpCapabilities,
  }));

  events.on('transport:create', schema.createTransportSchema, async (socket, { direction, forceTcp }) => {
    await (direction === 'send' ? maySend(socket) : mayReceive(socket));
    return joinedRoom(socket).createTransport(me(socket).participantId, direction, forceTcp);
  });

  events.on('transport:connect', schema.transportConnectSchema, async (socket, { transportId, dtlsParameters }) => {
    await joinedRoom(socket).connectTransport(me(socket).participantId, transportId, dtlsParameters);
    return { connected: true as const };
  });

  events.on('transport:restartIce', schema.transportRefSchema, async (socket, { transportId }) => ({
    iceParameters: await joinedRoom(socket).restartIce(me(socket).participantId, transportId),
  }));

  events.on('producer:create', schema.produceSchema, async (socket, request) => {
    const live = await maySend(socket);
    const { participantId } = me(socket);
    // An interpreter's voice feeds a language channel: routed to its listeners before it exists.
    if (request.source === 'interpretation') return { producerId: (await channels.produce(live, joinedRoom(socket), participantId, request)).producerId };
    if (request.source === 'screen') {
      // A screen is its own permission: the table's, then the court's leave.
      await access.requireRole(socket.data.principal, live.hearing.caseId, me(socket).role, 'hearing.present', socket.data.origin);
      live.courtroom.requireMaySend(participantId, 'screen');
    }
    const room = joinedRoom(socket);
    // Muted by the court, or without the floor: the producer exists (the client may keep its
    // track) but is created paused, so not one packet goes out until the court lets it speak.
    const silenced = request.source !== 'screen' && !live.courtroom.maySend(participantId, request.source);
    const { language: _language, ...media } = request;
    const producer = await room.produce(participantId, media as Parameters<HearingRoom['produce']>[1], { paused: silenced });
    // Leave withdrawn while the worker made the producer: the withdrawal found nothing to close.
    if (request.source === 'screen' && courtrooms.closeScreenWithoutLeave(live, room, participantId)) {
      live.courtroom.requireMaySend(participantId, 'screen'); // throws the court's refusal as it stands now
    }
    return { producerId: producer.producerId };
  });

  events.on('producer:close', schema.producerRefSchema, (socket, { producerId }) => {
    joinedRoom(socket).closeProducer(me(socket).participantId, producerId);
    return { closed: true as const };
  });

  events.on('producer:pause', schema.producerRefSchema, async (socket, { producerId }) => {
    await joinedRoom(socket).pauseProducer(me(socket).participantId, producerId, 'owner');
    return { paused: true as const };
  });

  events.on('producer:resume', schema.producerRefSchema, async (socket, { producerId }) => {
    const room = joinedRoom(socket);
    const { participantId } = me(socket);
    const source = room.publishedProducers().find((p) => p.producerId === producerId && p.participantId === participantId)?.source;
    // The court's mute and the floor are the server's to lift: no message from the client can.
    // An interpreter's voice is their microphone: the court's mute holds it (the floor does not: Courtroom.maySend).
    if (source !== undefined) (await courtrooms.get(room.roomId))!.courtroom.requireMaySend(participantId, source === 'interpretation' ? 'microphone' : source);
    await room.resumeProducer(participantId, producerId, 'owner');
    return { paused: false as const };
  });

  events.on('consumer:create', schema.consumeSchema, async (socket, request) => {
    await mayReceive(socket);
    return joinedRoom(socket).consume(me(socket).participantId, request as Parameters<HearingRoom['consume']>[1]);
  });

  events.on('consumer:resume', schema.consumerRefSchema, async (socket, { consumerId }) => {
    await joinedRoom(socket).resumeConsumer(me(socket).participantId, consumerId);
    return { paused: false as const };
  });

  events.on('consumer:setPreferredLayers', schema.preferredLayersSchema, (socket, { consumerId, spatialLayer, temporalLayer }) =>
    joinedRoom(socket).setPreferredLayers(me(socket).participantId, consumerId, spatialLayer, temporalLayer),
  );

  events.on('consumer:reportTileSize', schema.tileSizeSchema, (socket, { consumerId, height, pixelRatio }) =>
    joinedRoom(socket).followTileSize(me(socket).participantId, consumerId, height, pixelRatio),
  );

  events.on('media:stats', schema.mediaStatsSchema, (socket) => joinedRoom(socket).stats(me(socket).participantId));

  return (socket) => {
    events.listen(socket);
    socket.on('disconnect', () => leave(socket, false));
  };
}
