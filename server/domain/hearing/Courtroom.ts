// The live state of one hearing, as the presiding judge controls it: who waits in the lobby, who
// is in the main room, the public gallery or a consultation room, who the court has muted, the
// hand queue and the floor, oaths, whether the official recording runs, and who may come back
// after a dropped connection. Pure: every command either throws a CourtError (a refusal with a
// stable code) or returns the events it caused, which the transport turns into pushes, media
// actions and the hearing record.
import { isStaffRole, type CaseRole } from '../access/roles.js';
import { extended } from '../extended.js';
import { CourtError } from '../CourtError.js';
import { isOpen, requirePhaseMove, type HearingPhase } from './hearingPhase.js';

export type Seat = 'lobby' | 'main' | 'gallery' | `consultation:${string}`;
/** Where media flows: the main room (the gallery receives it) or one consultation room. */
export type MediaSpace = 'main' | `consultation:${string}`;
export type MutableSource = 'microphone' | 'camera';
export type FloorMode = 'open' | 'floorOnly';

export interface Arrival {
  participantId: string;
  displayName: string;
  role: CaseRole;
  locale: string;
  timeZone: string;
}

export interface Attendee extends Arrival {
  seat: Seat;
  connected: boolean;
  awaySince?: number;
  handRaisedAt?: number;
  handOrder?: number;
  courtMuted: Record<MutableSource, boolean>;
}

export interface Consultation {
  id: string;
  name: string;
  openedBy: string;
}

export interface OathCall {
  oathId: string;
  participantId: string;
  language: string;
  text: string;
  calledBy: string;
  confirmedAt?: number;
}

/** The exhibit everyone in the main room sees, at the same page. */
export interface Presentation {
  evidenceId: string;
  title: string;
  mediaType: string;
  page: number;
  presenterId: string;
}

export interface ConsultationRequest {
  requestId: string;
  participantId: string;
  with: string[];
  reason: string;
}

export type CourtroomEvent =
  | { type: 'arrived'; participantId: string; seat: Seat; reconnected: boolean }
  | { type: 'left'; participantId: string }
  | { type: 'departed'; participantId: string }
  | { type: 'admitted'; participantId: string; seat: Seat; by: string }
  | { type: 'preAdmitted'; participantIds: string[]; by: string }
  | { type: 'denied'; participantId: string; reason: string; by: string }
  | { type: 'removed'; participantId: string; to: 'lobby' | 'out'; by: string }
  | { type: 'muted'; participantId: string; sources: MutableSource[]; by: string }
  | { type: 'unmuted'; participantId: string; sources: MutableSource[]; by: string }
  | { type: 'cameraRequested'; participantId: string; by: string }
  | { type: 'locked'; by: string }
  | { type: 'unlocked'; by: string }
  | { type: 'handRaised'; participantId: string }
  | { type: 'handLowered'; participantId: string; by: string }
  | { type: 'floorGranted'; participantId: string; by: string }
  | { type: 'floorRevoked'; participantId: string; by: string }
  | { type: 'floorModeChanged'; mode: FloorMode; by: string }
  | { type: 'consultationOpened'; roomId: string; name: string; by: string }
  | { type: 'consultationClosed'; roomId: string; by: string }
  | { type: 'consultationRequested'; request: ConsultationRequest }
  | { type: 'consultationDeclined'; participantId: string; requestId: string; reason?: string; by: string }
  | { type: 'moved'; participantId: string; from: Seat; to: Seat; by: string }
  | { type: 'oathCalled'; oath: OathCall }
  | { type: 'oathConfirmed'; oath: OathCall }
  | { type: 'phaseChanged'; from: HearingPhase; to: HearingPhase; by: string }
  | { type: 'delegated'; participantId: string; by: string }
  | { type: 'presenterAllowed'; participantId: string; allowed: boolean; by: string }
  | { type: 'exhibitShown'; presentation: Presentation }
  | { type: 'exhibitPageTurned'; evidenceId: string; page: number; by: string }
  | { type: 'exhibitClosed'; evidenceId: string; by: string }
  | { type: 'recordingStarted'; recordingId: string; by: string }
  | { type: 'recordingStopped'; recordingId: string; by: string };

/**
 * The people whose own state a change altered (each event names one), or undefined when the
 * change is about the hearing as a whole. Anyone else's view of the courtroom changes only
 * through what their seat shows alike (CourtroomViews.seatKeyOf).
 */
export function concernedBy(events: readonly CourtroomEvent[]): string[] | undefined {
  const concerned: string[] = [];
  for (const event of events) {
    if (!('participantId' in event) || typeof event.participantId !== 'string') return undefined;
    concerned.push(event.participantId);
  }
  return concerned;
}

/** The official recording of the main room, while it runs (consultation rooms are never recorded). */
export interface RecordingRun {
  recordingId: string;
  startedBy: string;
  startedAt: number;
}

export interface CourtroomOptions {
  hearingId: string;
  phase: HearingPhase;
  /** The participant (judge, arbitrator, mediator) who presides. */
  presidingId: string;
  /** How long a dropped participant keeps their seat and state. */
  reconnectWindowMs: number;
  now: () => number;
  newId: () => string;
}

const ADMITTED: ReadonlySet<string> = new Set(['main', 'gallery']);

export class Courtroom {
  readonly hearingId: string;
  readonly presidingId: string;
  #phase: HearingPhase;
  #locked = false;
  /** Raising order: two hands raised in one millisecond still queue in the order they came. */
  #raises = 0;
  #floorMode: FloorMode = 'open';
  #floorHolder: string | undefined;
  readonly #attendees = new Map<string, Attendee>();
  /** Who dropped and may still come back (every arrival looks here: not the whole courtroom). */
  readonly #away = new Set<string>();
  /** Who sits in each seat (a seat's room mates are found here, not by walking a gallery of thousands). */
  readonly #bySeat = new Map<Seat, Set<string>>();
  /** Each attendee's place in the order of arrival (the order of #attendees). */
  readonly #arrivalOrder = new Map<string, number>();
  /**
   * Each seat's latest arrival in its index, and the seats whose index is not in arrival order
   * (someone who came earlier sat down after a later one): only those are sorted when read.
   */
  readonly #latestSeated = new Map<Seat, number>();
  readonly #seatsOutOfOrder = new Set<Seat>();
  #arrivals = 0;
  readonly #delegates = new Set<string>();
  readonly #barred = new Set<string>();
  /** Parties the presiding side allows to present exhibits and share their screen. */
  readonly #presenters = new Set<string>();
  #presentation: Presentation | undefined;
  #recording: RecordingRun | undefined;
  /** Admitted in advance by the presiding side: they skip the lobby when they come. */
  readonly #expected = new Set<string>();
  readonly #consultations = new Map<string, Consultation>();
  readonly #requests = new Map<string, ConsultationRequest>();
  readonly #oaths = new Map<string, OathCall>();
  readonly #options: CourtroomOptions;

  constructor(options: CourtroomOptions) {
    this.hearingId = options.hearingId;
    this.presidingId = options.presidingId;
    this.#phase = options.phase;
    this.#options = options;
  }

  get phase(): HearingPhase {
    return this.#phase;
  }

  get locked(): boolean {
    return this.#locked;
  }

  get floorMode(): FloorMode {
    return this.#floorMode;
  }

  get floorHolder(): string | undefined {
    return this.#floorHolder;
  }

  get presentation(): Presentation | undefined {
    return this.#presentation === undefined ? undefined : { ...this.#presentation };
  }

  get recording(): RecordingRun | undefined {
    return this.#recording === undefined ? undefined : { ...this.#recording };
  }

  mayPresent(participantId: string): boolean {
    return this.isPresiding(participantId) || this.#presenters.has(participantId);
  }

  attendee(participantId: string): Attendee | undefined {
    return this.#attendees.get(participantId);
  }

  attendees(): Attendee[] {
    return [...this.#attendees.values()];
  }

  /** How many sit in a seat now. */
  seatedCount(seat: Seat): number {
    return this.#bySeat.get(seat)?.size ?? 0;
  }

  /** The seats someone sits in now. */
  occupiedSeats(): Seat[] {
    const seats: Seat[] = [];
    for (const [seat, ids] of this.#bySeat) if (ids.size > 0) seats.push(seat);
    return seats;
  }

  /** Who sits in a seat now, in the order they came to the hearing. */
  seatedIn(seat: Seat): Attendee[] {
    const ids = this.#bySeat.get(seat);
    if (ids === undefined || ids.size === 0) return [];
    // The index keeps the order people sat down; a room is shown in the order they came: put
    // back in that order the first time it is read after someone sat down out of turn.
    if (this.#seatsOutOfOrder.has(seat)) {
      const ordered = [...ids].sort((a, b) => this.#arrivalOrder.get(a)! - this.#arrivalOrder.get(b)!);
      this.#bySeat.set(seat, new Set(ordered));
      this.#seatsOutOfOrder.delete(seat);
      this.#latestSeated.set(seat, this.#arrivalOrder.get(ordered.at(-1)!)!);
      return ordered.map((id) => this.#attendees.get(id)!);
    }
    return Array.from(ids, (id) => this.#attendees.get(id)!);
  }

  consultations(): Consultation[] {
    return [...this.#consultations.values()];
  }

  /** Raised hands, first raised first. */
  handQueue(): string[] {
    return this.attendees()
      .filter((a) => a.handRaisedAt !== undefined)
      .sort((a, b) => a.handOrder! - b.handOrder!)
      .map((a) => a.participantId);
  }

  pendingConsultationRequests(): ConsultationRequest[] {
    return [...this.#requests.values()];
  }

  /** The presiding judge and those they delegated the chair to. */
  presidingSide(): string[] {
    return [this.presidingId, ...this.#delegates];
  }

  /** How many attend (lobby and gallery included). */
  get attendeeCount(): number {
    return this.#attendees.size;
  }

  isPresiding(participantId: string): boolean {
    return participantId === this.presidingId || this.#delegates.has(participantId);
  }

  // ------------------------------------------------------------------ arriving and leaving

  /** Someone opens the hearing: the presiding side goes in, everyone else waits in the lobby. */
  arrive(who: Arrival): CourtroomEvent[] {
    const expired = this.#expireAway();
    if (this.#phase === 'adjourned') throw new CourtError('HEARING_ADJOURNED', 'this hearing is adjourned; it cannot be joined any more');
    const known = this.#attendees.get(who.participantId);
    if (known !== undefined) {
      // Back within the reconnection window: same seat, same state, no lobby.
      known.connected = true;
      delete known.awaySince;
      this.#away.delete(who.participantId);
      return [...expired, { type: 'arrived', participantId: who.participantId, seat: known.seat, reconnected: true }];
    }
    const presiding = this.isPresiding(who.participantId);
    if (!presiding && !isOpen(this.#phase)) throw new CourtError('HEARING_NOT_OPEN', 'the lobby of this hearing is not open yet; come back at the scheduled time');
    if (this.#barred.has(who.participantId)) throw new CourtError('REMOVED_FROM_HEARING', 'the judge removed you from this hearing');
    if (!presiding && this.#locked) throw new CourtError('HEARING_LOCKED', 'the judge has locked this hearing; nobody new may come in');
    const admittedSeat = who.role === 'observer' ? 'gallery' : 'main';
    const seat: Seat = presiding ? 'main' : this.#expected.delete(who.participantId) ? admittedSeat : 'lobby';
    const attendee: Attendee = extended(who, { seat, connected: true, courtMuted: { microphone: false, camera: false } });
    this.#attendees.set(who.participantId, attendee);
    this.#arrivalOrder.set(who.participantId, this.#arrivals++);
    this.#index(attendee);
    return [...expired, { type: 'arrived', participantId: who.participantId, seat: attendee.seat, reconnected: false }];
  }

  /** A connection dropped: the seat and state are kept for the reconnection window. */
  leave(participantId: string): CourtroomEvent[] {
    const attendee = this.#attendees.get(participantId);
    if (attendee === undefined || !attendee.connected) return [];
    attendee.connected = false;
    attendee.awaySince = this.#options.now();
    this.#away.add(participantId);
    return [{ type: 'left', participantId }];
  }

  /** Leaving on purpose ("leave hearing"): no seat is kept. */
  depart(participantId: string): CourtroomEvent[] {
    if (!this.#attendees.has(participantId)) return [];
    this.#forget(participantId);
    return [{ type: 'departed', participantId }];
  }

  /** Those whose reconnection window ran out, forgotten. */
  expireAway(): CourtroomEvent[] {
    return this.#expireAway();
  }

  // ------------------------------------------------------------------ the presiding side

  movePhase(by: string, to: HearingPhase): CourtroomEvent[] {
    this.#requirePresiding(by);
    const from = this.#phase;
    requirePhaseMove(from, to);
    this.#phase = to;
    // An adjourned hearing is over: its recording closes with it.
    const stopped = to === 'adjourned' && this.#recording !== undefined ? this.#endRecording(by) : [];
    return [...stopped, { type: 'phaseChanged', from, to, by }];
  }

  delegate(by: string, clerkId: string): CourtroomEvent[] {
    if (by !== this.presidingId) throw new CourtError('NOT_PRESIDING', 'only the presiding judge may delegate the chair');
    const clerk = this.#present(clerkId);
    if (clerk.role !== 'clerk') throw new CourtError('INVALID_PAYLOAD', 'the chair can be delegated to a clerk only');
    this.#delegates.add(clerkId);
    this.#sit(clerk, 'main');
    return [{ type: 'delegated', participantId: clerkId, by }];
  }

  admit(by: string, participantId: string): CourtroomEvent[] {
    this.#requirePresiding(by);
    const attendee = this.#present(participantId);
    if (attendee.seat !== 'lobby') throw new CourtError('NOT_IN_LOBBY', `${attendee.displayName} is not waiting in the lobby`);
    this.#sit(attendee, attendee.role === 'observer' ? 'gallery' : 'main');
    return [{ type: 'admitted', participantId, seat: attendee.seat, by }];
  }

  /** Admits people before they arrive (a witness called for a set time): no lobby for them. */
  preAdmit(by: string, participantIds: readonly string[]): CourtroomEvent[] {
    this.#requirePresiding(by);
    const events: CourtroomEvent[] = [];
    const expected: string[] = [];
    for (const id of participantIds) {
      const attendee = this.#attendees.get(id);
      // Already waiting (or dropped while waiting): admitted now.
      if (attendee?.seat === 'lobby') {
        this.#sit(attendee, attendee.role === 'observer' ? 'gallery' : 'main');
        events.push({ type: 'admitted', participantId: id, seat: attendee.seat, by });
      } else if (attendee === undefined) {
        this.#expected.add(id);
        expected.push(id);
      }
    }
    if (expected.length > 0) events.unshift({ type: 'preAdmitted', participantIds: expected, by });
    return events;
  }

  admitAll(by: string): CourtroomEvent[] {
    this.#requirePresiding(by);
    return this.attendees()
      .filter((a) => a.seat === 'lobby')
      .flatMap((a) => this.admit(by, a.participantId));
  }

  deny(by: string, participantId: string, reason: string): CourtroomEvent[] {
    this.#requirePresiding(by);
    const attendee = this.#present(participantId);
    if (attendee.seat !== 'lobby') throw new CourtError('NOT_IN_LOBBY', `${attendee.displayName} is not waiting in the lobby`);
    this.#forget(participantId);
    return [{ type: 'denied', participantId, reason, by }];
  }

  remove(by: string, participantId: string, to: 'lobby' | 'out'): CourtroomEvent[] {
    this.#requirePresiding(by);
    const attendee = this.#present(participantId);
    if (this.isPresiding(participantId)) throw new CourtError('INVALID_PAYLOAD', 'the presiding side cannot be removed from its own hearing');
    // Their hand and the floor go with them, and everyone is told.
    const cleared = [...this.lowerHand(by, participantId), ...(this.#floorHolder === participantId ? this.revokeFloor(by) : [])];
    if (to === 'out') {
      this.#forget(participantId);
      this.#barred.add(participantId);
      return [...cleared, { type: 'removed', participantId, to, by }];
    }
    this.#sit(attendee, 'lobby');
    return [...cleared, { type: 'removed', participantId, to, by }];
  }

  lock(by: string, locked: boolean): CourtroomEvent[] {
    this.#requirePresiding(by);
    this.#locked = locked;
    return [locked ? { type: 'locked', by } : { type: 'unlocked', by }];
  }

  mute(by: string, participantId: string, sources: MutableSource[] = ['microphone']): CourtroomEvent[] {
    this.#requirePresiding(by);
    const attendee = this.#present(participantId);
    for (const source of sources) attendee.courtMuted[source] = true;
    return [{ type: 'muted', participantId, sources, by }];
  }

  unmute(by: string, participantId: string, sources: MutableSource[] = ['microphone']): CourtroomEvent[] {
    this.#requirePresiding(by);
    const attendee = this.#present(participantId);
    for (const source of sources) attendee.courtMuted[source] = false;
    return [{ type: 'unmuted', participantId, sources, by }];
  }

  /** Mutes every microphone in the rooms except the named participants and the presiding side. */
  muteAllExcept(by: string, keep: readonly string[]): CourtroomEvent[] {
    this.#requirePresiding(by);
    return this.attendees()
      .filter((a) => (a.seat === 'main' || a.seat.startsWith('consultation:')) && !keep.includes(a.participantId) && !this.isPresiding(a.participantId))
      .flatMap((a) => this.mute(by, a.participantId, ['microphone']));
  }

  requestCamera(by: string, participantId: string): CourtroomEvent[] {
    this.#requirePresiding(by);
    this.#present(participantId);
    return [{ type: 'cameraRequested', participantId, by }];
  }

  // ------------------------------------------------------------------ the floor

  raiseHand(participantId: string): CourtroomEvent[] {
    const attendee = this.#inRoom(participantId);
    if (attendee.handRaisedAt !== undefined) return [];
    attendee.handRaisedAt = this.#options.now();
    attendee.handOrder = ++this.#raises;
    return [{ type: 'handRaised', participantId }];
  }

  /** Lowered by its owner, or by the presiding side. */
  lowerHand(by: string, participantId: string): CourtroomEvent[] {
    if (by !== participantId) this.#requirePresiding(by);
    const attendee = this.#present(participantId);
    if (attendee.handRaisedAt === undefined) return [];
    delete attendee.handRaisedAt;
    delete attendee.handOrder;
    return [{ type: 'handLowered', participantId, by }];
  }

  grantFloor(by: string, participantId: string): CourtroomEvent[] {
    this.#requirePresiding(by);
    const attendee = this.#inRoom(participantId);
    const events: CourtroomEvent[] = [];
    if (this.#floorHolder !== undefined && this.#floorHolder !== participantId) events.push(...this.revokeFloor(by));
    this.#floorHolder = participantId;
    if (attendee.handRaisedAt !== undefined) events.push(...this.lowerHand(by, participantId));
    events.push({ type: 'floorGranted', participantId, by });
    return events;
  }

  revokeFloor(by: string): CourtroomEvent[] {
    this.#requirePresiding(by);
    const holder = this.#floorHolder;
    if (holder === undefined) return [];
    this.#floorHolder = undefined;
    return [{ type: 'floorRevoked', participantId: holder, by }];
  }

  setFloorMode(by: string, mode: FloorMode): CourtroomEvent[] {
    this.#requirePresiding(by);
    this.#floorMode = mode;
    return [{ type: 'floorModeChanged', mode, by }];
  }

  /**
   * Whether the participant may send this source now: not muted by the court and, in "floor
   * only" mode, holding the floor (the presiding side always may).
   */
  maySend(participantId: string, source: MutableSource | 'screen'): boolean {
    const attendee = this.#attendees.get(participantId);
    if (attendee === undefined || !this.#hasMediaSeat(attendee) || attendee.role === 'observer') return false;
    if (this.isPresiding(participantId)) return true;
    // A screen is shared with the court's leave, like an exhibit.
    if (source === 'screen') return this.#presenters.has(participantId);
    if (attendee.courtMuted[source]) return false;
    // Interpreters keep interpreting whoever holds the floor.
    return source !== 'microphone' || this.#floorMode === 'open' || this.#floorHolder === participantId || attendee.role === 'interpreter';
  }

  /** The refusal for a participant who may not send `source` now (see maySend). */
  requireMaySend(participantId: string, source: MutableSource | 'screen'): void {
    if (this.maySend(participantId, source)) return;
    const attendee = this.#attendees.get(participantId);
    if (attendee === undefined || !this.#hasMediaSeat(attendee)) throw new CourtError('NOT_ADMITTED', 'wait until the judge admits you from the lobby');
    if (attendee.role === 'observer') throw new CourtError('FORBIDDEN', 'the public gallery watches and listens; it never sends media');
    if (source === 'screen') throw new CourtError('NOT_PRESENTER', 'the judge has not allowed you to share your screen; ask the court');
    if (attendee.courtMuted[source]) throw new CourtError('MUTED_BY_COURT', 'the judge has muted you; raise your hand to ask for the floor');
    throw new CourtError('FLOOR_NOT_GIVEN', 'only the holder of the floor may speak now; raise your hand');
  }

  // ------------------------------------------------------------------ exhibits and screens

  allowPresenting(by: string, participantId: string, allowed: boolean): CourtroomEvent[] {
    this.#requirePresiding(by);
    this.#present(participantId);
    if (allowed) this.#presenters.add(participantId);
    else this.#presenters.delete(participantId);
    return [{ type: 'presenterAllowed', participantId, allowed, by }];
  }

  /** Shows an exhibit to the main room (replacing what was shown). */
  presentExhibit(by: string, exhibit: { evidenceId: string; title: string; mediaType: string }, page = 1): CourtroomEvent[] {
    this.#requirePresenter(by);
    if (this.#attendees.get(by)?.seat !== 'main') throw new CourtError('NOT_ADMITTED', 'exhibits are shown in the main room');
    this.#presentation = { ...exhibit, page, presenterId: by };
    return [{ type: 'exhibitShown', presentation: { ...this.#presentation } }];
  }

  turnPage(by: string, page: number): CourtroomEvent[] {
    const shown = this.#shownBy(by);
    shown.page = page;
    return [{ type: 'exhibitPageTurned', evidenceId: shown.evidenceId, page, by }];
  }

  stopPresenting(by: string): CourtroomEvent[] {
    const shown = this.#shownBy(by);
    this.#presentation = undefined;
    return [{ type: 'exhibitClosed', evidenceId: shown.evidenceId, by }];
  }

  #requirePresenter(by: string): void {
    if (!this.mayPresent(by)) throw new CourtError('NOT_PRESENTER', 'the judge has not allowed you to present; ask the court');
  }

  /** The presentation, if `by` may drive it: its presenter or the presiding side. */
  #shownBy(by: string): Presentation {
    const shown = this.#presentation;
    if (shown === undefined) throw new CourtError('NOTHING_PRESENTED', 'no exhibit is being shown');
    if (shown.presenterId !== by && !this.isPresiding(by)) throw new CourtError('NOT_PRESENTER', 'only the presenter (or the judge) turns the pages');
    return shown;
  }

  // ------------------------------------------------------------------ the official recording

  /**
   * Starts the official recording of the main room. Who may (the judge, the clerk) is the
   * permission table's; the courtroom asks that they sit in the main room of an open hearing.
   */
  startRecording(by: string): CourtroomEvent[] {
    this.#recordingController(by);
    if (!isOpen(this.#phase)) throw new CourtError('HEARING_NOT_OPEN', 'a hearing is recorded while it is open (lobby open, in session or in recess)');
    if (this.#recording !== undefined) throw new CourtError('ALREADY_RECORDING', 'the hearing is already being recorded; stop the recording before starting another');
    this.#recording = { recordingId: this.#options.newId(), startedBy: by, startedAt: this.#options.now() };
    return [{ type: 'recordingStarted', recordingId: this.#recording.recordingId, by }];
  }

  stopRecording(by: string): CourtroomEvent[] {
    this.#recordingController(by);
    if (this.#recording === undefined) throw new CourtError('NOT_RECORDING', 'the hearing is not being recorded; there is nothing to stop');
    return this.#endRecording(by);
  }

  #recordingController(by: string): void {
    if (this.#present(by).seat !== 'main') throw new CourtError('NOT_ADMITTED', 'the recording is controlled from the main room; wait until the judge admits you');
  }

  #endRecording(by: string): CourtroomEvent[] {
    const { recordingId } = this.#recording!;
    this.#recording = undefined;
    return [{ type: 'recordingStopped', recordingId, by }];
  }

  // ------------------------------------------------------------------ consultation rooms

  openConsultation(by: string, name: string, members: readonly string[]): { roomId: string; events: CourtroomEvent[] } {
    this.#requirePresiding(by);
    for (const member of members) this.#movable(member); // all or nothing
    const roomId = this.#options.newId();
    this.#consultations.set(roomId, { id: roomId, name, openedBy: by });
    const events: CourtroomEvent[] = [{ type: 'consultationOpened', roomId, name, by }];
    for (const member of members) events.push(...this.moveTo(by, member, `consultation:${roomId}`));
    return { roomId, events };
  }

  moveTo(by: string, participantId: string, to: 'main' | `consultation:${string}`): CourtroomEvent[] {
    this.#requirePresiding(by);
    const attendee = this.#movable(participantId);
    if (to !== 'main' && !this.#consultations.has(to.slice('consultation:'.length))) throw new CourtError('CONSULTATION_NOT_FOUND', 'there is no such consultation room');
    const from = attendee.seat;
    if (from === to) return [];
    this.#sit(attendee, to);
    return [{ type: 'moved', participantId, from, to, by }];
  }

  closeConsultation(by: string, roomId: string): CourtroomEvent[] {
    this.#requirePresiding(by);
    if (!this.#consultations.has(roomId)) throw new CourtError('CONSULTATION_NOT_FOUND', 'there is no such consultation room');
    const events = this.attendees()
      .filter((a) => a.seat === `consultation:${roomId}`)
      .flatMap((a) => this.moveTo(by, a.participantId, 'main'));
    this.#consultations.delete(roomId);
    events.push({ type: 'consultationClosed', roomId, by });
    return events;
  }

  /** Everyone back to the main room; every consultation room closes. */
  callEveryoneBack(by: string): CourtroomEvent[] {
    this.#requirePresiding(by);
    return [...this.#consultations.keys()].flatMap((roomId) => this.closeConsultation(by, roomId));
  }

  requestConsultation(participantId: string, withIds: readonly string[], reason: string): CourtroomEvent[] {
    this.#inRoom(participantId);
    for (const other of withIds) this.#inRoom(other);
    const request: ConsultationRequest = { requestId: this.#options.newId(), participantId, with: [...withIds], reason };
    this.#requests.set(request.requestId, request);
    return [{ type: 'consultationRequested', request }];
  }

  approveConsultation(by: string, requestId: string, name: string): { roomId: string; events: CourtroomEvent[] } {
    this.#requirePresiding(by);
    const request = this.#pendingRequest(requestId);
    const opened = this.openConsultation(by, name, [request.participantId, ...request.with]);
    this.#requests.delete(requestId);
    return opened;
  }

  /** The presiding side says no to a request (the requester is told, with the reason if one is given). */
  declineConsultation(by: string, requestId: string, reason?: string): CourtroomEvent[] {
    this.#requirePresiding(by);
    const request = this.#pendingRequest(requestId);
    this.#requests.delete(requestId);
    return [{ type: 'consultationDeclined', participantId: request.participantId, requestId, ...(reason === undefined ? {} : { reason }), by }];
  }

  #pendingRequest(requestId: string): ConsultationRequest {
    const request = this.#requests.get(requestId);
    if (request === undefined) throw new CourtError('CONSULTATION_NOT_FOUND', 'there is no such consultation request (already decided?)');
    return request;
  }

  // ------------------------------------------------------------------ oath

  callOath(by: string, participantId: string, texts: Readonly<Record<string, string>>, floorLanguage: string): CourtroomEvent[] {
    this.#requirePresiding(by);
    const witness = this.#inRoom(participantId);
    if (isStaffRole(witness.role)) throw new CourtError('INVALID_PAYLOAD', 'court staff do not take the oath');
    const language = pickLanguage(witness.locale, Object.keys(texts), floorLanguage);
    const text = texts[language];
    if (text === undefined) throw new CourtError('INVALID_PAYLOAD', `give the oath text in ${floorLanguage} at least`);
    const oath: OathCall = { oathId: this.#options.newId(), participantId, language, text, calledBy: by };
    this.#oaths.set(oath.oathId, oath);
    return [{ type: 'oathCalled', oath }];
  }

  confirmOath(participantId: string, oathId: string): CourtroomEvent[] {
    const oath = this.#oaths.get(oathId);
    if (oath === undefined || oath.participantId !== participantId) throw new CourtError('OATH_NOT_FOUND', 'the judge has not called you to take this oath');
    this.#inRoom(participantId);
    if (oath.confirmedAt !== undefined) throw new CourtError('OATH_NOT_FOUND', 'you have already confirmed this oath');
    oath.confirmedAt = this.#options.now();
    return [{ type: 'oathConfirmed', oath: { ...oath } }];
  }

  // ------------------------------------------------------------------ who sees and hears whom

  /** The media space a participant sends and receives in; undefined in the lobby. */
  spaceOf(participantId: string): MediaSpace | undefined {
    const seat = this.#attendees.get(participantId)?.seat;
    if (seat === undefined || seat === 'lobby') return undefined;
    return seat === 'gallery' ? 'main' : seat;
  }

  /** Media flows from one participant to another only within one space. */
  mayReceiveFrom(viewerId: string, senderId: string): boolean {
    const [viewer, sender] = [this.spaceOf(viewerId), this.spaceOf(senderId)];
    return viewer !== undefined && viewer === sender && this.#attendees.get(senderId)?.seat !== 'gallery';
  }

  // ------------------------------------------------------------------ internals

  #requirePresiding(by: string): void {
    if (!this.isPresiding(by)) throw new CourtError('NOT_PRESIDING', 'only the presiding judge (or a clerk they delegated) may do this');
  }

  #present(participantId: string): Attendee {
    const attendee = this.#attendees.get(participantId);
    if (attendee === undefined) throw new CourtError('NOT_IN_HEARING', 'that participant is not in this hearing');
    return attendee;
  }

  /** In the main room or a consultation room: where hands are raised and oaths taken. */
  #inRoom(participantId: string): Attendee {
    const attendee = this.#present(participantId);
    if (attendee.seat !== 'main' && !attendee.seat.startsWith('consultation:')) {
      throw new CourtError('NOT_ADMITTED', attendee.seat === 'lobby' ? 'wait until the judge admits you from the lobby' : 'the public gallery takes no part in the hearing');
    }
    return attendee;
  }

  /** Someone who can be moved between the rooms: admitted, and not in the gallery. */
  #movable(participantId: string): Attendee {
    const attendee = this.#present(participantId);
    if (!this.#hasMediaSeat(attendee) || attendee.role === 'observer') {
      throw new CourtError('NOT_ADMITTED', `${attendee.displayName} is not in the hearing room (the lobby and the gallery cannot be moved into consultation)`);
    }
    return attendee;
  }

  #hasMediaSeat(attendee: Attendee): boolean {
    return ADMITTED.has(attendee.seat) || attendee.seat.startsWith('consultation:');
  }

  #forget(participantId: string): void {
    const attendee = this.#attendees.get(participantId);
    if (attendee !== undefined) this.#bySeat.get(attendee.seat)?.delete(participantId);
    this.#attendees.delete(participantId);
    this.#arrivalOrder.delete(participantId);
    this.#away.delete(participantId);
    this.#presenters.delete(participantId);
    if (this.#floorHolder === participantId) this.#floorHolder = undefined;
    for (const [id, request] of this.#requests) if (request.participantId === participantId) this.#requests.delete(id);
  }

  /** Moves an attendee to a seat: the one way a seat changes, so the index stays true. */
  #sit(attendee: Attendee, seat: Seat): void {
    this.#bySeat.get(attendee.seat)?.delete(attendee.participantId);
    attendee.seat = seat;
    this.#index(attendee);
  }

  #index(attendee: Attendee): void {
    const seat = attendee.seat;
    let seated = this.#bySeat.get(seat);
    if (seated === undefined) this.#bySeat.set(seat, (seated = new Set()));
    const order = this.#arrivalOrder.get(attendee.participantId)!;
    if (seated.size === 0) this.#seatsOutOfOrder.delete(seat);
    if (seated.size === 0 || order > this.#latestSeated.get(seat)!) this.#latestSeated.set(seat, order);
    else this.#seatsOutOfOrder.add(seat);
    seated.add(attendee.participantId);
  }

  #expireAway(): CourtroomEvent[] {
    const horizon = this.#options.now() - this.#options.reconnectWindowMs;
    const gone: CourtroomEvent[] = [];
    // #away holds people in the order they left (coming back takes them out): the first still
    // within the window ends the search, so an arrival does not walk everyone away.
    for (const participantId of this.#away) {
      if (this.#attendees.get(participantId)!.awaySince! > horizon) break;
      this.#forget(participantId);
      gone.push({ type: 'departed', participantId });
    }
    return gone;
  }
}

/** The oath language for a locale: its exact tag, its base language, else the floor language. */
function pickLanguage(locale: string, available: readonly string[], floor: string): string {
  const base = locale.split('-')[0]!.toLowerCase();
  return (
    available.find((tag) => tag.toLowerCase() === locale.toLowerCase()) ??
    available.find((tag) => tag.split('-')[0]!.toLowerCase() === base) ??
    floor
  );
}
