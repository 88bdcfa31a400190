// The picture of the hearing room: one tile per participant (our own first) with video, name,
// a muted-microphone mark, and the speaking highlight that follows the server's dominant speaker.
import { msg, showAttribute, showText } from './i18n.js';

export interface TileIndicators {
  micMuted: boolean;
  /** Their camera is paused, or they send none. */
  cameraOff: boolean;
  /** They send neither camera nor microphone: a listener. */
  listenerOnly: boolean;
}

const MIC_MUTED_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3z" fill="currentColor"/><path d="M19 11a7 7 0 0 1-11.6 5.3M5 11a7 7 0 0 0 .6 2.8M12 18v3" stroke="currentColor" stroke-width="2" fill="none" stroke-linecap="round"/><path d="M4 4l16 16" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/></svg>';

export class Tile {
  readonly element: HTMLElement;
  readonly video: HTMLVideoElement;
  readonly #audio: HTMLAudioElement | undefined;
  readonly #placeholderText: HTMLElement;
  readonly #micMark: HTMLElement;
  readonly #name: HTMLElement;
  #hasVideo = false;
  #indicators: TileIndicators = { micMuted: false, cameraOff: false, listenerOnly: false };

  constructor(displayName: string, self: boolean) {
    this.element = el('figure', 'tile');
    this.element.classList.add(self ? 'tile--self' : 'tile--remote');

    this.video = el('video', 'tile__video');
    this.video.autoplay = true;
    this.video.muted = true; // sound plays through the audio element; a muted video may always autoplay
    this.video.playsInline = true;

    const placeholder = el('div', 'tile__placeholder');
    const initials = el('span', 'tile__initials');
    initials.textContent = initialsOf(displayName);
    this.#placeholderText = el('span', 'tile__placeholder-text');
    placeholder.append(initials, this.#placeholderText);

    const caption = el('figcaption', 'tile__caption');
    this.#micMark = el('span', 'tile__mic-muted');
    this.#micMark.innerHTML = MIC_MUTED_ICON;
    showAttribute(this.#micMark, 'title', msg('tile.muted'));
    showAttribute(this.#micMark, 'aria-label', msg('tile.muted'));
    this.#micMark.setAttribute('role', 'img');
    this.#name = el('span', 'tile__name');
    caption.append(this.#micMark, this.#name);

    const speaking = el('span', 'tile__speaking');
    showText(speaking, msg('tile.speaking'));

    this.element.append(this.video, placeholder, caption, speaking);
    if (!self) {
      this.#audio = el('audio', 'tile__audio');
      this.#audio.autoplay = true;
      this.element.append(this.#audio);
    }
    this.rename(displayName, self);
    this.#render();
  }

  rename(displayName: string, self: boolean): void {
    if (self) showText(this.#name, msg('tile.you', { name: displayName }));
    else this.#name.textContent = displayName; // a name is the party's own words: never translated
  }

  showVideo(track: MediaStreamTrack | null): void {
    const shown = (this.video.srcObject as MediaStream | null)?.getVideoTracks()[0] ?? null;
    if (track === shown) return;
    this.#hasVideo = track !== null;
    this.video.srcObject = track ? new MediaStream([track]) : null;
    if (track) this.video.play().catch(() => undefined); // muted video: only interrupted plays fail
    this.#render();
  }

  /** Plays a participant's voice. False when the browser's autoplay policy holds it back. */
  async playAudio(track: MediaStreamTrack | null): Promise<boolean> {
    if (!this.#audio) return true;
    this.#audio.srcObject = track ? new MediaStream([track]) : null;
    return track ? this.resumeAudio() : true;
  }

  /** The level this participant's voice plays at (the floor ducked under an interpreter). */
  setVolume(volume: number): void {
    if (this.#audio) this.#audio.volume = volume;
  }

  async resumeAudio(): Promise<boolean> {
    if (!this.#audio?.srcObject) return true;
    try {
      await this.#audio.play();
      return true;
    } catch (error) {
      return !(error instanceof DOMException && error.name === 'NotAllowedError');
    }
  }

  setIndicators(indicators: TileIndicators): void {
    this.#indicators = indicators;
    this.#render();
  }

  setSpeaking(speaking: boolean): void {
    this.element.classList.toggle('tile--speaking', speaking);
  }

  dispose(): void {
    this.showVideo(null);
    void this.playAudio(null);
    this.element.remove();
  }

  #render(): void {
    const { micMuted, cameraOff, listenerOnly } = this.#indicators;
    this.element.classList.toggle('tile--mic-muted', micMuted);
    this.element.classList.toggle('tile--no-video', !this.#hasVideo || cameraOff);
    showText(this.#placeholderText, listenerOnly ? msg('tile.listenerOnly') : msg('tile.cameraOff'));
  }
}

export class TileGrid {
  readonly #container: HTMLElement;
  readonly #remote = new Map<string, Tile>();
  #self: Tile | undefined;
  /** Our participant id: the server gives a new one on every connection. */
  #selfId: string | null = null;
  #speakerId: string | null = null;
  /** The floor's gain: below 1 while a language channel's interpreter speaks (see ChannelAudio). */
  #floorGain = 1;

  constructor(container: HTMLElement) {
    this.#container = container;
    new ResizeObserver(() => this.#layout()).observe(container);
  }

  /** Our own tile (the local preview), first in the grid. */
  ensureSelf(displayName: string): Tile {
    if (!this.#self) {
      this.#self = new Tile(displayName, true);
      this.#container.prepend(this.#self.element);
      this.#layout();
    }
    return this.#self;
  }

  setSelfId(participantId: string | null): void {
    this.#selfId = participantId;
    if (this.#self) this.#self.element.dataset.participantId = participantId ?? '';
    this.setDominantSpeaker(this.#speakerId);
  }

  get(participantId: string): Tile | undefined {
    return this.#remote.get(participantId);
  }

  remoteIds(): string[] {
    return [...this.#remote.keys()];
  }

  /** The tile of another participant, created (in order of arrival) if new. */
  ensure(participantId: string, displayName: string): Tile {
    const existing = this.#remote.get(participantId);
    if (existing) return existing;
    const tile = new Tile(displayName, false);
    tile.element.dataset.participantId = participantId;
    this.#remote.set(participantId, tile);
    this.#container.append(tile.element);
    tile.setSpeaking(participantId === this.#speakerId);
    tile.setVolume(this.#floorGain);
    this.#layout();
    return tile;
  }

  remove(participantId: string): void {
    const tile = this.#remote.get(participantId);
    if (!tile) return;
    tile.dispose();
    this.#remote.delete(participantId);
    this.#layout();
  }

  clear(): void {
    for (const participantId of [...this.#remote.keys()]) this.remove(participantId);
    this.#self?.dispose();
    this.#self = undefined;
    this.#selfId = null;
    this.#speakerId = null;
  }

  setDominantSpeaker(participantId: string | null): void {
    this.#speakerId = participantId;
    for (const [id, tile] of this.#remote) tile.setSpeaking(id === participantId);
    this.#self?.setSpeaking(participantId !== null && participantId === this.#selfId);
  }

  /** Plays every voice on the floor at this gain (0…1). */
  setFloorGain(gain: number): void {
    if (gain === this.#floorGain) return;
    this.#floorGain = gain;
    for (const tile of this.#remote.values()) tile.setVolume(gain);
  }

  /** Plays every held-back voice (after a click, which lets the browser allow sound). */
  async resumeAudio(): Promise<boolean> {
    const results = await Promise.all([...this.#remote.values()].map((tile) => tile.resumeAudio()));
    return results.every(Boolean);
  }

  /**
   * The largest 16:9 tile size at which every tile fits the stage without scrolling, trying
   * each number of columns (the usual gallery layout: three people fill the room, not a strip).
   */
  #layout(): void {
    const count = this.#remote.size + (this.#self ? 1 : 0);
    const style = getComputedStyle(this.#container);
    const width = this.#container.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const height = this.#container.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    const gap = parseFloat(style.columnGap) || 0;
    if (count === 0 || width <= 0 || height <= 0) return;
    let best = 0;
    for (let columns = 1; columns <= count; columns++) {
      const rows = Math.ceil(count / columns);
      const byWidth = (width - gap * (columns - 1)) / columns;
      const byHeight = ((height - gap * (rows - 1)) / rows) * (16 / 9);
      best = Math.max(best, Math.min(byWidth, byHeight));
    }
    this.#container.style.setProperty('--tile-width', `${Math.floor(best)}px`);
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  element.className = className;
  return element;
}

function initialsOf(displayName: string): string {
  const words = displayName.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words;
  return letters.map((word) => [...word][0]?.toUpperCase() ?? '').join('') || '?';
}
