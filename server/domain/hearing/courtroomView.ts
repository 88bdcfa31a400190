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
  /** May show exhibits and share a screen (the presiding side always; others with its leave). */
  mayPresent: boolean;
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
  /** Raised hands in order, among the people you can see. */
  handQueue: string[];
  /** The presiding side sees all; others their own. */
  consultations: Array<{ roomId: string; name: string; members: string[] }>;
  /** The presiding side only. */
  consultationRequests: Array<{ requestId: string; participantId: string; with: string[]; reason: string }>;
}

export function courtroomViewFor(courtroom: Courtroom, viewerId: string, hearing: { caseId: string; floorLanguage: string }): CourtroomView | undefined {
  return courtroomViews(courtroom, hearing)(viewerId);
}

/** How many sit in the public gallery (shown to everyone as a number, apart from the views). */
export function galleryCount(courtroom: Courtroom): number {
  return courtroom.attendees().reduce((n, a) => (a.seat === 'gallery' ? n + 1 : n), 0);
}

/**
 * Everyone's view of the courtroom as it is now: what all views share (the people described, who
 * sits where, the hand queue) is worked out once, so showing a change to n people costs O(n)
 * for the people in the gallery, not O(n²).
 */
export function courtroomViews(courtroom: Courtroom, hearing: { caseId: string; floorLanguage: string }): (viewerId: string) => CourtroomView | undefined {
  const everyone = courtroom.attendees();
  const described = everyone.map((a) => describe(a, courtroom.mayPresent(a.participantId)));
  const position = new Map(everyone.map((a, i) => [a.participantId, i]));
  const bySeat = new Map<Seat, number[]>();
  everyone.forEach((a, i) => {
    const seated = bySeat.get(a.seat);
    if (seated === undefined) bySeat.set(a.seat, [i]);
    else seated.push(i);
  });
  const handQueue = courtroom.handQueue();
  const consultations = courtroom
    .consultations()
    .map((room) => ({ roomId: room.id, name: room.name, members: (bySeat.get(`consultation:${room.id}`) ?? []).map((i) => everyone[i]!.participantId) }));
  const shared = {
    hearingId: courtroom.hearingId,
    caseId: hearing.caseId,
    floorLanguage: hearing.floorLanguage,
    phase: courtroom.phase,
    locked: courtroom.locked,
    floorMode: courtroom.floorMode,
    floorHolder: courtroom.floorHolder ?? null,
  };
  return (viewerId) => {
    const at = position.get(viewerId);
    if (at === undefined) return undefined;
    const viewer = everyone[at]!;
    const presiding = courtroom.isPresiding(viewerId);
    const visible = presiding ? described : visibleTo(viewer, at, bySeat).map((i) => described[i]!);
    const visibleIds = presiding ? undefined : new Set(visible.map((a) => a.participantId));
    return {
      ...shared,
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
      participants: visible,
      handQueue: visibleIds === undefined ? handQueue : handQueue.filter((id) => visibleIds.has(id)),
      consultations: consultations.filter((room) => presiding || viewer.seat === `consultation:${room.roomId}`),
      consultationRequests: presiding ? courtroom.pendingConsultationRequests().map((r) => ({ ...r, with: [...r.with] })) : [],
    };
  };
}

/**
 * Outside the presiding side: the people of your own room (the gallery looks at the main room),
 * never the lobby or the gallery; and yourself. Positions in arrival order.
 */
function visibleTo(viewer: Attendee, at: number, bySeat: ReadonlyMap<Seat, number[]>): number[] {
  if (viewer.seat === 'lobby') return [at];
  const room = bySeat.get(viewer.seat === 'gallery' ? 'main' : viewer.seat) ?? [];
  if (viewer.seat !== 'gallery') return room;
  const withSelf = [...room, at];
  return withSelf.sort((a, b) => a - b);
}

function describe(a: Attendee, mayPresent: boolean): AttendeeView {
  return {
    participantId: a.participantId,
    displayName: a.displayName,
    role: a.role,
    seat: a.seat,
    connected: a.connected,
    handRaised: a.handRaisedAt !== undefined,
    courtMuted: { ...a.courtMuted },
    mayPresent,
    locale: a.locale,
    timeZone: a.timeZone,
  };
}
