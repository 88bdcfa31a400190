// Connection state recovery without the pushes a returning client is given afresh. With
// recovery on, socket.io keeps every push for the reconnection window so that a connection back
// within it receives what it missed. But the live room as it stands — the courtroom views and
// the gallery's head count, a seat, who is in the room and what they send — is what a returning
// client's join answers with, current: the page joins again on every reconnection. Replayed
// before that answer, those pushes would only show the past (a seat taken in a room since
// left), and keeping them would fill the heap (a crowded hearing's gallery is sent a view and a
// seat each). Kept as before: the court's notices, the record's lines, reminders, the trial's
// pushes.
import { Adapter, SessionAwareAdapter, type BroadcastOptions } from 'socket.io-adapter';
import type { CourtServerToClientEvents } from './socketTypes.js';

/** Pushes about the live room that a join's answer carries as it stands. */
export const NOT_KEPT_FOR_RECOVERY: ReadonlySet<keyof CourtServerToClientEvents> = new Set([
  'courtroom:state',
  'courtroom:people',
  'courtroom:galleryState',
  'courtroom:gallery',
  'courtroom:seated',
  'participant:joined',
  'participant:left',
  'producer:added',
  'producer:removed',
  'producer:paused',
  'producer:resumed',
  'consumer:closed',
  'speaker:dominant',
  'media:reconnect',
]);

/** socket.io-parser's EVENT packet type. */
const EVENT = 2;

export class RecoveryAdapter extends SessionAwareAdapter {
  override broadcast(packet: { type: number; data?: unknown[] }, opts: BroadcastOptions): void {
    const event = packet.type === EVENT ? (packet.data?.[0] as keyof CourtServerToClientEvents) : undefined;
    // Sent as a plain adapter sends: to the same sockets, without an offset, not kept.
    if (event !== undefined && NOT_KEPT_FOR_RECOVERY.has(event)) Adapter.prototype.broadcast.call(this, packet, opts);
    else super.broadcast(packet, opts);
  }
}
