// How the console names roles and places in the page's language: a role, a seat (the main room,
// a consultation room by its name, the lobby, the gallery). Names of people: people.ts.
import type { CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import type { CaseRole } from '../../../server/domain/access/roles.js';
import { msg, type Message } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import { consultationAt } from './people.js';

export function roleMessage(role: CaseRole): Message {
  return { key: `role.${role}` as MessageKey };
}

export function seatMessage(seat: string, view: CourtroomView): Message {
  if (seat === 'main') return msg('console.seatMain');
  if (seat === 'lobby') return msg('console.seatLobby');
  if (seat === 'gallery') return msg('console.seatGallery');
  const room = consultationAt(view, seat);
  return msg('console.seatConsultation', { name: room?.name ?? '…' });
}
