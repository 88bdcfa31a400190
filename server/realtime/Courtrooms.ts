// The live courtrooms of this node, one per hearing being held, and what a courtroom change
// causes outside the pure domain: media (admitted people get a media seat, moves change their
// media space, the court's mute pauses producers), pushes (each attendee's view, notices), the
// hearing record and the ledger (phase moves, oaths).
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { HearingRoom } from '../../media/HearingRoom.js';
import type { HearingRooms } from '../../media/HearingRooms.js';
import { Courtroom, concernedBy, type Attendee, type CourtroomEvent, type MediaSpace, type MutableSource, type Seat } from '../domain/hearing/Courtroom.js';
import { courtroomViews, galleryCount, sameFingerprint, type CourtroomView, type CourtroomViews, type ViewFingerprint } from '../domain/hearing/courtroomView.js';
import { isPresidingSnapshot, presidingSnapshot, presidingUpdate, type PresidingSnapshot } from '../domain/hearing/presidingPeople.js';
import { isStaffRole } from '../domain/access/roles.js';
import { Interpretation } from '../domain/interpretation/Interpretation.js';
import { toUtcTimestamp } from '../domain/ledger/utcTimestamp.js';
import type { CourtroomNotice, ParticipantView } from '../protocol/hearingRoomEvents.js';
import type { Hearings, HearingRecordLine, ScheduledHearing } from '../record/Hearings.js';
import type { LogAppend } from '../store/RecordStore.js';
import { CourtError } from '../domain/CourtError.js';
import { Coalescer } from './Coalescer.js';
import type { HearingRecorders } from './HearingRecorders.js';
import { hearingChannel, participantChannel, type CourtServer } from './socketTypes.js';

/** How often at most a courtroom's views go out: changes within it are shown together. */
const VIEW_INTERVAL_MS = 100;
/**
 * A round that reaches many people goes out paced: this many views (or gallery sockets, or five
 * times as many views found unchanged), then a pause of SLICE_PAUSE_MS, so that a gallery of a
 * thousand is told over about a tenth of a second rather than all at once — joins and commands
 * in between wait for one slice at most.
 */
const VIEWS_PER_SLICE = 10;
const SLICE_PAUSE_MS = 1;
const UNCHANGED_PER_SENT = 5;
/** The pause between two slices of a round: other work (joins, commands) goes in between. */
const slicePause = () => new Promise((resolve) => setTimeout(resolve, SLICE_PAUSE_MS));
/**
 * The presiding side's view lists everyone but the public gallery (the lobby too), so a round of
 * it costs in proportion: it goes out every VIEW_INTERVAL_MS up to 200 people shown, then every
 * half millisecond per person (a lobby of a thousand is shown anew twice a second), and its cost
 * per second stays flat however many come.
 */
const PRESIDING_MS_PER_PERSON_SHOWN = 0.5;

export function presidingInterval(courtroom: Courtroom): number {
  const shown = courtroom.attendeeCount - courtroom.seatedCount('gallery');
  return Math.max(VIEW_INTERVAL_MS, shown * PRESIDING_MS_PER_PERSON_SHOWN);
}

/** How often at most the gallery's head count goes out (it changes with every observer). */
const GALLERY_COUNT_INTERVAL_MS = 1000;

export interface LiveHearing {
  readonly hearing: ScheduledHearing;
  readonly courtroom: Courtroom;
  /** The language of the proceedings: the case's first. */
  readonly floorLanguage: string;
  /** The language channels, interpreters and listeners' choices (LanguageChannels carries them out). */
  readonly interpretation: Interpretation;
}

export interface CourtroomsOptions {
  reconnectWindowMs: number;
  now: () => number;
  /** The official recordings of this node's hearings; without them no hearing can be recorded. */
  recorders?: HearingRecorders;
}

/**
 * Who is told the gallery's head count as it changes: the people in the hearing's rooms. The
 * gallery itself (perhaps thousands, each arrival changing the count) and the lobby are not.
 */
function showsGalleryCount(seat: Seat): boolean {
  return seat !== 'gallery' && seat !== 'lobby';
}

/**
 * Whose views the next round compares: everyone's, or only the presiding side's, those a change
 * concerned, and everyone in a seat whose shared part changed. A gallery of thousands is not
 * walked because someone waits in the lobby.
 */
interface ViewScope {
  everyone: boolean;
  concerned: Set<string>;
}

interface Publisher {
  /** Everyone's views but the presiding side's. */
  views: Coalescer;
  /** The presiding side's views, spaced as they grow (presidingInterval). */
  presiding: Coalescer;
  scope: ViewScope;
  /** Each seat's shared part as the last round found it (CourtroomViews.seatKeyOf). */
  seatKeys: Map<Seat, string>;
  galleryCount: Coalescer;
  lastCount: number;
  record: Coalescer;
  unshownLines: HearingRecordLine[];
}

export function spaceOfSeat(seat: Seat): MediaSpace | undefined {
  if (seat === 'lobby') return undefined;
  return seat === 'gallery' ? 'main' : seat;
}

export class Courtrooms {
  readonly #io: CourtServer;
  readonly #rooms: HearingRooms;
  readonly #hearings: Hearings;
  readonly #logger: Logger;
  readonly #options: CourtroomsOptions;
  readonly #live = new Map<string, Promise<LiveHearing>>();
  /** Which socket speaks for each participant now: a socket taken over must not undo its successor. */
  readonly #currentSocket = new Map<string, string>();
  /** Per hearing: sends everyone's view, the gallery count and the record's new lines, coalesced. */
  readonly #publishers = new Map<string, Publisher>();
  /**
   * The last courtroom view each participant was sent, as the next is compared with it: its
   * fingerprint, or for the presiding side its snapshot (presidingPeople). Either way one entry:
   * what was sent under the other kind counts as nothing sent.
   */
  readonly #lastSent = new Map<string, ViewFingerprint | PresidingSnapshot>();

  constructor(io: CourtServer, rooms: HearingRooms, hearings: Hearings, logger: Logger, options: CourtroomsOptions) {
    this.#io = io;
    this.#rooms = rooms;
    this.#hearings = hearings;
    this.#logger = logger;
    this.#options = options;
    hearings.observer.on('recorded', (hearingId, lines) => void this.#showRecord(hearingId, lines));
  }

  /**
   * The record, as it is written, to the presiding side and court staff present: the lines of
   * one round of views go together.
   */
  async #showRecord(hearingId: string, lines: HearingRecordLine[]): Promise<void> {
    const live = await this.#live.get(hearingId);
    if (live === undefined) return;
    const publisher = this.#publisherOf(live);
    publisher.unshownLines.push(...lines);
    publisher.record.request();
  }

  #publishRecord(live: LiveHearing): void {
    const publisher = this.#publisherOf(live);
    const lines = publisher.unshownLines;
    publisher.unshownLines = [];
    const staff = live.courtroom
      .attendees()
      .filter((a) => a.connected && (live.courtroom.isPresiding(a.participantId) || isStaffRole(a.role)))
      .map((a) => participantChannel(a.participantId));
    if (staff.length > 0 && lines.length > 0) this.#io.to(staff).emit('courtroom:record', lines);
  }

  /** Refuses to start a recording when this node cannot make one. */
  requireRecorder(): void {
    if (this.#options.recorders === undefined) throw new CourtError('RECORDER_UNAVAILABLE', 'this server does not record hearings');
    this.#options.recorders.requireAvailable();
  }

  /** The live courtroom of a hearing, set up from its record the first time someone comes. */
  open(hearing: ScheduledHearing, floorLanguage: string): Promise<LiveHearing> {
    let live = this.#live.get(hearing.id);
    if (live === undefined) {
      const courtroom = new Courtroom({
        hearingId: hearing.id,
        phase: hearing.phase,
        presidingId: hearing.presidingId,
        reconnectWindowMs: this.#options.reconnectWindowMs,
        now: this.#options.now,
        newId: randomUUID,
      });
      live = Promise.resolve({ hearing, courtroom, floorLanguage, interpretation: new Interpretation(floorLanguage) });
      this.#live.set(hearing.id, live);
    }
    return live;
  }

  async get(hearingId: string): Promise<LiveHearing | undefined> {
    return this.#live.get(hearingId);
  }

  /** The people whose media shares this participant's space and who are shown (not the gallery). */
  roomMates(live: LiveHearing, participantId: string): ParticipantView[] {
    const space = this.#spaceOf(live, participantId);
    if (space === undefined) return [];
    // The seats shown in a media space: the main room's (not the gallery, which watches it), or a consultation's.
    return live.courtroom
      .seatedIn(space)
      .filter((a) => a.participantId !== participantId && a.connected)
      .map((a) => ({ participantId: a.participantId, displayName: a.displayName, role: a.role }));
  }

  claim(participantId: string, socketId: string): void {
    this.#currentSocket.set(participantId, socketId);
  }

  /** Whether this socket still speaks for the participant (and releases the claim if so). */
  release(participantId: string, socketId: string): boolean {
    if (this.#currentSocket.get(participantId) !== socketId) return false;
    this.#currentSocket.delete(participantId);
    return true;
  }

  /**
   * Forgets those whose reconnection window ran out, in every live courtroom; then lets go of
   * the courtrooms that are over — adjourned, nobody in them, nothing being recorded. An
   * adjourned hearing can never be joined again (a join opens it from its record and is
   * refused), so nothing of it is needed here; a node serving hearing after hearing does not
   * keep them all. A hearing not adjourned keeps its courtroom (its lock, its floor mode) while
   * everyone is away.
   */
  async sweep(): Promise<void> {
    for (const pending of [...this.#live.values()]) {
      const live = await pending;
      const events = live.courtroom.expireAway();
      if (events.length > 0) await this.apply(live, events);
      const { courtroom } = live;
      if (courtroom.phase === 'adjourned' && courtroom.attendeeCount === 0 && courtroom.recording === undefined) this.#letGo(live);
    }
  }

  #letGo(live: LiveHearing): void {
    this.#live.delete(live.hearing.id);
    const publisher = this.#publishers.get(live.hearing.id);
    this.#publishers.delete(live.hearing.id);
    if (publisher !== undefined) for (const rounds of [publisher.views, publisher.presiding, publisher.galleryCount, publisher.record]) rounds.cancel();
  }

  /** What this node holds for its courtrooms: hearings live in memory, and people it remembers sending a view. */
  held(): { hearings: number; people: number } {
    return { hearings: this.#live.size, people: this.#lastSent.size };
  }

  /**
   * Carries out what a courtroom change caused, then shows everyone their new view. Its record
   * lines are written in one commit with `alongside` (the audit line of the join that caused it),
   * and resolves once they are durable — or at once with `recordBehind`: the lines are then
   * committed behind it, in order (the store commits in the order asked), and unhurried (the
   * store may hold them back a moment to write them with others: Commit.unhurried).
   * `answered`: the participant whose join this is; their new view goes in the join's answer
   * (viewToSend), so the round that follows does not look at it again for this change.
   */
  async apply(live: LiveHearing, events: CourtroomEvent[], alongside: LogAppend[] = [], { recordBehind = false, answered }: { recordBehind?: boolean; answered?: string } = {}): Promise<void> {
    const room = this.#rooms.get(live.hearing.id);
    const lines: Array<Omit<HearingRecordLine, 'at'>> = [];
    // Everyone's view as these events left the courtroom, worked out once for all the seats they
    // give (admit all: a gallery of a thousand).
    let views: CourtroomViews | undefined;
    const viewsNow = () => (views ??= this.#viewsOf(live));
    for (const event of events) {
      // A phase move and a confirmed oath write their own line with their ledger entry.
      if (event.type !== 'phaseChanged' && event.type !== 'oathConfirmed') lines.push(recordLine(event));
      try {
        await this.#carryOut(live, room, event, viewsNow);
      } catch (error) {
        this.#logger.error({ err: error, hearingId: live.hearing.id, event: event.type }, 'courtroom change not fully carried out');
      }
    }
    const recorded = this.#hearings.appendRecord(live.hearing.id, lines, alongside, { unhurried: recordBehind });
    if (recordBehind) recorded.catch((error: unknown) => this.#logger.error({ err: error, hearingId: live.hearing.id }, 'hearing record lines not written'));
    else await recorded;
    const concerned = concernedBy(events);
    this.publish(live, answered === undefined || concerned === undefined ? concerned : concerned.filter((id) => id !== answered));
  }

  /**
   * Sends every connected attendee their own view of the courtroom, and everyone the gallery's
   * head count. Changes that come together (a burst of arrivals) are shown together: one round
   * of views per turn of the event loop, and at most one per VIEW_INTERVAL_MS. `concerned`:
   * the only people whose own state changed (everyone in a seat whose shared part changed, and
   * the presiding side, are looked at in any case); without it, everyone's view is compared.
   */
  publish(live: LiveHearing, concerned?: readonly string[]): void {
    const publisher = this.#publisherOf(live);
    if (concerned === undefined) publisher.scope.everyone = true;
    else for (const id of concerned) publisher.scope.concerned.add(id);
    publisher.views.request();
    publisher.presiding.request();
  }

  /** The gallery's head count as everyone was last told it. */
  galleryCount(live: LiveHearing): number {
    return this.#publisherOf(live).lastCount;
  }

  #publisherOf(live: LiveHearing): Publisher {
    let publisher = this.#publishers.get(live.hearing.id);
    if (publisher === undefined) {
      const created: Publisher = {
        views: new Coalescer(VIEW_INTERVAL_MS, () =>
          this.#publishNow(live).catch((error: unknown) => this.#logger.error({ err: error, hearingId: live.hearing.id }, 'courtroom views not sent')),
        ),
        presiding: new Coalescer(
          () => presidingInterval(live.courtroom),
          () => this.#publishPresiding(live),
        ),
        scope: { everyone: true, concerned: new Set() },
        seatKeys: new Map(),
        galleryCount: new Coalescer(GALLERY_COUNT_INTERVAL_MS, () => this.#publishGalleryCount(live)),
        // The record's lines go to the presiding side as often as its views.
        record: new Coalescer(
          () => presidingInterval(live.courtroom),
          () => this.#publishRecord(live),
        ),
        unshownLines: [],
        lastCount: galleryCount(live.courtroom),
      };
      this.#publishers.set(live.hearing.id, created);
      publisher = created;
    }
    return publisher;
  }

  #publishGalleryCount(live: LiveHearing): void {
    const publisher = this.#publisherOf(live);
    const count = galleryCount(live.courtroom);
    if (count === publisher.lastCount) return;
    publisher.lastCount = count;
    const shownTo = live.courtroom
      .attendees()
      .filter((a) => a.connected && showsGalleryCount(a.seat))
      .map((a) => participantChannel(a.participantId));
    if (shownTo.length > 0) this.#io.to(shownTo).emit('courtroom:gallery', { count });
  }

  async #publishNow(live: LiveHearing): Promise<void> {
    const publisher = this.#publisherOf(live);
    if (galleryCount(live.courtroom) !== publisher.lastCount) publisher.galleryCount.request();
    const views = this.#viewsOf(live);
    let work = 0;
    const pace = async (cost: number) => {
      work += cost;
      if (work < VIEWS_PER_SLICE * UNCHANGED_PER_SENT) return;
      work = 0;
      await slicePause();
    };
    /** Gallery members whose own part stands and who are to be shown the gallery's view anew. */
    const gallery: string[] = [];
    for (const attendee of this.#inScope(live, publisher, views)) {
      if (!attendee.connected) continue;
      const change = this.#viewChange(views, attendee.participantId);
      if (change === undefined) {
        await pace(1);
        continue;
      }
      // Only the room they watch changed (their own part, seat included, stands): the gallery's
      // view, sent once for all of them below.
      if (attendee.seat === 'gallery' && change.last !== undefined && change.last.own === change.now.own) {
        gallery.push(participantChannel(attendee.participantId));
        await pace(1);
        continue;
      }
      this.#sendView(views, attendee.participantId);
      await pace(UNCHANGED_PER_SENT);
    }
    // The same view for the whole gallery, a slice at a time: socket.io encodes and frames a
    // broadcast once for all its sockets. A change meanwhile asks for another round.
    if (gallery.length === 0) return;
    const shown = views.galleryView();
    for (let i = 0; i < gallery.length; i += VIEWS_PER_SLICE) {
      if (i > 0) await slicePause();
      this.#io.to(gallery.slice(i, i + VIEWS_PER_SLICE)).emit('courtroom:galleryState', shown);
    }
  }

  /**
   * The presiding side's views, each sent when it differs from the last that person was sent:
   * whole, or only the people who changed when nothing else did (presidingUpdate).
   */
  #publishPresiding(live: LiveHearing): void {
    const views = this.#viewsOf(live);
    for (const participantId of live.courtroom.presidingSide()) {
      if (live.courtroom.attendee(participantId)?.connected !== true) continue;
      const view = views.viewOf(participantId);
      if (view === undefined) continue;
      const now = presidingSnapshot(view);
      const last = this.#lastSent.get(participantId);
      const update = presidingUpdate(last !== undefined && isPresidingSnapshot(last) ? last : undefined, now, view);
      if (update.kind === 'none') continue;
      this.#lastSent.set(participantId, now);
      const to = this.#io.to(participantChannel(participantId));
      if (update.kind === 'view') to.emit('courtroom:state', view);
      else to.emit('courtroom:people', update.change);
    }
  }

  /**
   * Most changes touch few people's views (a lobby arrival shows only to the chair): a view is
   * sent only when it differs from the last one that person was sent. Undefined when it does
   * not; otherwise it is noted as sent, and the last one sent before is returned with it.
   */
  #viewChange(views: CourtroomViews, participantId: string): { now: ViewFingerprint; last: ViewFingerprint | undefined } | undefined {
    const now = views.fingerprintOf(participantId);
    const sent = this.#lastSent.get(participantId);
    const last = sent === undefined || isPresidingSnapshot(sent) ? undefined : sent;
    if (now === undefined || sameFingerprint(last, now)) return undefined;
    this.#lastSent.set(participantId, now);
    return { now, last };
  }

  #sendView(views: CourtroomViews, participantId: string): void {
    this.#io.to(participantChannel(participantId)).emit('courtroom:state', views.viewOf(participantId)!);
  }

  /**
   * The attendees outside the presiding side (#publishPresiding) whose views this round compares
   * (ViewScope), and the scope begun afresh.
   */
  #inScope(live: LiveHearing, publisher: Publisher, views: CourtroomViews): Attendee[] {
    const { everyone, concerned } = publisher.scope;
    publisher.scope = { everyone: false, concerned: new Set() };
    const seating = views.seating();
    const inScope: Attendee[] = [];
    const keys = new Map<Seat, string>();
    for (const [seat, seated] of seating) {
      const key = views.seatKeyOf(seat);
      keys.set(seat, key);
      const changed = publisher.seatKeys.get(seat) !== key;
      for (const attendee of seated) {
        if (live.courtroom.isPresiding(attendee.participantId)) continue;
        if (everyone || changed || concerned.has(attendee.participantId)) inScope.push(attendee);
      }
    }
    publisher.seatKeys = keys;
    return inScope;
  }

  #viewsOf(live: LiveHearing): CourtroomViews {
    return courtroomViews(live.courtroom, { caseId: live.hearing.caseId, floorLanguage: live.floorLanguage, interpretation: live.interpretation });
  }

  /**
   * A participant's view to go with a join's answer or a new seat, noted as the last they were
   * sent (the round of views that follows skips them if nothing changed).
   */
  viewToSend(live: LiveHearing, participantId: string, views = this.#viewsOf(live)): CourtroomView | undefined {
    if (live.courtroom.isPresiding(participantId)) {
      const view = views.viewOf(participantId);
      if (view !== undefined) this.#lastSent.set(participantId, presidingSnapshot(view));
      return view;
    }
    const sent = views.sentView(participantId);
    if (sent === undefined) return undefined;
    this.#lastSent.set(participantId, sent.fingerprint);
    return sent.view;
  }

  /**
   * A new connection has been sent nothing yet: its next round of views includes it whatever it
   * says. A connection gone is sent nothing more: what it was sent need not be kept (it would be
   * kept for everyone who ever came).
   */
  forgetSent(participantId: string): void {
    this.#lastSent.delete(participantId);
  }

  /** Gives a participant their media seat (admitted, back after a drop) and tells their room. */
  seat(live: LiveHearing, room: HearingRoom, participantId: string): void {
    const space = this.#spaceOf(live, participantId);
    if (space === undefined || room.has(participantId)) return;
    room.addParticipant(participantId, space);
    this.#announceArrival(live, participantId);
  }

  /** Takes a participant's media away (to the lobby, out, dropped) and tells their room. */
  unseat(live: LiveHearing, room: HearingRoom | undefined, participantId: string, space: MediaSpace | undefined, shown: boolean): void {
    if (room?.has(participantId)) room.removeParticipant(participantId);
    if (room) this.#rooms.closeIfEmpty(room);
    if (space === undefined || !shown) return;
    for (const mate of room?.participantsIn(space) ?? []) this.#io.to(participantChannel(mate)).emit('participant:left', { participantId });
  }

  async #carryOut(live: LiveHearing, room: HearingRoom | undefined, event: CourtroomEvent, views: () => CourtroomViews): Promise<void> {
    const hearingId = live.hearing.id;
    const notify = (participantId: string, notice: CourtroomNotice) => this.#io.to(participantChannel(participantId)).emit('courtroom:notice', notice);
    switch (event.type) {
      case 'admitted': {
        // The media room may have closed while everyone present waited in the lobby.
        const media = room ?? (await this.#rooms.open(hearingId));
        this.seat(live, media, event.participantId);
        this.#sendSeated(live, media, event.participantId, views());
        return;
      }
      case 'moved': {
        if (!room?.has(event.participantId)) return;
        const from = spaceOfSeat(event.from);
        const to = spaceOfSeat(event.to)!;
        // A screen shared with the court's leave is shown to the room it was shared in, and
        // never carried into another (nor a consultation's shown in the main room).
        const screen = room.producerIdFor(event.participantId, 'screen');
        if (screen !== undefined) room.closeProducer(event.participantId, screen);
        for (const mate of room.participantsIn(from ?? 'main')) if (mate !== event.participantId) this.#io.to(participantChannel(mate)).emit('participant:left', { participantId: event.participantId });
        await room.setSpace(event.participantId, to);
        this.#announceArrival(live, event.participantId);
        // Their new room mates dropped these producers when they left (or never had them).
        const mates = room.participantsIn(to).filter((id) => id !== event.participantId);
        const theirs = room.publishedProducers(to).filter((p) => p.participantId === event.participantId);
        for (const producer of theirs) {
          // An interpreter's voice only to its channel's listeners there.
          const audience = room.restrictedAudience(event.participantId, producer.producerId);
          const offeredTo = mates.filter((mate) => audience === undefined || audience.has(mate)).map(participantChannel);
          if (offeredTo.length > 0) this.#io.to(offeredTo).emit('producer:added', producer);
        }
        // As the courtroom stands after the media moved (other changes may have come meanwhile).
        this.#sendSeated(live, room, event.participantId, this.#viewsOf(live));
        return;
      }
      case 'removed':
        notify(event.participantId, { type: 'removed', to: event.to });
        this.unseat(live, room, event.participantId, room?.spaceOf(event.participantId) as MediaSpace | undefined, true);
        if (event.to === 'out') this.#io.in(participantChannel(event.participantId)).disconnectSockets(true);
        return;
      case 'denied':
        notify(event.participantId, { type: 'denied', reason: event.reason });
        this.#io.in(participantChannel(event.participantId)).disconnectSockets(true);
        return;
      case 'muted':
        notify(event.participantId, { type: 'mutedByCourt', sources: event.sources });
        if (room) await this.#pause(room, event.participantId, event.sources);
        return;
      case 'unmuted':
        notify(event.participantId, { type: 'unmutedByCourt', sources: event.sources });
        if (room) for (const source of event.sources) await this.#resume(room, live, event.participantId, source);
        return;
      case 'floorModeChanged':
        if (room && event.mode === 'floorOnly') {
          for (const attendee of live.courtroom.attendees()) if (!live.courtroom.maySend(attendee.participantId, 'microphone')) await this.#pause(room, attendee.participantId, ['microphone']);
        }
        return;
      case 'floorGranted':
        notify(event.participantId, { type: 'floorGranted' });
        return;
      case 'floorRevoked':
        notify(event.participantId, { type: 'floorRevoked' });
        if (room && !live.courtroom.maySend(event.participantId, 'microphone')) await this.#pause(room, event.participantId, ['microphone']);
        return;
      case 'cameraRequested':
        notify(event.participantId, { type: 'cameraRequested' });
        return;
      case 'consultationDeclined':
        notify(event.participantId, event.reason === undefined ? { type: 'consultationDeclined' } : { type: 'consultationDeclined', reason: event.reason });
        return;
      case 'oathCalled':
        notify(event.oath.participantId, { type: 'oathCalled', oathId: event.oath.oathId, language: event.oath.language, text: event.oath.text });
        return;
      case 'oathConfirmed':
        await this.#hearings.recordOath(live.hearing, { ...event.oath, confirmedAt: toUtcTimestamp(new Date(event.oath.confirmedAt!)) });
        return;
      case 'phaseChanged':
        await this.#hearings.recordPhase(hearingId, event.from, event.to, `participant:${event.by}`);
        return;
      case 'recordingStarted':
        await this.#options.recorders?.start(live, event.recordingId, event.by);
        return;
      case 'recordingStopped':
        // Acknowledged once every file and the manifest are closed and their hashes on the ledger.
        await this.#options.recorders?.stop(live, event.recordingId, event.by);
        return;
      case 'presenterAllowed':
        // Leave withdrawn while sharing: the screen stops in the SFU, whatever the client does.
        if (room && !event.allowed) this.closeScreenWithoutLeave(live, room, event.participantId);
        return;
      default:
        return;
    }
  }

  /** Closes a participant's screen producer if the court no longer lets them share; true if it did. */
  closeScreenWithoutLeave(live: LiveHearing, room: HearingRoom, participantId: string): boolean {
    const producerId = room.producerIdFor(participantId, 'screen');
    if (producerId === undefined || live.courtroom.maySend(participantId, 'screen')) return false;
    room.closeProducer(participantId, producerId);
    return true;
  }

  async #pause(room: HearingRoom, participantId: string, sources: MutableSource[]): Promise<void> {
    for (const source of sources) {
      for (const producerId of producersOfSource(room, participantId, source)) await room.pauseProducer(participantId, producerId, 'court');
    }
  }

  /** The court lifts its mute: the producer resumes if nothing else (the floor) keeps it silent. */
  async #resume(room: HearingRoom, live: LiveHearing, participantId: string, source: MutableSource): Promise<void> {
    if (!live.courtroom.maySend(participantId, source)) return;
    for (const producerId of producersOfSource(room, participantId, source)) await room.resumeProducer(participantId, producerId, 'court');
  }

  #announceArrival(live: LiveHearing, participantId: string): void {
    const attendee = live.courtroom.attendee(participantId);
    if (attendee === undefined || attendee.seat === 'gallery') return; // the gallery is counted, not shown
    const view: ParticipantView = { participantId, displayName: attendee.displayName, role: attendee.role };
    for (const mate of this.roomMates(live, participantId)) this.#io.to(participantChannel(mate.participantId)).emit('participant:joined', view);
  }

  #sendSeated(live: LiveHearing, room: HearingRoom, participantId: string, views: CourtroomViews): void {
    const space = this.#spaceOf(live, participantId);
    if (space === undefined) return;
    this.#io.to(participantChannel(participantId)).emit('courtroom:seated', {
      seat: live.courtroom.attendee(participantId)!.seat,
      courtroom: this.viewToSend(live, participantId, views)!,
      participants: this.roomMates(live, participantId),
      producers: room.publishedProducers(space, participantId).filter((p) => p.participantId !== participantId),
      dominantSpeakerId: space === 'main' ? room.dominantSpeakerId : null,
      galleryCount: this.galleryCount(live),
    });
  }

  #spaceOf(live: LiveHearing, participantId: string): MediaSpace | undefined {
    const seat = live.courtroom.attendee(participantId)?.seat;
    return seat === undefined ? undefined : spaceOfSeat(seat);
  }

  /** The channel every socket in the hearing (lobby included) listens on. */
  static channel(hearingId: string): string {
    return hearingChannel(hearingId);
  }
}

/** A participant's producers the court's control of a source holds: an interpreter's voice is their microphone too. */
function producersOfSource(room: HearingRoom, participantId: string, source: MutableSource): string[] {
  const producers = [room.producerIdFor(participantId, source), source === 'microphone' ? room.producerIdFor(participantId, 'interpretation') : undefined];
  return producers.filter((id): id is string => id !== undefined);
}

/**
 * An event as a line of the hearing record: who it concerns and who did it on the line itself,
 * the rest as its detail. Nested values are copied (as JSON: the courtroom keeps its own); an
 * arrival, a join's line, has none to copy.
 */
function recordLine(event: CourtroomEvent): Omit<HearingRecordLine, 'at'> {
  const fields = event as unknown as Record<string, unknown>;
  let detail: Record<string, unknown> | undefined;
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (key === 'type' || key === 'participantId' || key === 'by' || value === undefined) continue;
    (detail ??= {})[key] = typeof value === 'object' && value !== null ? JSON.parse(JSON.stringify(value)) : value;
  }
  const line: { -readonly [K in keyof Omit<HearingRecordLine, 'at'>]: HearingRecordLine[K] } = { type: event.type };
  if (typeof fields.participantId === 'string') line.participantId = fields.participantId;
  if (typeof fields.by === 'string') line.by = `participant:${fields.by}`;
  if (detail !== undefined) line.detail = detail as never;
  return line;
}
