// Being in a hearing room: joining it, keeping the roster and the tiles in step with the
// server's events, sending our camera and microphone (an interpreter's into their language
// channel), receiving everyone else's (the screens they share on the screen stage, the language
// channels' voices through ChannelAudio, which ducks the floor under them), and coming
// back after a dropped connection or a media server restart. The server is the authority: what
// it says is paused is shown paused, even for our own producers.
import type { CourtroomNotice, HearingReply, HearingSchedule, JoinedHearing, ParticipantView, PublishedProducer, SeatedInRoom } from '../../server/protocol/hearingRoomEvents.js';
import type { CourtroomCommand, InterpretationCommand } from '../../server/protocol/hearingRoomSchemas.js';
import type { CourtroomView } from '../../server/domain/hearing/courtroomView.js';
import type { HearingPhase as CourtroomPhase } from '../../server/domain/hearing/hearingPhase.js';
import { withPeopleChanged } from '../../server/domain/hearing/presidingPeople.js';
import type { types } from 'mediasoup-client';
import { chairNews, type ChairNews } from './courtroom/chairNews.js';
import { consultationAt } from './courtroom/people.js';
import { failureMessage, HearingConnection, SignallingError } from './hearingConnection.js';
import { msg, type Message } from './i18n.js';
import { ChannelAudio } from './interpretation/channelAudio.js';
import type { ScreenStage } from './courtroom/screenStage.js';
import { captureProblemMessage, LOCAL_SOURCES, type LocalMedia, type LocalSource } from './localMedia.js';
import { MediaSession, type ConsumerAppData } from './mediaSession.js';
import type { NoticeBoard } from './notices.js';
import type { TileGrid } from './tiles.js';
import { observeTileSize } from './tileSize.js';
import { TypedEmitter } from './typedEmitter.js';

export type HearingPhase = 'connecting' | 'joining' | 'lobby' | 'joined' | 'reconnecting' | 'left';

export interface HearingSessionOptions {
  /** The hearing to join (from the case page). */
  hearingId: string;
  /** Who we are signed in as (the server has the final word when we join). */
  displayName: string;
  /** The session's current access token, and a way to refresh it when it expires. */
  token: () => string;
  refreshSession: () => Promise<boolean>;
  /** Offer only TCP candidates: for parties behind firewalls that drop UDP. */
  forceTcp: boolean;
  localMedia: LocalMedia;
  tiles: TileGrid;
  /** Where screens others share are shown. */
  screens: ScreenStage;
  notices: NoticeBoard;
}

interface SessionEvents extends Record<string, unknown[]> {
  phase: [phase: HearingPhase];
  /** Who is in the room changed. */
  roster: [];
  /** What we send changed (mute, camera, a new device, a reconnection): the controls re-render. */
  local: [];
  /** The court's view of the hearing changed (courtroom:state, or what the join answered). */
  courtroom: [view: CourtroomView];
  /** How many watch from the public gallery changed. */
  gallery: [count: number];
  /** Something the court did that concerns us (the oath prompt listens for oathCalled). */
  courtNotice: [notice: CourtroomNotice];
  /** The first join failed and the session is over; the message says why. */
  joinFailed: [reason: Message];
  left: [];
}

/** A producer of someone else's that we receive (or are setting up to receive). */
interface Reception {
  producer: PublishedProducer;
  consumer?: types.Consumer<ConsumerAppData>;
  stopTileSize?: () => void;
}

const REJOIN_RETRY_MS = 3_000;
const GOOD_NEWS_MS = 4_000;
/** Long enough to be read beside the hearing; the console keeps showing it after. */
const CHAIR_NEWS_MS = 8_000;

/** What is said when the hearing moves to a phase (resuming from a recess is said otherwise). */
const PHASE_NOTICES: Partial<Record<CourtroomPhase, Message>> = {
  inSession: msg('notice.sessionOpened'),
  recess: msg('notice.recess'),
  adjourned: msg('notice.adjourned'),
};

export class HearingSession extends TypedEmitter<SessionEvents> {
  readonly #options: HearingSessionOptions;
  readonly #connection: HearingConnection;
  #phase: HearingPhase = 'connecting';
  #everJoined = false;
  /** Bumped whenever the current media becomes void; async steps of an older one stop. */
  #generation = 0;
  #queue: Promise<void> = Promise.resolve();
  #media: MediaSession | undefined;
  #self: ParticipantView | undefined;
  readonly #participants = new Map<string, ParticipantView>();
  /** Everyone else's producers, by id. */
  readonly #producers = new Map<string, PublishedProducer>();
  readonly #receptions = new Map<string, Reception>();
  readonly #published = new Set<LocalSource>();
  #shutdownAnnounced = false;
  #courtroom: CourtroomView | undefined;
  #schedule: HearingSchedule | undefined;
  #galleryCount = 0;
  /** Sources whose mute or unmute request is on its way: the server's echo of it is not news. */
  readonly #toggling = new Set<LocalSource>();
  /** The language channels' voices we hear, and the floor ducked under them. */
  readonly channelAudio: ChannelAudio;

  constructor(options: HearingSessionOptions) {
    super();
    this.#options = options;
    this.channelAudio = new ChannelAudio(options.tiles);
    this.#connection = new HearingConnection(options.token);
    options.tiles.ensureSelf(options.displayName);
    this.#renderSelf();
    this.#listen();
  }

  get phase(): HearingPhase {
    return this.#phase;
  }

  get roomId(): string {
    return this.#options.hearingId;
  }

  /** How many watch from the public gallery, as the server last told us. */
  get galleryCount(): number {
    return this.#galleryCount;
  }

  /** The courtroom as the server last showed it to us. */
  get courtroom(): CourtroomView | undefined {
    return this.#courtroom;
  }

  get self(): ParticipantView | undefined {
    return this.#self;
  }

  /** The hearing as scheduled (its title and times), once joined. */
  get schedule(): HearingSchedule | undefined {
    return this.#schedule;
  }

  get participants(): ParticipantView[] {
    return [...this.#participants.values()];
  }

  get media(): MediaSession | undefined {
    return this.#media;
  }

  /** Asks the court to do something (the judge's console, a raised hand); refusals reject with a SignallingError. */
  command(command: CourtroomCommand): Promise<HearingReply<'courtroom:command'>> {
    return this.#connection.request('courtroom:command', command);
  }

  /** What we hear (listen), or an interpreter's direction, source and booth; refusals reject with a SignallingError. */
  interpretation(command: InterpretationCommand): Promise<HearingReply<'interpretation:command'>> {
    return this.#connection.request('interpretation:command', command);
  }

  /** Whether the court lets us send this source now (always, until the court has seated us). */
  mayUnmute(source: LocalSource): boolean {
    const you = this.#courtroom?.you;
    if (!you || you.presiding || you.seat === 'lobby') return true;
    return source === 'microphone' ? you.mayUnmuteMicrophone : !you.courtMuted.camera;
  }

  /** Whether a source is being sent: produced, and not muted. */
  sending(source: LocalSource): boolean {
    return this.#published.has(source) && !this.#options.localMedia.muted(source);
  }

  /** Connects and joins; the camera and microphone are captured meanwhile (see captureLocalMedia). */
  start(): void {
    this.#connection.open();
  }

  /**
   * Captures whatever camera or microphone we do not have yet and sends it. A refusal is
   * explained in a notice with a way to try again; the party stays in the hearing, listening.
   */
  async captureLocalMedia(): Promise<void> {
    const { localMedia, notices } = this.#options;
    const problems = await localMedia.captureMissing();
    if (this.#phase === 'left') {
      localMedia.stop(); // the party left while the browser was still asking: turn the camera off again
      return;
    }
    if (problems.length > 0) {
      notices.show('capture', problems.map(captureProblemMessage), {
        tone: 'warning',
        actions: [{ label: msg('capture.retry'), run: () => void this.captureLocalMedia() }],
      });
    } else {
      notices.clear('capture');
    }
    this.#renderSelf();
    await this.#publishLocalMedia();
  }

  async setMuted(source: LocalSource, muted: boolean): Promise<void> {
    const { localMedia, notices } = this.#options;
    // The server would refuse anyway (it is the authority); saying why spares a failed round trip.
    if (!muted && this.#phase === 'joined' && !this.mayUnmute(source)) {
      notices.show('court', courtMuteMessage(this.#courtroom, source), { tone: 'warning' });
      return;
    }
    localMedia.setMuted(source, muted);
    this.#renderSelf();
    const media = this.#media;
    if (!media || !this.#published.has(source)) return;
    this.#toggling.add(source);
    try {
      if (muted) await media.pause(source);
      else await media.resume(source);
    } catch (error) {
      if (media !== this.#media) return; // reconnecting: the new media applies the wish
      if (!muted) {
        localMedia.setMuted(source, true);
        this.#renderSelf();
      }
      if (error instanceof SignallingError && (error.code === 'MUTED_BY_COURT' || error.code === 'FLOOR_NOT_GIVEN')) {
        notices.show('court', courtMuteMessage(this.#courtroom, source), { tone: 'warning' });
      } else {
        notices.show('media', msg('notice.mediaFailed', { detail: failureMessage(error) }), { tone: 'error' });
      }
    } finally {
      this.#toggling.delete(source);
    }
  }

  /** Switches camera or microphone; the new track replaces the old one in the producer. */
  async switchDevice(source: LocalSource, deviceId: string): Promise<void> {
    const { localMedia, notices } = this.#options;
    if (localMedia.deviceId(source) === deviceId) return;
    try {
      const track = await localMedia.captureDevice(source, deviceId);
      if (this.#phase === 'left') {
        track.stop();
        return;
      }
      const producer = await this.#media?.producer(source);
      await producer?.replaceTrack({ track });
      localMedia.adopt(source, track);
      // A reconnection may have produced the old track meanwhile.
      const current = await this.#media?.producer(source);
      if (current && current.track !== track) await current.replaceTrack({ track });
      notices.clear('devices');
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      notices.show('devices', msg('devices.switchFailed', { detail: name }), { tone: 'warning', dismissAfterMs: 10_000 });
    }
    this.#renderSelf();
    await this.#publishLocalMedia();
  }

  /** Plays voices the browser held back until the user clicked. */
  async enableSound(): Promise<void> {
    const [tiles, channels] = await Promise.all([this.#options.tiles.resumeAudio(), this.channelAudio.resume()]);
    if (tiles && channels) this.#options.notices.clear('sound');
  }

  async leave(): Promise<void> {
    if (this.#phase === 'left') return;
    this.#setPhase('left');
    this.#dropMedia();
    await this.#connection.request('hearing:leave', {}).catch(() => undefined);
    this.#close();
    this.safeEmit('left');
  }

  #close(): void {
    this.#connection.close();
    this.#options.localMedia.stop();
    this.channelAudio.clear();
    this.#options.tiles.clear();
    this.#options.screens.clear();
    for (const topic of ['connection', 'media', 'sound', 'devices', 'capture'] as const) this.#options.notices.clear(topic);
  }

  #listen(): void {
    const connection = this.#connection;
    const { notices, tiles } = this.#options;
    connection.on('connected', () => this.#enqueue(() => this.#enterRoom()));
    connection.on('disconnected', (_reason, willReconnect) => this.#onDisconnected(willReconnect));
    connection.on('connectFailed', () => {
      if (this.#phase === 'left' || this.#shutdownAnnounced) return;
      const message = this.#everJoined ? msg('notice.connectionLost') : msg('notice.cannotConnect');
      notices.show('connection', message, { tone: 'warning' });
    });
    connection.on('identityRejected', (detail) => this.#failJoin(msg('join.identityRejected', { detail })));
    connection.on('sessionExpired', () => {
      void this.#options.refreshSession().then((refreshed) => {
        if (refreshed) connection.open();
        else this.#failJoin(msg('join.identityRejected', { detail: 'session expired' }));
      });
    });

    connection.onPush('participant:joined', (participant) => this.#addParticipant(participant));
    connection.onPush('participant:left', ({ participantId }) => this.#removeParticipant(participantId));
    connection.onPush('producer:added', (producer) => this.#addProducer(producer));
    connection.onPush('producer:removed', ({ producerId }) => this.#removeProducer(producerId));
    connection.onPush('consumer:closed', ({ producerId }) => this.#stopReceiving(producerId));
    connection.onPush('producer:paused', (event) => this.#onProducerPaused(event.producerId, event.participantId, true));
    connection.onPush('producer:resumed', (event) => this.#onProducerPaused(event.producerId, event.participantId, false));
    connection.onPush('speaker:dominant', ({ participantId }) => tiles.setDominantSpeaker(participantId));
    connection.onPush('media:reconnect', ({ reason }) => this.#onMediaReset(reason));
    connection.onPush('courtroom:state', (view) => this.#takeCourtroom(view));
    // Presiding: only the people who changed since our last view (a crowd in the lobby).
    connection.onPush('courtroom:people', (change) => {
      const view = this.#courtroom;
      if (view?.you.presiding === true && view.hearingId === change.hearingId) this.#takeCourtroom(withPeopleChanged(view, change));
    });
    // The public gallery is told what it sees alike once for all: ours is that with our own part.
    connection.onPush('courtroom:galleryState', (shared) => {
      const you = this.#courtroom?.you;
      if (you?.seat === 'gallery') this.#takeCourtroom({ ...shared, you });
    });
    connection.onPush('courtroom:gallery', ({ count }) => this.#takeGalleryCount(count));
    connection.onPush('courtroom:seated', (seated) => {
      this.#takeCourtroom(seated.courtroom);
      this.#takeGalleryCount(seated.galleryCount);
      this.#enqueue(() => this.#takeSeat(seated));
    });
    connection.onPush('courtroom:notice', (notice) => this.#onCourtNotice(notice));
    connection.onPush('server:shutdown', ({ reason }) => {
      // The server's reason is English prose for logs; the party reads our own words.
      console.info(`server shutting down: ${reason}`);
      this.#shutdownAnnounced = true;
      notices.show('connection', msg('notice.serverShutdown'), { tone: 'warning' });
    });
  }

  #enqueue(task: () => Promise<void>): void {
    this.#queue = this.#queue.then(task).catch((error: unknown) => console.error('hearing session step failed', error));
  }

  /**
   * Joins the hearing and, once the court has seated us, sets up media. Runs for the first join
   * and after every reconnection (within the reconnection window the court keeps our seat).
   */
  async #enterRoom(): Promise<void> {
    if (this.#phase === 'left') return;
    const generation = this.#generation;
    const rejoining = this.#everJoined;
    this.#setPhase(rejoining ? 'reconnecting' : 'joining');
    let joined: JoinedHearing;
    try {
      joined = await this.#connection.request('hearing:join', { hearingId: this.#options.hearingId });
    } catch (error) {
      if (generation === this.#generation) this.#onEnterFailed(error, generation);
      return;
    }
    if (generation !== this.#generation) return; // dropped meanwhile: the next connection enters again
    this.#schedule = joined.schedule;
    this.#takeRoster(joined);
    this.#takeCourtroom(joined.courtroom);
    this.#takeGalleryCount(joined.galleryCount);
    if (joined.seat === 'lobby') {
      this.#setPhase('lobby');
      this.#options.notices.show('hearing', msg('notice.inLobby'));
      return; // courtroom:seated comes when the judge admits us
    }
    const routerRtpCapabilities = joined.routerRtpCapabilities ?? (await this.#connection.request('media:routerCapabilities', {})).routerRtpCapabilities;
    await this.#enterMedia(routerRtpCapabilities, rejoining, generation);
  }

  /** Admitted from the lobby, or moved to another room of the hearing: media starts afresh there. */
  async #takeSeat(seated: SeatedInRoom): Promise<void> {
    if (this.#phase === 'left' || !this.#self) return;
    const fromLobby = this.#phase === 'lobby';
    // Whether anyone outside can see and hear them is said in words at each move, not only by
    // the tiles and the seat line changing (a screen reader would tell nothing).
    if (!fromLobby) this.#showRoomChange(seated);
    if (!fromLobby && this.#media) {
      await this.#changeRoom(seated, this.#media);
      return;
    }
    this.#dropMedia();
    this.#takeRoster({ self: this.#self, participants: seated.participants, producers: seated.producers, dominantSpeakerId: seated.dominantSpeakerId });
    // Said, not only shown: the lobby screen goes, and a screen reader would otherwise tell nothing.
    if (fromLobby) this.#options.notices.show('hearing', msg('notice.admitted'), { dismissAfterMs: GOOD_NEWS_MS });
    const { routerRtpCapabilities } = await this.#connection.request('media:routerCapabilities', {});
    await this.#enterMedia(routerRtpCapabilities, false, this.#generation);
  }

  /**
   * The judge opened the session, called a recess, resumed or adjourned: said to everyone taking
   * part or watching (the presiding side did it; the lobby is not in the hearing yet), in words —
   * a party hears the judge in a language they may not follow.
   */
  #showPhaseChange(from: CourtroomPhase, view: CourtroomView): void {
    if (view.you.presiding || view.you.seat === 'lobby') return;
    const message = view.phase === 'inSession' && from === 'recess' ? msg('notice.resumed') : PHASE_NOTICES[view.phase];
    if (message !== undefined) this.#options.notices.show('phase', message, view.phase === 'inSession' ? { dismissAfterMs: GOOD_NEWS_MS } : {});
  }

  #showChairNews(news: ChairNews): void {
    const lines: Message[] = [];
    if (news.waiting.length > 0) lines.push(msg('chair.waiting', { names: news.waiting.join(', ') }));
    if (news.handRaised.length > 0) lines.push(msg('chair.handRaised', { names: news.handRaised.join(', ') }));
    if (news.asksConsultation.length > 0) lines.push(msg('chair.asksConsultation', { names: news.asksConsultation.join(', ') }));
    if (news.connectionLost.length > 0) lines.push(msg('chair.connectionLost', { names: news.connectionLost.join(', ') }));
    if (news.back.length > 0) lines.push(msg('chair.back', { names: news.back.join(', ') }));
    if (news.left.length > 0) lines.push(msg('chair.left', { names: news.left.join(', ') }));
    // A lost connection is said at once (an alert); the rest politely.
    if (lines.length > 0) this.#options.notices.show('chair', lines, { dismissAfterMs: CHAIR_NEWS_MS, tone: news.connectionLost.length > 0 ? 'warning' : 'info' });
  }

  #showRoomChange(seated: SeatedInRoom): void {
    const { notices } = this.#options;
    if (seated.seat === 'main') {
      notices.show('hearing', msg('notice.backInMainRoom'), { dismissAfterMs: GOOD_NEWS_MS });
      return;
    }
    const room = consultationAt(seated.courtroom, seated.seat);
    // Shown for as long as they are in the room: the next move replaces it.
    if (room) notices.show('hearing', msg('notice.inConsultationRoom', { name: room.name }));
  }

  /**
   * Moved into a consultation room or back: our transports move with us (the server re-spaces
   * them, closing every consumer across the boundary). We receive what is in the new room, and
   * send our camera and microphone afresh: the people there learn of our producers only as they
   * are made (the server announces a move with participant:joined alone).
   */
  async #changeRoom(seated: SeatedInRoom, media: MediaSession): Promise<void> {
    this.#takeRoster({ self: this.#self!, participants: seated.participants, producers: seated.producers, dominantSpeakerId: seated.dominantSpeakerId });
    for (const producerId of [...this.#receptions.keys()]) if (!this.#producers.has(producerId)) this.#stopReceiving(producerId);
    for (const producer of this.#producers.values()) void this.#receive(producer, media);
    await media.closeProducers();
    if (media !== this.#media) return;
    this.#published.clear();
    await this.#publishLocalMedia();
  }

  async #enterMedia(routerRtpCapabilities: NonNullable<JoinedHearing['routerRtpCapabilities']>, rejoining: boolean, generation: number): Promise<void> {
    let media: MediaSession;
    try {
      media = await MediaSession.create(this.#connection, routerRtpCapabilities, { forceTcp: this.#options.forceTcp });
    } catch (error) {
      if (generation === this.#generation) this.#onEnterFailed(error, generation);
      return;
    }
    if (generation !== this.#generation) {
      media.close();
      return;
    }
    this.#media = media;
    this.#everJoined = true;
    this.#setPhase('joined');
    if (rejoining || this.#shutdownAnnounced) {
      this.#options.notices.show('connection', msg('notice.connectionRestored'), { dismissAfterMs: GOOD_NEWS_MS });
    }
    this.#shutdownAnnounced = false;
    for (const producer of this.#producers.values()) void this.#receive(producer, media);
    await this.#publishLocalMedia();
  }

  #takeGalleryCount(count: number): void {
    this.#galleryCount = count;
    this.safeEmit('gallery', count);
  }

  #takeCourtroom(view: CourtroomView): void {
    const before = this.#courtroom;
    this.#courtroom = view;
    if (before?.hearingId === view.hearingId && before.phase !== view.phase) this.#showPhaseChange(before.phase, view);
    if (before !== undefined) this.#showChairNews(chairNews(before, view));
    this.channelAudio.follow(view);
    this.safeEmit('courtroom', view);
    this.safeEmit('roster');
  }

  #onCourtNotice(notice: CourtroomNotice): void {
    const { notices } = this.#options;
    this.safeEmit('courtNotice', notice);
    switch (notice.type) {
      case 'denied':
        this.#failJoin(msg('notice.denied', { reason: notice.reason }));
        return;
      case 'removed':
        if (notice.to === 'out') {
          this.#failJoin(msg('notice.removedOut'));
          return;
        }
        this.#dropMedia();
        this.#setPhase('lobby');
        notices.show('hearing', msg('notice.removedToLobby'), { tone: 'warning' });
        return;
      case 'mutedByCourt':
        notices.show('court', msg('notice.mutedByCourt'), { tone: 'warning' });
        return;
      case 'unmutedByCourt':
        notices.show('court', msg('notice.unmutedByCourt'), { dismissAfterMs: GOOD_NEWS_MS });
        return;
      case 'cameraRequested':
        notices.show('court', msg('notice.cameraRequested'));
        return;
      case 'floorGranted':
        notices.show('court', msg('notice.floorGranted'), { dismissAfterMs: GOOD_NEWS_MS });
        return;
      case 'floorRevoked':
        notices.show('court', msg('notice.floorRevoked'), { dismissAfterMs: GOOD_NEWS_MS });
        return;
      case 'consultationDeclined':
        notices.show('court', notice.reason === undefined ? msg('notice.consultationDeclined') : msg('notice.consultationDeclinedBecause', { reason: notice.reason }), { tone: 'warning' });
        return;
      case 'oathCalled':
        return; // the oath prompt asks for the confirmation
    }
  }

  #onEnterFailed(error: unknown, generation: number): void {
    if (error instanceof SignallingError && error.code === 'DISCONNECTED') return; // entered again on reconnect
    if (!this.#everJoined) {
      this.#failJoin(msg('notice.joinFailed', { detail: failureMessage(error) }));
      return;
    }
    this.#options.notices.show('hearing', msg('notice.rejoinFailed', { detail: failureMessage(error) }), { tone: 'error' });
    setTimeout(() => {
      if (generation === this.#generation && this.#connection.connected) this.#enqueue(() => this.#rejoin());
    }, REJOIN_RETRY_MS);
  }

  #failJoin(reason: Message): void {
    if (this.#phase === 'left') return;
    this.#setPhase('left');
    this.#dropMedia();
    this.#close();
    this.safeEmit('joinFailed', reason);
  }

  /** Leaves (if the server still has us) and enters again: the one way back to a known state. */
  async #rejoin(): Promise<void> {
    const generation = this.#generation;
    await this.#connection.request('hearing:leave', { keepSeat: true }).catch(() => undefined);
    if (generation !== this.#generation) return;
    this.#options.notices.clear('hearing');
    await this.#enterRoom();
  }

  #onDisconnected(willReconnect: boolean): void {
    if (this.#phase === 'left') return;
    this.#dropMedia();
    if (!willReconnect) return;
    this.#setPhase('reconnecting');
    if (!this.#shutdownAnnounced) {
      this.#options.notices.show('connection', msg('notice.connectionLost'), { tone: 'warning' });
    }
  }

  /**
   * The room's media was rebuilt on another worker: our transports are gone. Producers are not
   * announced again, so leaving and joining again is the simplest way to learn them all.
   */
  #onMediaReset(reason: string): void {
    const { notices } = this.#options;
    console.info(`media reconnect: ${reason}`);
    notices.show('media', msg('notice.mediaReconnecting'), { tone: 'warning' });
    this.#dropMedia();
    this.#enqueue(async () => {
      await this.#rejoin();
      if (this.#phase === 'joined') notices.show('media', msg('notice.mediaRestored'), { dismissAfterMs: GOOD_NEWS_MS });
    });
  }

  /** Closes the current media (not the local tracks); whatever was in flight for it stops. */
  #dropMedia(): void {
    this.#generation++;
    for (const producerId of [...this.#receptions.keys()]) this.#stopReceiving(producerId);
    this.#media?.close();
    this.#media = undefined;
    this.#published.clear();
    this.safeEmit('local');
  }

  async #publishLocalMedia(): Promise<void> {
    const media = this.#media;
    const { localMedia, notices } = this.#options;
    // The public gallery watches and listens; the server would refuse an observer's media anyway.
    if (!media || this.#self?.role === 'observer') return;
    await Promise.all(
      LOCAL_SOURCES.map(async (source) => {
        const track = localMedia.track(source);
        if (!track || this.#published.has(source)) return;
        try {
          // An interpreter's microphone feeds their language channel, not the floor.
          const desk = this.#courtroom?.you.interpreting;
          const producer = await media.produce(source, track, localMedia.muted(source), {
            courtMuted: this.#courtroom?.you.courtMuted[source] === true,
            ...(desk && source === 'microphone' ? { channel: desk.into } : {}),
          });
          if (media !== this.#media) return;
          this.#published.add(source);
          // The party may have muted or unmuted while the producer was being created.
          const muted = localMedia.muted(source);
          if (muted !== producer.paused) await this.setMuted(source, muted);
        } catch (error) {
          if (media !== this.#media) return;
          notices.show('media', msg('notice.mediaFailed', { detail: failureMessage(error) }), { tone: 'error' });
        }
      }),
    );
    this.#renderSelf();
  }

  #takeRoster(joined: Pick<JoinedHearing, 'self' | 'participants' | 'producers' | 'dominantSpeakerId'>): void {
    const { tiles } = this.#options;
    this.#self = joined.self;
    tiles.setSelfId(joined.self.participantId);
    this.#participants.clear();
    this.#producers.clear();
    for (const participant of joined.participants) this.#participants.set(participant.participantId, participant);
    for (const producer of joined.producers) this.#producers.set(producer.producerId, { ...producer });
    for (const participantId of tiles.remoteIds()) {
      if (!this.#participants.has(participantId)) tiles.remove(participantId);
    }
    for (const participant of joined.participants) {
      tiles.ensure(participant.participantId, participant.displayName);
      this.#renderParticipant(participant.participantId);
    }
    tiles.setDominantSpeaker(joined.dominantSpeakerId);
    this.safeEmit('roster');
  }

  #addParticipant(participant: ParticipantView): void {
    if (participant.participantId === this.#self?.participantId) return;
    this.#participants.set(participant.participantId, participant);
    this.#options.tiles.ensure(participant.participantId, participant.displayName);
    this.#renderParticipant(participant.participantId);
    this.safeEmit('roster');
  }

  #removeParticipant(participantId: string): void {
    this.#participants.delete(participantId);
    for (const producer of [...this.#producers.values()]) {
      if (producer.participantId === participantId) this.#removeProducer(producer.producerId);
    }
    this.#options.tiles.remove(participantId);
    this.safeEmit('roster');
  }

  #addProducer(producer: PublishedProducer): void {
    if (producer.participantId === this.#self?.participantId) return;
    this.#producers.set(producer.producerId, { ...producer });
    this.#renderParticipant(producer.participantId);
    if (this.#media) void this.#receive(producer, this.#media);
  }

  #removeProducer(producerId: string): void {
    const producer = this.#producers.get(producerId);
    this.#producers.delete(producerId);
    this.#stopReceiving(producerId);
    if (producer) this.#renderParticipant(producer.participantId);
  }

  #onProducerPaused(producerId: string, participantId: string, paused: boolean): void {
    if (participantId === this.#self?.participantId) {
      void (paused ? this.#pausedByServer(producerId) : this.#resumedByServer(producerId));
      return;
    }
    const producer = this.#producers.get(producerId);
    if (!producer) return;
    producer.paused = paused;
    this.#renderParticipant(participantId);
  }

  /** The server paused one of our producers: we are muted, whatever this page thought. */
  async #pausedByServer(producerId: string): Promise<void> {
    const media = this.#media;
    const source = await media?.sourceOfProducer(producerId);
    if (!media || !source || this.#toggling.has(source)) return;
    (await media.producer(source))?.pause();
    this.#options.localMedia.setMuted(source, true);
    this.#renderSelf();
  }

  /** The court lifted its mute and the server resumed our producer: we are heard again. */
  async #resumedByServer(producerId: string): Promise<void> {
    const media = this.#media;
    const source = await media?.sourceOfProducer(producerId);
    if (!media || !source || this.#toggling.has(source)) return;
    (await media.producer(source))?.resume();
    this.#options.localMedia.setMuted(source, false);
    this.#renderSelf();
  }

  async #receive(producer: PublishedProducer, media: MediaSession): Promise<void> {
    if (this.#receptions.has(producer.producerId)) return;
    const reception: Reception = { producer };
    this.#receptions.set(producer.producerId, reception);
    const current = () => this.#receptions.get(producer.producerId) === reception && media === this.#media;
    try {
      const consumer = await media.consume(producer.producerId);
      if (!current()) {
        consumer.close();
        return;
      }
      reception.consumer = consumer;
      this.#show(reception, consumer);
      await media.resumeConsumer(consumer.id);
    } catch (error) {
      if (!current()) return;
      this.#stopReceiving(producer.producerId);
      // A producer that closed while we asked for it is no failure worth telling anyone.
      if (!(error instanceof SignallingError && error.code === 'PRODUCER_NOT_FOUND')) {
        console.warn(`could not receive producer ${producer.producerId}`, error);
      }
    }
  }

  #show(reception: Reception, consumer: types.Consumer<ConsumerAppData>): void {
    if (reception.producer.source === 'screen') {
      this.#showScreen(reception, consumer);
      return;
    }
    if (reception.producer.source === 'interpretation') {
      void this.channelAudio.play(reception.producer.producerId, reception.producer.participantId, consumer.track).then((playing) => this.#soundBlocked(playing));
      return;
    }
    const tile = this.#options.tiles.get(reception.producer.participantId);
    if (!tile) return;
    if (consumer.kind === 'video') {
      tile.showVideo(consumer.track);
      reception.stopTileSize = this.#reportSize(tile.video, consumer.id);
      return;
    }
    void tile.playAudio(consumer.track).then((playing) => this.#soundBlocked(playing));
  }

  #soundBlocked(playing: boolean): void {
    if (playing) return;
    this.#options.notices.show('sound', msg('notice.soundBlocked'), {
      tone: 'warning',
      actions: [{ label: msg('notice.enableSound'), run: () => void this.enableSound() }],
    });
  }

  /** A shared screen goes on the screen stage; its layer follows the stage's size like a tile's. */
  #showScreen(reception: Reception, consumer: types.Consumer<ConsumerAppData>): void {
    const { producerId, participantId } = reception.producer;
    const name = this.#participants.get(participantId)?.displayName ?? '';
    const video = this.#options.screens.show(producerId, participantId, name, consumer.track);
    reception.stopTileSize = this.#reportSize(video, consumer.id);
  }

  #reportSize(element: HTMLElement, consumerId: string): () => void {
    return observeTileSize(element, (size) => {
      this.#connection.request('consumer:reportTileSize', { consumerId, ...size }).catch(() => undefined);
    });
  }

  #stopReceiving(producerId: string): void {
    const reception = this.#receptions.get(producerId);
    if (!reception) return;
    this.#receptions.delete(producerId);
    reception.stopTileSize?.();
    reception.consumer?.close();
    if (reception.producer.source === 'screen') {
      this.#options.screens.remove(producerId);
      return;
    }
    if (reception.producer.source === 'interpretation') {
      this.channelAudio.remove(producerId);
      return;
    }
    const tile = this.#options.tiles.get(reception.producer.participantId);
    if (reception.producer.kind === 'video') tile?.showVideo(null);
    else void tile?.playAudio(null);
  }

  #renderParticipant(participantId: string): void {
    const tile = this.#options.tiles.get(participantId);
    if (!tile) return;
    let microphone: PublishedProducer | undefined;
    let camera: PublishedProducer | undefined;
    for (const producer of this.#producers.values()) {
      if (producer.participantId !== participantId) continue;
      if (producer.source === 'microphone') microphone = producer;
      if (producer.source === 'camera') camera = producer;
    }
    tile.setIndicators({
      micMuted: !microphone || microphone.paused,
      cameraOff: !camera || camera.paused,
      listenerOnly: !microphone && !camera,
    });
  }

  #renderSelf(): void {
    const { localMedia, tiles } = this.#options;
    const tile = tiles.ensureSelf(this.#options.displayName);
    const camera = localMedia.track('camera');
    tile.showVideo(camera ?? null);
    tile.setIndicators({
      micMuted: !localMedia.live('microphone'),
      cameraOff: !localMedia.live('camera'),
      listenerOnly: !camera && !localMedia.track('microphone'),
    });
    this.safeEmit('local');
  }

  #setPhase(phase: HearingPhase): void {
    if (phase === this.#phase) return;
    this.#phase = phase;
    this.safeEmit('phase', phase);
  }
}

/** Why the court does not let us send a source now: its mute, or the floor held by someone else. */
export function courtMuteMessage(view: CourtroomView | undefined, source: LocalSource): Message {
  if (source === 'camera') return msg('court.cameraOffByCourt');
  if (view?.you.courtMuted.microphone) return msg('court.micMutedByCourt');
  return msg('court.micFloorOnly');
}
