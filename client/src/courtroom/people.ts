// Who is who in a courtroom view, without words (no page text: the chair's news uses these in
// tests without a browser): the court's staff, a name by participant id, who is in a room, the
// consultation room a seat is in.
import type { AttendeeView, CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import type { CaseRole } from '../../../server/domain/access/roles.js';

export const STAFF: readonly CaseRole[] = ['judge', 'arbitrator', 'mediator', 'clerk'];

export function nameOf(view: CourtroomView, participantId: string): string {
  return view.participants.find((p) => p.participantId === participantId)?.displayName ?? participantId.slice(0, 8);
}

/** In the main room or a consultation room: where people take part (not the lobby, not the gallery). */
export function inARoom(attendee: AttendeeView): boolean {
  return attendee.seat === 'main' || attendee.seat.startsWith('consultation:');
}

/** The consultation room a seat is in (undefined for the main room, the lobby, the gallery). */
export function consultationAt(view: Pick<CourtroomView, 'consultations'>, seat: string): CourtroomView['consultations'][number] | undefined {
  return view.consultations.find((room) => `consultation:${room.roomId}` === seat);
}
