// What one person sees of the courtroom. The presiding side sees everything: the lobby, the
// gallery's members, every consultation room and request. Everyone else sees the people of
// their own room, never the lobby, and the public gallery only as a count.
import type { CaseRole } from '../access/roles.js';
import type { HearingPhase } from './hearingPhase.js';
import type { Attendee, Courtroom, FloorMode, MutableSource, Presentation, Seat } from './Courtroom.js';

export interface AttendeeView {
  participantId: string;
  displayName: string;
  role: CaseRole;
  seat: Seat;
  connected: boolean;
  handRaised: boolean;
  courtMuted: Record<MutableSource, boolean>;
  /** For the presiding side: whom to address in which language and at what hour. */
  locale: string;
  timeZone: string;
}

export interface CourtroomView {
  hearingId: string;
  /** The hearing's case (its evidence is what can be shown). */
  caseId: string;
  /** The language of the proceedings (an oath needs a text in it). */
  floorLanguage: string;
  phase: HearingPhase;
  locked: boolean;
  floorMode: FloorMode;
  floorHolder: string | null;
  you: { participantId: string; seat: Seat; presiding: boolean; courtMuted: Record<MutableSource, boolean>; handRaised: boolean; mayUnmuteMicrophone: boolean; mayPresent: boolean };
  /** The exhibit shown to the main room (and the gallery), if any. */
  presentation: Presentation | null;
  /** The people you can see (see the top of this file). */
  participants: AttendeeView[];
  galleryCount: number;
  /** Raised hands in order, among the people you can see. */
  handQueue: string[];
  /** The presiding side sees all; others their own. */
  consultations: Array<{ roomId: string; name: string; members: string[] }>;
  /** The presiding side only. */
  consultationRequests: Array<{ requestId: string; participantId: string; with: string[]; reason: string }>;
}

export function courtroomViewFor(courtroom: Courtroom, viewerId: string, hearing: { caseId: string; floorLanguage: string }): CourtroomView | undefined {
  const viewer = courtroom.attendee(viewerId);
  if (viewer === undefined) return undefined;
  const presiding = courtroom.isPresiding(viewerId);
  const everyone = courtroom.attendees();
  const visible = presiding ? everyone : everyone.filter((a) => seesOther(viewer, a));
  const visibleIds = new Set(visible.map((a) => a.participantId));
  return {
    hearingId: courtroom.hearingId,
    caseId: hearing.caseId,
    floorLanguage: hearing.floorLanguage,
    phase: courtroom.phase,
    locked: courtroom.locked,
    floorMode: courtroom.floorMode,
    floorHolder: courtroom.floorHolder ?? null,
    you: {
      participantId: viewerId,
      seat: viewer.seat,
      presiding,
      courtMuted: { ...viewer.courtMuted },
      handRaised: viewer.handRaisedAt !== undefined,
      mayUnmuteMicrophone: courtroom.maySend(viewerId, 'microphone'),
      mayPresent: courtroom.mayPresent(viewerId),
    },
    presentation: presiding || viewer.seat === 'main' || viewer.seat === 'gallery' ? (courtroom.presentation ?? null) : null,
    participants: visible.map(describe),
    galleryCount: everyone.filter((a) => a.seat === 'gallery').length,
    handQueue: courtroom.handQueue().filter((id) => visibleIds.has(id)),
    consultations: courtroom
      .consultations()
      .map((room) => ({ roomId: room.id, name: room.name, members: everyone.filter((a) => a.seat === `consultation:${room.id}`).map((a) => a.participantId) }))
      .filter((room) => presiding || viewer.seat === `consultation:${room.roomId}`),
    consultationRequests: presiding ? courtroom.pendingConsultationRequests().map((r) => ({ ...r, with: [...r.with] })) : [],
  };
}

/** Outside the presiding side: the people of your own room, never the lobby or the gallery. */
function seesOther(viewer: Attendee, other: Attendee): boolean {
  if (other.participantId === viewer.participantId) return true;
  if (viewer.seat === 'lobby' || other.seat === 'lobby' || other.seat === 'gallery') return false;
  const room = viewer.seat === 'gallery' ? 'main' : viewer.seat;
  return other.seat === room;
}

function describe(a: Attendee): AttendeeView {
  return {
    participantId: a.participantId,
    displayName: a.displayName,
    role: a.role,
    seat: a.seat,
    connected: a.connected,
    handRaised: a.handRaisedAt !== undefined,
    courtMuted: { ...a.courtMuted },
    locale: a.locale,
    timeZone: a.timeZone,
  };
}
