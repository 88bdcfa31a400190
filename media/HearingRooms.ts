// All live hearing rooms of this node. A room is created on the least-loaded worker the first
// time someone joins (through a per-room queue, so two people joining at once get one room),
// closed when the last participant leaves, and moved when its worker dies.
import type { Logger } from 'pino';
import { CourtError } from '../server/domain/CourtError.js';
import { HearingRoom } from './HearingRoom.js';
import type { MediaWorker, WorkerPool } from './WorkerPool.js';

export class HearingRooms {
  readonly #pool: WorkerPool;
  readonly #logger: Logger;
  readonly #rooms = new Map<string, HearingRoom>();
  readonly #opening = new Map<string, Promise<HearingRoom>>();
  /** Called for every new room, so the signalling layer can subscribe to its events. */
  onRoomOpened: (room: HearingRoom) => void = () => {};

  constructor(pool: WorkerPool, logger: Logger) {
    this.#pool = pool;
    this.#logger = logger;
    pool.on('workerReplaced', (dead) => void this.#moveRoomsOff(dead));
    pool.on('workerLost', (dead) => void this.#moveRoomsOff(dead));
  }

  get rooms(): ReadonlyMap<string, HearingRoom> {
    return this.#rooms;
  }

  get(roomId: string): HearingRoom | undefined {
    return this.#rooms.get(roomId);
  }

  async open(roomId: string): Promise<HearingRoom> {
    const existing = this.#rooms.get(roomId);
    if (existing) return existing;
    const pending = this.#opening.get(roomId);
    if (pending) return pending;
    const opening = this.#create(roomId).finally(() => this.#opening.delete(roomId));
    this.#opening.set(roomId, opening);
    return opening;
  }

  /** Closes the room when nobody is left in it. */
  closeIfEmpty(room: HearingRoom): void {
    if (room.participantCount > 0 || this.#rooms.get(room.roomId) !== room) return;
    this.#rooms.delete(room.roomId);
    room.close();
    this.#logger.info({ roomId: room.roomId }, 'hearing room closed');
  }

  closeAll(): void {
    for (const room of this.#rooms.values()) room.close();
    this.#rooms.clear();
  }

  loadOf = (mediaWorker: MediaWorker): number => {
    let load = 0;
    for (const room of this.#rooms.values()) {
      // A room costs something before anyone consumes in it: count it as one consumer.
      if (room.mediaWorker.worker === mediaWorker.worker) load += 1 + room.consumerCount;
    }
    return load;
  };

  async #create(roomId: string): Promise<HearingRoom> {
    let mediaWorker: MediaWorker;
    try {
      mediaWorker = this.#pool.leastLoaded(this.loadOf);
    } catch {
      throw new CourtError('HEARING_ROOM_UNAVAILABLE', 'no media worker is running; try again shortly');
    }
    const room = await HearingRoom.create(roomId, mediaWorker, this.#logger.child({ roomId }));
    this.#rooms.set(roomId, room);
    this.#logger.info({ roomId, workerIndex: mediaWorker.index, routerId: room.routerId }, 'hearing room opened');
    this.onRoomOpened(room);
    return room;
  }

  async #moveRoomsOff(dead: MediaWorker): Promise<void> {
    const stranded = [...this.#rooms.values()].filter((room) => room.mediaWorker.worker === dead.worker);
    for (const room of stranded) {
      try {
        await room.moveTo(this.#pool.leastLoaded(this.loadOf));
      } catch (error) {
        this.#logger.error({ roomId: room.roomId, err: error }, 'could not move hearing room to a live worker');
      }
    }
  }
}
