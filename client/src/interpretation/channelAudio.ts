// What a listener hears of the language channels: the voice of the channel's interpreter (the
// consumer the server offers only to that channel's listeners), each in its own audio element
// apart from the floor's tiles, and the floor underneath at the listener's reduced level while
// the interpreter speaks (floorDucking.ts decides; the level comes from an AnalyserNode on the
// voice). An interpreter hears their booth partner the same way, at full volume beside the
// floor, and a channel they relay like a listener.
import type { CourtroomView } from '../../../server/domain/hearing/courtroomView.js';
import type { TileGrid } from '../tiles.js';
import { TypedEmitter } from '../typedEmitter.js';
import { clampVolume, DEFAULT_FLOOR_VOLUME, duckFloor, UNDUCKED, type DuckingState } from './floorDucking.js';
import { TrackLevel } from './trackLevel.js';

const MEASURE_INTERVAL_MS = 40;
const STORAGE_KEY = 'crosscourt.floorVolume';

interface Voice {
  participantId: string;
  audio: HTMLAudioElement;
  level?: TrackLevel;
}

interface ChannelAudioEvents extends Record<string, unknown[]> {
  /** The floor's gain, the listener's floor volume or the voices changed. */
  change: [];
}

export class ChannelAudio extends TypedEmitter<ChannelAudioEvents> {
  readonly #tiles: TileGrid;
  readonly #voices = new Map<string, Voice>();
  #context: AudioContext | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #ducking: DuckingState = UNDUCKED;
  #onChannel = false;
  /** An interpreter's booth partners: their voices play beside the floor and never duck it. */
  #partners = new Set<string>();
  #floorVolume: number | undefined = readStoredVolume();
  #defaultVolume = DEFAULT_FLOOR_VOLUME;

  constructor(tiles: TileGrid) {
    super();
    this.#tiles = tiles;
  }

  /** The floor's level under the interpreter, as this listener set it (or the court's default). */
  get floorVolume(): number {
    return this.#floorVolume ?? this.#defaultVolume;
  }

  /** The gain the floor plays at now: 1, or the floor volume while the interpreter speaks. */
  get floorGain(): number {
    return this.#ducking.floorGain;
  }

  /** The channel voices playing, by producer. */
  voices(): Array<{ producerId: string; participantId: string }> {
    return [...this.#voices].map(([producerId, voice]) => ({ producerId, participantId: voice.participantId }));
  }

  /** Follows what the court says we hear: a channel (or, for an interpreter, a relayed one) or the floor. */
  follow(view: CourtroomView): void {
    const desk = view.you.interpreting;
    this.#onChannel = desk ? desk.source !== 'floor' : view.you.listening !== 'floor';
    this.#partners = new Set(desk?.partners ?? []);
    this.#defaultVolume = clampVolume(view.interpretation.defaultFloorVolume);
    this.#measure();
  }

  setFloorVolume(volume: number): void {
    this.#floorVolume = clampVolume(volume);
    try {
      window.localStorage.setItem(STORAGE_KEY, String(this.#floorVolume));
    } catch {
      // storage refused (private mode): the level holds for this page only
    }
    this.#measure();
    this.safeEmit('change');
  }

  /** Plays a channel voice. False when the browser's autoplay policy holds it back. */
  async play(producerId: string, participantId: string, track: MediaStreamTrack): Promise<boolean> {
    this.remove(producerId);
    const audio = document.createElement('audio');
    audio.autoplay = true;
    audio.className = 'channel-voice';
    audio.dataset.producerId = producerId;
    audio.hidden = true;
    // Played through an element as well: Chromium feeds a remote track to WebAudio only while it plays.
    audio.srcObject = new MediaStream([track]);
    document.body.append(audio);
    const voice: Voice = { participantId, audio };
    try {
      voice.level = new TrackLevel(this.#audioContext(), track);
    } catch (error) {
      console.warn('cannot measure the channel voice: the floor will not duck under it', error);
    }
    this.#voices.set(producerId, voice);
    this.#timer ??= setInterval(() => this.#measure(), MEASURE_INTERVAL_MS);
    this.safeEmit('change');
    return playElement(audio);
  }

  remove(producerId: string): void {
    const voice = this.#voices.get(producerId);
    if (!voice) return;
    this.#voices.delete(producerId);
    voice.level?.disconnect();
    voice.audio.srcObject = null;
    voice.audio.remove();
    if (this.#voices.size === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
    this.#measure();
    this.safeEmit('change');
  }

  /** Starts held-back audio after a click (the browser's autoplay policy). */
  async resume(): Promise<boolean> {
    await this.#context?.resume().catch(() => undefined);
    const played = await Promise.all([...this.#voices.values()].map((voice) => playElement(voice.audio)));
    return played.every(Boolean);
  }

  clear(): void {
    for (const producerId of [...this.#voices.keys()]) this.remove(producerId);
    void this.#context?.close().catch(() => undefined);
    this.#context = undefined;
    this.#ducking = UNDUCKED;
    this.#tiles.setFloorGain(1);
  }

  #audioContext(): AudioContext {
    this.#context ??= new AudioContext();
    return this.#context;
  }

  #measure(): void {
    let level = 0;
    for (const voice of this.#voices.values()) {
      if (!this.#partners.has(voice.participantId)) level = Math.max(level, voice.level?.level() ?? 0);
    }
    const before = this.#ducking.floorGain;
    this.#ducking = duckFloor(this.#ducking, { onChannel: this.#onChannel, interpreterLevel: level, floorVolume: this.floorVolume, now: performance.now() });
    this.#tiles.setFloorGain(this.#ducking.floorGain);
    if (this.#ducking.floorGain !== before) this.safeEmit('change');
  }
}

async function playElement(audio: HTMLAudioElement): Promise<boolean> {
  try {
    await audio.play();
    return true;
  } catch (error) {
    return !(error instanceof DOMException && error.name === 'NotAllowedError');
  }
}

function readStoredVolume(): number | undefined {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return stored === null ? undefined : clampVolume(Number(stored));
  } catch {
    return undefined;
  }
}
