// Connection state recovery without the pushes a returning client is given afresh. With
// recovery on, socket.io keeps every push for the reconnection window so that a connection back
// within it receives what it missed. A courtroom view and the gallery's head count are replaced
// by the next one, and a returning client joins its hearing again and gets both, current, in the
// join's answer: keeping each of them for minutes (a judge's view of a crowded hearing is a
// quarter of a megabyte, sent up to ten times a second) would only fill the heap. Everything
// else (notices, seats, media events, the record's lines, the trial's pushes) is kept as before.
import { Adapter, SessionAwareAdapter, type BroadcastOptions } from 'socket.io-adapter';
import type { CourtServerToClientEvents } from './socketTypes.js';

/** Pushes superseded by the next one of their kind and by a join's answer. */
export const NOT_KEPT_FOR_RECOVERY: ReadonlySet<keyof CourtServerToClientEvents> = new Set(['courtroom:state', 'courtroom:gallery']);

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
