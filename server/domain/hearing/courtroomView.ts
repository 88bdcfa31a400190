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
  return courtroomViews(courtroom, hearing).viewOf(viewerId);
}

/** How many sit in the public gallery (shown to everyone as a number, apart from the views). */
export function galleryCount(courtroom: Courtroom): number {
  return courtroom.attendees().reduce((n, a) => (a.seat === 'gallery' ? n + 1 : n), 0);
}

/** Everyone's view of the courtroom as it stands. */
export interface CourtroomViews {
  viewOf(viewerId: string): CourtroomView | undefined;
  /**
   * Equal in two rounds exactly when the viewer's view is: what is to be sent again. Cheap for
   * the gallery, whose views differ only in the viewer's own part (the rest is encoded once).
   */
  fingerprintOf(viewerId: string): string | undefined;
}

/**
 * Everyone's view of the courtroom as it is now. What views share (the people described, who
 * sits where, the hand queue, each room's part) is worked out once per round, so showing a change
 * to n people costs O(n) for the people in the gallery, not O(n²).
 */
export function courtroomViews(courtroom: Courtroom, hearing: { caseId: string; floorLanguage: string }): CourtroomViews {
  const everyone = courtroom.attendees();
  // Described when first shown: a view for one person (the join's answer) describes only the
  // people that person sees.
  const descriptions: Array<AttendeeView | undefined> = [];
  const described = (i: number): AttendeeView => (descriptions[i] ??= describe(everyone[i]!, courtroom.mayPresent(everyone[i]!.participantId)));
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

  /** What everyone in a seat (not presiding) is shown alike: their room's people and doings. */
  const seatParts = new Map<Seat, { room: number[]; roomIds: Set<string>; presentation: Presentation | null; consultations: typeof consultations; key?: string }>();
  const seatPart = (seat: Seat) => {
    let part = seatParts.get(seat);
    if (part === undefined) {
      // The gallery looks at the main room; the lobby sees nobody.
      const room = seat === 'lobby' ? [] : (bySeat.get(seat === 'gallery' ? 'main' : seat) ?? []);
      part = {
        room,
        roomIds: new Set(room.map((i) => everyone[i]!.participantId)),
        presentation: seat === 'main' || seat === 'gallery' ? (courtroom.presentation ?? null) : null,
        consultations: consultations.filter((c) => seat === `consultation:${c.roomId}`),
      };
      seatParts.set(seat, part);
    }
    return part;
  };
  const youOf = (viewer: Attendee, presiding: boolean) => ({
    participantId: viewer.participantId,
    seat: viewer.seat,
    presiding,
    courtMuted: { ...viewer.courtMuted },
    handRaised: viewer.handRaisedAt !== undefined,
    mayUnmuteMicrophone: courtroom.maySend(viewer.participantId, 'microphone'),
    mayPresent: courtroom.mayPresent(viewer.participantId),
  });
  /** Outside the presiding side: your room's people and yourself, in arrival order. */
  const visibleTo = (at: number, room: number[]) => (room.includes(at) ? room : insertInOrder(room, at));

  const built = new Map<string, CourtroomView | undefined>();
  const viewOf = (viewerId: string): CourtroomView | undefined => {
    if (!built.has(viewerId)) built.set(viewerId, buildView(viewerId));
    return built.get(viewerId);
  };
  const buildView = (viewerId: string): CourtroomView | undefined => {
    const at = position.get(viewerId);
    if (at === undefined) return undefined;
    const viewer = everyone[at]!;
    if (courtroom.isPresiding(viewerId)) {
      return {
        ...shared,
        you: youOf(viewer, true),
        presentation: courtroom.presentation ?? null,
        participants: everyone.map((_, i) => described(i)),
        handQueue,
        consultations,
        consultationRequests: courtroom.pendingConsultationRequests().map((r) => ({ ...r, with: [...r.with] })),
      };
    }
    const part = seatPart(viewer.seat);
    return {
      ...shared,
      you: youOf(viewer, false),
      presentation: part.presentation,
      participants: visibleTo(at, part.room).map(described),
      handQueue: handQueue.filter((id) => id === viewerId || part.roomIds.has(id)),
      consultations: part.consultations,
      consultationRequests: [],
    };
  };

  const fingerprintOf = (viewerId: string): string | undefined => {
    const at = position.get(viewerId);
    if (at === undefined) return undefined;
    const viewer = everyone[at]!;
    if (courtroom.isPresiding(viewerId)) return JSON.stringify(viewOf(viewerId));
    const part = seatPart(viewer.seat);
    part.key ??= JSON.stringify([shared, part.room.map(described), part.presentation, part.consultations, handQueue.filter((id) => part.roomIds.has(id))]);
    const own = part.room.includes(at) ? null : [described(at), part.room.filter((i) => i < at).length];
    // Where your own raised hand falls among those of your room you see.
    const hand = handQueue.indexOf(viewerId);
    const handPlace = hand === -1 ? null : handQueue.slice(0, hand).filter((id) => part.roomIds.has(id)).length;
    return `${part.key}|${JSON.stringify([youOf(viewer, false), own, handPlace])}`;
  };

  return { viewOf, fingerprintOf };
}

/** A sorted list of positions with one more put in its place. */
function insertInOrder(sorted: number[], at: number): number[] {
  const index = sorted.findIndex((i) => i > at);
  return index === -1 ? [...sorted, at] : [...sorted.slice(0, index), at, ...sorted.slice(index)];
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
