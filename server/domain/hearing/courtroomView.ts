// What one person sees of the courtroom. The presiding side sees everything but the public
// gallery's members: the lobby, every room, every consultation and request. Everyone else sees
// the people of their own room, never the lobby. The gallery is a count for everyone, the
// presiding side included (`courtroom:gallery`): its members have no voice, no camera and
// nothing to be granted, and a public hearing may have thousands of them.
import type { CaseRole } from '../access/roles.js';
import { extended } from '../extended.js';
import type { HearingPhase } from './hearingPhase.js';
import type { Attendee, Courtroom, FloorMode, MutableSource, Presentation, Seat } from './Courtroom.js';
import { DEFAULT_FLOOR_VOLUME, Interpretation, type Channel, type ConsecutivePair, type HandoverOffer } from '../interpretation/Interpretation.js';

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
  /**
   * For the presiding side only: whom to address in which language and at what hour. Nobody
   * else is told where the others are — not the parties, not the public gallery.
   */
  locale?: string;
  timeZone?: string;
}

/** An interpreter at work, as the presiding side sees them (and an interpreter sees themself). */
export interface InterpreterView {
  participantId: string;
  pair: [string, string];
  /** The booth: the interpreters of one pair. */
  booth: string;
  /** The channel their voice feeds. */
  into: string;
  /** What they hear to interpret: the floor, or a channel they relay. */
  source: Channel;
  /** The booth's active interpreter (the one the channel's listeners hear). */
  active: boolean;
}

/** The interpreter's console: their desk, their booth partners and a handover offered. */
export interface InterpreterConsoleView extends InterpreterView {
  partners: string[];
  handoverOffer: HandoverOffer | null;
}

export interface InterpretationView {
  floorLanguage: string;
  /** The language channels a listener may choose besides the floor. */
  languages: string[];
  /**
   * The floor's level under a channel's interpreter until the listener sets their own (the
   * client ducks the floor only while the channel's consumer carries voice).
   */
  defaultFloorVolume: number;
  /** Who interprets what: for the presiding side; empty for everyone else. */
  interpreters: InterpreterView[];
  /**
   * The language pairs the judge switched to consecutive interpretation, shown to everyone: the
   * pair's interpreter speaks on the floor after the speaker, and the server offers their voice
   * (source 'interpretation', channel: the language they speak into) to everyone, as floor audio.
   */
  consecutive: ConsecutivePairView[];
}

export interface ConsecutivePairView {
  booth: string;
  pair: [string, string];
  /** The witness it is for, when the judge named one. */
  witness: string | null;
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
  /** The official recording of the main room is running: every attendee is shown so. */
  recording: boolean;
  you: {
    participantId: string;
    seat: Seat;
    presiding: boolean;
    courtMuted: Record<MutableSource, boolean>;
    handRaised: boolean;
    mayUnmuteMicrophone: boolean;
    mayPresent: boolean;
    /**
     * What you hear besides the floor: 'floor', or the language channel you chose. The server
     * offers you (producer:added, source 'interpretation') the voice of that channel's active
     * interpreter and no other: that consumer is the channel.
     */
    listening: Channel;
    /** For an interpreter: their console. */
    interpreting: InterpreterConsoleView | null;
  };
  /** The language channels; who interprets what (the presiding side). */
  interpretation: InterpretationView;
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

/**
 * What everyone in the public gallery is shown alike: the main room, its people and doings —
 * a gallery member's view without its `you` (sent once for all of them: courtroom:galleryState).
 */
export type GalleryView = Omit<CourtroomView, 'you'>;

/** What the views are built from besides the courtroom: interpretation is optional for callers that have none. */
export interface ViewedHearing {
  caseId: string;
  floorLanguage: string;
  interpretation?: Interpretation;
}

export function courtroomViewFor(courtroom: Courtroom, viewerId: string, hearing: ViewedHearing): CourtroomView | undefined {
  return courtroomViews(courtroom, hearing).viewOf(viewerId);
}

/** How many sit in the public gallery (shown to everyone as a number, apart from the views). */
export function galleryCount(courtroom: Courtroom): number {
  return courtroom.seatedCount('gallery');
}

/**
 * Equal in two rounds (sameFingerprint) exactly when the viewer's view is: what their seat shows
 * alike (one string shared by everyone there) and their own part.
 */
export interface ViewFingerprint {
  readonly shared: string;
  readonly own: string;
}

export function sameFingerprint(a: ViewFingerprint | undefined, b: ViewFingerprint | undefined): boolean {
  return a !== undefined && b !== undefined && a.shared === b.shared && a.own === b.own;
}

/** Everyone's view of the courtroom as it stands. */
export interface CourtroomViews {
  viewOf(viewerId: string): CourtroomView | undefined;
  /**
   * Equal in two rounds exactly when the viewer's view is: what is to be sent again. Cheap for
   * the gallery, whose views differ only in the viewer's own part (the rest is encoded once).
   */
  fingerprintOf(viewerId: string): ViewFingerprint | undefined;
  /** The viewer's view and its fingerprint, built together (what is sent, and noted as sent). */
  sentView(viewerId: string): { view: CourtroomView; fingerprint: ViewFingerprint } | undefined;
  /** Who sits where (the presiding side included), each seat in arrival order. */
  seating(): ReadonlyMap<Seat, readonly Attendee[]>;
  /**
   * What everyone in a seat outside the presiding side is shown alike (their room's people and
   * doings, the hearing's state), encoded: while it stays the same, a view there changes only
   * with its viewer's own state.
   */
  seatKeyOf(seat: Seat): string;
  /** The gallery's shared view: any gallery member's view is this and their own `you`. */
  galleryView(): GalleryView;
}

/**
 * Everyone's view of the courtroom as it is now. What views share (the people described, who
 * sits where, the hand queue, each seat's part) is worked out once per round and only when a
 * view needs it: a round for n people costs O(n), and one person's view (the join's answer) only
 * what that person sees — nothing of the gallery for someone in the lobby.
 */
export function courtroomViews(courtroom: Courtroom, hearing: ViewedHearing): CourtroomViews {
  const once = <T>(make: () => T): (() => T) => {
    let made: { value: T } | undefined;
    return () => (made ??= { value: make() }).value;
  };
  const interpretation = hearing.interpretation ?? new Interpretation(hearing.floorLanguage);
  const everyone = once(() => courtroom.attendees());
  // From the courtroom's seat index: one person's view (the join's answer) reads their own room,
  // not a walk over a gallery of a thousand.
  const seatedIn = new Map<Seat, Attendee[]>();
  const seated = (seat: Seat): Attendee[] => {
    let people = seatedIn.get(seat);
    if (people === undefined) seatedIn.set(seat, (people = courtroom.seatedIn(seat)));
    return people;
  };
  const bySeat = once(() => new Map(courtroom.occupiedSeats().map((seat) => [seat, seated(seat)])));
  const handQueue = once(() => courtroom.handQueue());
  const consultations = once(() =>
    courtroom.consultations().map((room) => ({ roomId: room.id, name: room.name, members: seated(`consultation:${room.id}`).map((a) => a.participantId) })),
  );
  const shared = {
    hearingId: courtroom.hearingId,
    caseId: hearing.caseId,
    floorLanguage: hearing.floorLanguage,
    phase: courtroom.phase,
    locked: courtroom.locked,
    floorMode: courtroom.floorMode,
    floorHolder: courtroom.floorHolder ?? null,
    // In `shared`, so every fingerprint (the gallery's included) changes with it.
    recording: courtroom.recording !== undefined,
    // Only what every listener needs (a handful of languages): nothing per attendee.
    interpretation: {
      floorLanguage: interpretation.floorLanguage,
      languages: interpretation.languages(),
      defaultFloorVolume: DEFAULT_FLOOR_VOLUME,
      interpreters: [] as InterpreterView[],
      consecutive: interpretation.consecutivePairs().map(consecutiveView),
    },
  };
  const interpreters = once(() => interpretation.interpreters().map((desk) => interpreterView(interpretation, desk.participantId)));
  // Described when first shown, once per round: for the presiding side with each person's
  // language and time zone, for everyone else without.
  const describer = (forPresiding: boolean) => {
    const descriptions = new Map<string, AttendeeView>();
    return (a: Attendee): AttendeeView => {
      let view = descriptions.get(a.participantId);
      if (view === undefined) {
        view = describe(a, courtroom.mayPresent(a.participantId), forPresiding);
        descriptions.set(a.participantId, view);
      }
      return view;
    };
  };
  const described = describer(false);
  const describedForPresiding = describer(true);

  /** What everyone in a seat (not presiding) is shown alike: their room's people and doings. */
  interface SeatPart {
    room: Attendee[];
    roomIds: Set<string>;
    presentation: Presentation | null;
    consultations: Array<{ roomId: string; name: string; members: string[] }>;
    key?: string;
  }
  const seatParts = new Map<Seat, SeatPart>();
  const seatPart = (seat: Seat): SeatPart => {
    let part = seatParts.get(seat);
    if (part === undefined) {
      // The gallery looks at the main room; the lobby sees nobody.
      const room = seat === 'lobby' ? [] : seated(seat === 'gallery' ? 'main' : seat);
      part = {
        room,
        roomIds: new Set(room.map((a) => a.participantId)),
        presentation: seat === 'main' || seat === 'gallery' ? (courtroom.presentation ?? null) : null,
        consultations: seat.startsWith('consultation:') ? consultations().filter((c) => seat === `consultation:${c.roomId}`) : [],
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
    listening: interpretation.listeningOf(viewer.participantId),
    interpreting: interpreterConsole(interpretation, viewer.participantId),
  });
  /** Those of the viewer's room whose hands are up, and the viewer's own, in the queue's order. */
  const handsSeenBy = (viewer: Attendee, part: SeatPart) =>
    viewer.handRaisedAt === undefined && part.room.every((a) => a.handRaisedAt === undefined)
      ? []
      : handQueue().filter((id) => id === viewer.participantId || part.roomIds.has(id));
  /** The hands up in a room, in the queue's order. */
  const handsOf = (part: SeatPart): string[] => (part.room.some((a) => a.handRaisedAt !== undefined) ? handQueue().filter((id) => part.roomIds.has(id)) : []);
  /**
   * Outside the presiding side: your room's people, yourself among them, in arrival order (the
   * seat index keeps that order). The gallery watches the main room without being in it: its
   * members see the room's people only. The lobby sees nobody but you.
   */
  const visibleTo = (viewer: Attendee, part: SeatPart): Attendee[] => (viewer.seat === 'lobby' ? [viewer] : part.room);

  // The presiding side's views are built for their fingerprint and kept for the round; anyone
  // else's is built when asked and not kept (a round paced over a gallery of a thousand would
  // otherwise hold every view it sent until its end, long enough to age into the old heap).
  const presidingViews = new Map<string, CourtroomView>();
  const viewOf = (viewerId: string): CourtroomView | undefined => {
    if (!courtroom.isPresiding(viewerId)) return buildView(viewerId);
    let view = presidingViews.get(viewerId);
    if (view === undefined) {
      view = buildView(viewerId);
      if (view !== undefined) presidingViews.set(viewerId, view);
    }
    return view;
  };
  const buildView = (viewerId: string): CourtroomView | undefined => {
    const viewer = courtroom.attendee(viewerId);
    if (viewer === undefined) return undefined;
    if (courtroom.isPresiding(viewerId)) {
      return extended(shared, {
        interpretation: extended(shared.interpretation, { interpreters: interpreters() }),
        you: youOf(viewer, true),
        presentation: courtroom.presentation ?? null,
        participants: everyone().filter((a) => a.seat !== 'gallery').map(describedForPresiding),
        handQueue: handQueue(),
        consultations: consultations(),
        consultationRequests: courtroom.pendingConsultationRequests().map((r) => extended(r, { with: [...r.with] })),
      });
    }
    if (viewer.seat === 'gallery') return extended(galleryView(), { you: youOf(viewer, false) });
    const part = seatPart(viewer.seat);
    return extended(shared, {
      you: youOf(viewer, false),
      presentation: part.presentation,
      participants: visibleTo(viewer, part).map(described),
      handQueue: handsSeenBy(viewer, part),
      consultations: part.consultations,
      consultationRequests: [],
    });
  };

  const seatKeyOf = (seat: Seat): string => {
    const part = seatPart(seat);
    part.key ??= JSON.stringify([shared, part.room.map(described), part.presentation, part.consultations, handsOf(part)]);
    return part.key;
  };

  const galleryView = once((): GalleryView => {
    const part = seatPart('gallery');
    return extended(shared, { presentation: part.presentation, participants: part.room.map(described), handQueue: handsOf(part), consultations: [], consultationRequests: [] });
  });

  /** `you`: the viewer's own part if it is built already (their view is being sent). */
  const fingerprintOf = (viewerId: string, you?: CourtroomView['you']): ViewFingerprint | undefined => {
    const viewer = courtroom.attendee(viewerId);
    if (viewer === undefined) return undefined;
    if (courtroom.isPresiding(viewerId)) return { shared: JSON.stringify(viewOf(viewerId)), own: '' };
    const key = seatKeyOf(viewer.seat);
    // In the gallery: nothing of yours but `you` (the rest is the gallery's view).
    if (viewer.seat === 'gallery') return { shared: key, own: JSON.stringify(you ?? youOf(viewer, false)) };
    const part = seatPart(viewer.seat);
    // In the lobby yourself (nobody else is shown; elsewhere you are in your seat's shared part),
    // and where your hand is in your room's queue.
    const own = viewer.seat === 'lobby' ? described(viewer) : null;
    const hands = viewer.handRaisedAt === undefined ? null : handsSeenBy(viewer, part).indexOf(viewerId);
    return { shared: key, own: JSON.stringify([you ?? youOf(viewer, false), own, hands]) };
  };

  const sentView = (viewerId: string): { view: CourtroomView; fingerprint: ViewFingerprint } | undefined => {
    const view = viewOf(viewerId);
    if (view === undefined) return undefined;
    return { view, fingerprint: fingerprintOf(viewerId, view.you)! };
  };

  return { viewOf, fingerprintOf, sentView, seating: bySeat, seatKeyOf, galleryView };
}

function interpreterView(interpretation: Interpretation, participantId: string): InterpreterView {
  const desk = interpretation.interpreter(participantId)!;
  return { participantId, pair: [desk.pair[0], desk.pair[1]], booth: desk.booth, into: desk.into, source: desk.source, active: interpretation.isActive(participantId) };
}

function consecutiveView(consecutive: ConsecutivePair): ConsecutivePairView {
  return { booth: consecutive.booth, pair: [consecutive.pair[0], consecutive.pair[1]], witness: consecutive.witness ?? null };
}

function interpreterConsole(interpretation: Interpretation, participantId: string): InterpreterConsoleView | null {
  const desk = interpretation.interpreter(participantId);
  if (desk === undefined) return null;
  const offer = interpretation.offerIn(desk.booth);
  return extended(interpreterView(interpretation, participantId), { partners: interpretation.partnersOf(participantId), handoverOffer: offer === undefined ? null : { ...offer } });
}

/** `forPresiding`: with the person's language and time zone (AttendeeView.locale). */
function describe(a: Attendee, mayPresent: boolean, forPresiding = false): AttendeeView {
  const view: AttendeeView = {
    participantId: a.participantId,
    displayName: a.displayName,
    role: a.role,
    seat: a.seat,
    connected: a.connected,
    handRaised: a.handRaisedAt !== undefined,
    courtMuted: { ...a.courtMuted },
    mayPresent,
  };
  if (forPresiding) {
    view.locale = a.locale;
    view.timeZone = a.timeZone;
  }
  return view;
}
