// How the console names people and places: a role in the page's language, a seat (the main
// room, a consultation room by its name, the lobby, the gallery), a name by participant id.
import type { AttendeeView, CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import type { CaseRole } from '../../../server/domain/access/roles.js';
import { msg, type Message } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';

export const STAFF: readonly CaseRole[] = ['judge', 'arbitrator', 'mediator', 'clerk'];

export function roleMessage(role: CaseRole): Message {
  return { key: `role.${role}` as MessageKey };
}

export function seatMessage(seat: string, view: CourtroomView): Message {
  if (seat === 'main') return msg('console.seatMain');
  if (seat === 'lobby') return msg('console.seatLobby');
  if (seat === 'gallery') return msg('console.seatGallery');
  const room = view.consultations.find((c) => `consultation:${c.roomId}` === seat);
  return msg('console.seatConsultation', { name: room?.name ?? '…' });
}

export function nameOf(view: CourtroomView, participantId: string): string {
  return view.participants.find((p) => p.participantId === participantId)?.displayName ?? participantId.slice(0, 8);
}

/** In the main room or a consultation room: where people take part (not the lobby, not the gallery). */
export function inARoom(attendee: AttendeeView): boolean {
  return attendee.seat === 'main' || attendee.seat.startsWith('consultation:');
}
