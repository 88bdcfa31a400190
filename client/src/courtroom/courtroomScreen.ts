// Which courtroom view a person gets, following the session: the lobby screen while they wait;
// then, beside the picture, the judge's console (presiding), the party's panel, or the gallery's
// (observers, who are counted in the top bar for everyone, never listed); the oath prompt when
// the judge calls them to affirm.
import type { CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import type { CourtroomNotice } from '../../../server/protocol/hearingRoomEvents.js';
import type { HearingSession } from '../hearingSession.js';
import { msg, showText } from '../i18n.js';
import type { LocalMedia } from '../localMedia.js';
import type { NoticeBoard } from '../notices.js';
import { CourtroomCommands } from './courtroomCommands.js';
import { ExhibitStage } from './exhibitStage.js';
import { GalleryView } from './galleryView.js';
import { InterpretationPanels } from './interpretationPanels.js';
import { JudgeConsole } from './judgeConsole.js';
import { LobbyScreen } from './lobbyScreen.js';
import { OathPrompt } from './oathPrompt.js';
import { PartyPanel } from './partyPanel.js';
import { showRecordingIndicator } from './recordingControl.js';

export interface CourtroomElements {
  /** The side panel beside the tiles. */
  panel: HTMLElement;
  /** Above the tiles: the exhibit shown to the room. */
  exhibit: HTMLElement;
  lobby: HTMLElement;
  tiles: HTMLElement;
  /** "N in the public gallery", in the top bar. */
  galleryCount: HTMLElement;
  /** "Recording", in the top bar while the official recording runs. */
  recording?: HTMLElement;
}

type Side = {
  kind: 'judge' | 'party' | 'gallery';
  element: HTMLElement;
  render(view: CourtroomView): void;
  /** What the court told this person (the party's panel follows the fate of its request). */
  takeNotice?(notice: CourtroomNotice): void;
};

export class CourtroomScreen {
  readonly #elements: CourtroomElements;
  readonly #session: HearingSession;
  readonly #commands: CourtroomCommands;
  readonly #lobby: LobbyScreen;
  readonly #oath: OathPrompt;
  readonly #exhibit: ExhibitStage;
  /** Channel picker, interpreter's console, who interprets what, recording control. */
  readonly #interpretation: InterpretationPanels;
  #side: Side | undefined;

  constructor(elements: CourtroomElements, session: HearingSession, localMedia: LocalMedia, notices: NoticeBoard, ended: AbortSignal) {
    this.#elements = elements;
    this.#session = session;
    this.#commands = new CourtroomCommands(session, notices);
    this.#lobby = new LobbyScreen(elements.lobby, localMedia);
    this.#oath = new OathPrompt(this.#commands, notices);
    this.#exhibit = new ExhibitStage(this.#commands);
    elements.exhibit.replaceChildren(this.#exhibit.element);
    this.#interpretation = new InterpretationPanels(session, this.#commands, localMedia);
    const stops = [
      session.on('courtroom', () => this.render()),
      // The judge's console counts the gallery too.
      session.on('gallery', () => (this.#side?.kind === 'judge' ? this.render() : this.#renderGalleryCount())),
      session.on('phase', () => this.render()),
      session.on('local', () => {
        this.#lobby.refresh();
        // The interpreter's console says when their microphone is muted.
        const view = session.courtroom;
        if (view && this.#side) this.#interpretation.render(view, session.self?.role);
      }),
      session.on('courtNotice', (notice) => {
        if (notice.type === 'oathCalled') this.#oath.show(notice);
        this.#side?.takeNotice?.(notice);
      }),
    ];
    ended.addEventListener('abort', () => {
      for (const stop of stops) stop();
      this.#clear();
    });
    this.render();
  }

  /**
   * Whether this person only watches: an observer, in the gallery or waiting to go there.
   * Undefined until the court has said who we are (its first courtroom:state can come before
   * the join's answer).
   */
  get observer(): boolean | undefined {
    const view = this.#session.courtroom;
    const role = this.#session.self?.role ?? view?.participants.find((p) => p.participantId === view.you.participantId)?.role;
    if (view?.you.seat === 'gallery' || role === 'observer') return true;
    return role === undefined ? undefined : false;
  }

  render(): void {
    const phase = this.#session.phase;
    const view = this.#session.courtroom;
    const observer = this.observer ?? false;
    document.body.classList.toggle('seat-gallery', observer);
    document.body.classList.toggle('presiding', view?.you.presiding ?? false);
    if (phase === 'lobby') {
      this.#lobby.show(observer, this.#session.schedule);
      this.#elements.tiles.hidden = true;
    } else {
      this.#lobby.hide();
      this.#elements.tiles.hidden = false;
    }
    this.#renderGalleryCount();
    if (this.#elements.recording) showRecordingIndicator(this.#elements.recording, view !== undefined && phase !== 'lobby' && phase !== 'left' && view.recording);
    this.#exhibit.render(phase === 'lobby' ? undefined : view);
    const seated = view !== undefined && view.you.seat !== 'lobby' && (phase === 'joined' || phase === 'reconnecting');
    if (!seated) {
      this.#elements.panel.hidden = true;
      return;
    }
    const kind = view.you.presiding ? 'judge' : view.you.seat === 'gallery' ? 'gallery' : 'party';
    if (this.#side?.kind !== kind) {
      this.#side = this.#makeSide(kind);
      this.#elements.panel.replaceChildren(this.#side.element, this.#interpretation.element);
    }
    this.#elements.panel.hidden = false;
    this.#side.render(view);
    this.#interpretation.render(view, this.#session.self?.role);
  }

  #makeSide(kind: Side['kind']): Side {
    switch (kind) {
      case 'judge': {
        const console = new JudgeConsole(this.#commands, () => this.#session.galleryCount);
        return { kind, element: console.element, render: (view) => console.render(view) };
      }
      case 'gallery': {
        const gallery = new GalleryView();
        return { kind, element: gallery.element, render: (view) => gallery.render(view) };
      }
      case 'party': {
        const party = new PartyPanel(this.#commands, this.#session.self?.role ?? 'claimant');
        return { kind, element: party.element, render: (view) => party.render(view), takeNotice: (notice) => party.takeNotice(notice) };
      }
    }
  }

  #renderGalleryCount(): void {
    const element = this.#elements.galleryCount;
    // The gallery is not told its own head count as it changes (see Courtrooms).
    const count = this.#session.courtroom === undefined || this.observer === true ? 0 : this.#session.galleryCount;
    element.hidden = count === 0;
    element.dataset.galleryCount = String(count);
    showText(element, msg('gallery.count', { count }));
  }

  #clear(): void {
    this.#lobby.hide();
    this.#oath.dispose();
    this.#exhibit.dispose();
    this.#exhibit.element.hidden = true;
    this.#interpretation.dispose();
    if (this.#elements.recording) this.#elements.recording.hidden = true;
    this.#side = undefined;
    this.#elements.panel.replaceChildren();
    this.#elements.panel.hidden = true;
    this.#elements.tiles.hidden = false;
    this.#elements.galleryCount.hidden = true;
    document.body.classList.remove('seat-gallery', 'presiding');
  }
}
