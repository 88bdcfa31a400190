// Socket.io handlers for a live hearing room: translate each client event into a call on the
// media layer's HearingRoom and tell the other participants what changed. Each case has one
// hearing room (room id = case id); joining it needs a role in the case that may join, sending
// media a role that may send (observers never can) — both decided by the permission table.
import type { Logger } from 'pino';
import type { HearingRoom } from '../../media/HearingRoom.js';
import type { HearingRooms } from '../../media/HearingRooms.js';
import { CourtError } from '../domain/CourtError.js';
import type { CaseAccess } from '../record/CaseAccess.js';
import type { z } from 'zod';
import type { HearingRequest, JoinedHearing, ParticipantView } from '../protocol/hearingRoomEvents.js';
import * as schema from '../protocol/hearingRoomSchemas.js';
import { handleEvent, type EventHandler } from './handleEvent.js';
import { hearingChannel, participantChannel, type CourtServer, type CourtSocket, type HearingMember } from './socketTypes.js';

/** Display names of the people in each room; the media layer only knows participant ids. */
export class HearingRoster {
  readonly #rooms = new Map<string, Map<string, ParticipantView>>();

  list(roomId: string): ParticipantView[] {
    return [...(this.#rooms.get(roomId)?.values() ?? [])];
  }

  add(roomId: string, participant: ParticipantView): void {
    let roster = this.#rooms.get(roomId);
    if (!roster) this.#rooms.set(roomId, (roster = new Map()));
    roster.set(participant.participantId, participant);
  }

  /** True when the participant was on the roster (had finished joining). */
  remove(roomId: string, participantId: string): boolean {
    const roster = this.#rooms.get(roomId);
    const wasListed = roster?.delete(participantId) ?? false;
    if (roster?.size === 0) this.#rooms.delete(roomId);
    return wasListed;
  }
}

/** Relays a room's media events to its participants. Called once per room, when it opens. */
export function broadcastRoomEvents(io: CourtServer, room: HearingRoom): void {
  const everyone = hearingChannel(room.roomId);
  const othersThan = (participantId: string) => io.to(everyone).except(participantChannel(participantId));
  room.on('producerAdded', (producer) => othersThan(producer.participantId).emit('producer:added', producer));
  room.on('producerRemoved', (event) => othersThan(event.participantId).emit('producer:removed', event));
  room.on('producerPaused', (event) => io.to(everyone).emit('producer:paused', event));
  room.on('producerResumed', (event) => io.to(everyone).emit('producer:resumed', event));
  room.on('consumerClosed', (participantId, event) => io.to(participantChannel(participantId)).emit('consumer:closed', event));
  room.on('dominantSpeaker', (participantId) => io.to(everyone).emit('speaker:dominant', { participantId }));
  room.on('mediaReset', (routerRtpCapabilities) =>
    io.to(everyone).emit('media:reconnect', {
      code: 'MEDIA_WORKER_RESTARTED',
      reason: 'the media server restarted your hearing room',
      routerRtpCapabilities,
    }),
  );
}

export function registerHearingRoomHandlers(
  socket: CourtSocket,
  rooms: HearingRooms,
  roster: HearingRoster,
  access: CaseAccess,
  logger: Logger,
): void {
  const on = <E extends HearingRequest, S extends z.ZodType>(event: E, eventSchema: S, handler: EventHandler<E, S>) =>
    handleEvent(socket, logger, event, eventSchema, handler);

  const joinedRoom = (): HearingRoom => {
    const room = socket.data.roomId && socket.data.member ? rooms.get(socket.data.roomId) : undefined;
    if (!room) throw new CourtError('NOT_IN_HEARING', 'join a hearing room first (hearing:join)');
    return room;
  };
  const me = (): HearingMember => {
    joinedRoom();
    return socket.data.member!;
  };
  const may = (action: 'media.send' | 'media.receive') => access.requireRole(socket.data.principal, joinedRoom().roomId, me().role, action, socket.data.origin);
  const mayReceive = () => may('media.receive');
  const maySend = () => may('media.send');

  const leave = () => {
    const roomId = socket.data.roomId;
    const member = socket.data.member;
    if (!roomId) return;
    delete socket.data.roomId;
    delete socket.data.member;
    void socket.leave(hearingChannel(roomId));
    if (!member) return;
    void socket.leave(participantChannel(member.participantId));
    const wasListed = roster.remove(roomId, member.participantId);
    if (wasListed) socket.to(hearingChannel(roomId)).emit('participant:left', { participantId: member.participantId });
    const room = rooms.get(roomId);
    if (room) {
      room.removeParticipant(member.participantId);
      rooms.closeIfEmpty(room);
    }
  };

  on('hearing:join', schema.joinHearingSchema, async ({ caseId }): Promise<JoinedHearing> => {
    if (socket.data.roomId) {
      throw new CourtError('ALREADY_JOINED', `you are already in the hearing of case ${socket.data.roomId}; leave it first`);
    }
    const roomId = caseId;
    socket.data.roomId = roomId; // claimed now, so a second join racing this one is refused
    let room: HearingRoom;
    let member: HearingMember;
    try {
      const grant = await access.authorize(socket.data.principal, caseId, 'hearing.join', socket.data.origin);
      await access.noteRead(grant);
      member = { participantId: grant.participant.id, displayName: grant.participant.displayName, role: grant.role };
      // The same person joining again (a second window, or back after a dropped connection that
      // the server has not noticed yet) takes over: the older socket is let go.
      for (const older of await socket.nsp.in(participantChannel(member.participantId)).fetchSockets()) {
        if (older.id !== socket.id) older.disconnect(true);
      }
      room = await rooms.open(roomId);
    } catch (error) {
      delete socket.data.roomId;
      throw error;
    }
    if (!socket.connected) {
      delete socket.data.roomId;
      rooms.closeIfEmpty(room);
      throw new CourtError('NOT_IN_HEARING', 'disconnected while joining');
    }
    socket.data.member = member;
    const { participantId } = member;
    room.addParticipant(participantId);
    await socket.join([hearingChannel(roomId), participantChannel(participantId)]);
    // A disconnect while joining the channel has already run leave(): announce nothing.
    if (!socket.connected || socket.data.roomId !== roomId) {
      throw new CourtError('NOT_IN_HEARING', 'disconnected while joining');
    }
    const self: ParticipantView = { participantId, displayName: member.displayName, role: member.role };
    roster.add(roomId, self);
    socket.to(hearingChannel(roomId)).emit('participant:joined', self);
    logger.info({ roomId, participantId, role: member.role }, 'participant joined hearing room');
    return {
      self,
      roomId,
      participants: roster.list(roomId).filter((p) => p.participantId !== participantId),
      producers: room.publishedProducers().filter((p) => p.participantId !== participantId),
      routerRtpCapabilities: room.routerRtpCapabilities,
      dominantSpeakerId: room.dominantSpeakerId,
    };
  });

  on('hearing:leave', schema.leaveHearingSchema, () => {
    joinedRoom();
    leave();
    return { left: true as const };
  });

  on('media:routerCapabilities', schema.routerCapabilitiesSchema, () => ({
    routerRtpCapabilities: joinedRoom().routerRtpCapabilities,
  }));

  on('transport:create', schema.createTransportSchema, async ({ direction, forceTcp }) => {
    await (direction === 'send' ? maySend() : mayReceive());
    return joinedRoom().createTransport(me().participantId, direction, forceTcp);
  });

  on('transport:connect', schema.transportConnectSchema, async ({ transportId, dtlsParameters }) => {
    await joinedRoom().connectTransport(me().participantId, transportId, dtlsParameters);
    return { connected: true as const };
  });

  on('transport:restartIce', schema.transportRefSchema, async ({ transportId }) => ({
    iceParameters: await joinedRoom().restartIce(me().participantId, transportId),
  }));

  on('producer:create', schema.produceSchema, async (request) => {
    await maySend();
    const producer = await joinedRoom().produce(me().participantId, request as Parameters<HearingRoom['produce']>[1]);
    return { producerId: producer.producerId };
  });

  on('producer:close', schema.producerRefSchema, ({ producerId }) => {
    joinedRoom().closeProducer(me().participantId, producerId);
    return { closed: true as const };
  });

  on('producer:pause', schema.producerRefSchema, async ({ producerId }) => {
    await joinedRoom().pauseProducer(me().participantId, producerId);
    return { paused: true as const };
  });

  on('producer:resume', schema.producerRefSchema, async ({ producerId }) => {
    await joinedRoom().resumeProducer(me().participantId, producerId);
    return { paused: false as const };
  });

  on('consumer:create', schema.consumeSchema, async (request) => {
    await mayReceive();
    return joinedRoom().consume(me().participantId, request as Parameters<HearingRoom['consume']>[1]);
  });

  on('consumer:resume', schema.consumerRefSchema, async ({ consumerId }) => {
    await joinedRoom().resumeConsumer(me().participantId, consumerId);
    return { paused: false as const };
  });

  on('consumer:setPreferredLayers', schema.preferredLayersSchema, ({ consumerId, spatialLayer, temporalLayer }) =>
    joinedRoom().setPreferredLayers(me().participantId, consumerId, spatialLayer, temporalLayer),
  );

  on('consumer:reportTileSize', schema.tileSizeSchema, ({ consumerId, height, pixelRatio }) =>
    joinedRoom().followTileSize(me().participantId, consumerId, height, pixelRatio),
  );

  on('media:stats', schema.mediaStatsSchema, () => joinedRoom().stats(me().participantId));

  socket.on('disconnect', leave);
}
