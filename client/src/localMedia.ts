// The party's own camera and microphone: capturing them, telling the user clearly why one could
// not be captured, switching devices, and the wish to be muted (kept across reconnections).
import { msg, type Message } from './i18n.js';

export type LocalSource = 'camera' | 'microphone';
export const LOCAL_SOURCES: readonly LocalSource[] = ['microphone', 'camera'];

export type CaptureFailure = 'denied' | 'notFound' | 'inUse' | 'insecure' | 'failed';

export interface CaptureProblem {
  sources: LocalSource[];
  failure: CaptureFailure;
  /** The browser's error name, for the rare failure we cannot explain better. */
  detail: string;
}

export interface CaptureSettings {
  /** Height of the camera picture requested (16:9); the simulcast layers are scaled from it. */
  cameraHeight: number;
}

export class LocalMedia {
  readonly #settings: CaptureSettings;
  readonly #tracks = new Map<LocalSource, MediaStreamTrack>();
  #capturing: Promise<CaptureProblem[]> | undefined;
  readonly #muted = new Map<LocalSource, boolean>([
    ['microphone', false],
    ['camera', false],
  ]);

  constructor(settings: CaptureSettings) {
    this.#settings = settings;
  }

  track(source: LocalSource): MediaStreamTrack | undefined {
    return this.#tracks.get(source);
  }

  /** Whether the user wants this source muted (microphone) or off (camera). */
  muted(source: LocalSource): boolean {
    return this.#muted.get(source) ?? false;
  }

  setMuted(source: LocalSource, muted: boolean): void {
    this.#muted.set(source, muted);
  }

  /** Sending: there is a track and the user has not muted it. */
  live(source: LocalSource): boolean {
    return this.#tracks.has(source) && !this.muted(source);
  }

  deviceId(source: LocalSource): string | undefined {
    return this.#tracks.get(source)?.getSettings().deviceId;
  }

  /** Captures every source not captured yet. Returns what could not be captured, and why. */
  captureMissing(): Promise<CaptureProblem[]> {
    // One request at a time: a second click on "Try again" must not capture a second camera.
    this.#capturing ??= this.#captureMissing().finally(() => (this.#capturing = undefined));
    return this.#capturing;
  }

  async #captureMissing(): Promise<CaptureProblem[]> {
    const missing = LOCAL_SOURCES.filter((source) => !this.#tracks.has(source));
    if (missing.length === 0) return [];
    if (!navigator.mediaDevices?.getUserMedia) {
      return [{ sources: missing, failure: 'insecure', detail: 'mediaDevices unavailable' }];
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia(this.#constraints(missing));
      for (const track of stream.getTracks()) this.#tracks.set(track.kind === 'video' ? 'camera' : 'microphone', track);
      return [];
    } catch (error) {
      if (missing.length === 1) return [problemOf(missing, error)];
    }
    // Both at once failed: one of them may still work (a party may refuse only the camera).
    const problems: CaptureProblem[] = [];
    for (const source of missing) {
      try {
        const stream = await navigator.mediaDevices.getUserMedia(this.#constraints([source]));
        const track = stream.getTracks()[0];
        if (track) this.#tracks.set(source, track);
      } catch (error) {
        const problem = problemOf([source], error);
        const same = problems.find((p) => p.failure === problem.failure);
        if (same) same.sources.push(source);
        else problems.push(problem);
      }
    }
    return problems;
  }

  /** Captures `deviceId` for `source`; the caller hands the new track on, then calls `adopt`. */
  async captureDevice(source: LocalSource, deviceId: string): Promise<MediaStreamTrack> {
    if (!navigator.mediaDevices?.getUserMedia) throw new DOMException('mediaDevices unavailable', 'SecurityError');
    const stream = await navigator.mediaDevices.getUserMedia(this.#constraints([source], deviceId));
    const track = stream.getTracks()[0];
    if (!track) throw new DOMException('no track', 'NotFoundError');
    return track;
  }

  /** Makes `track` the one used for `source`, stopping the previous one. */
  adopt(source: LocalSource, track: MediaStreamTrack): void {
    const previous = this.#tracks.get(source);
    this.#tracks.set(source, track);
    if (previous && previous !== track) previous.stop();
  }

  stop(): void {
    for (const track of this.#tracks.values()) track.stop();
    this.#tracks.clear();
  }

  #constraints(sources: LocalSource[], deviceId?: string): MediaStreamConstraints {
    const device = deviceId ? { deviceId: { exact: deviceId } } : {};
    const height = this.#settings.cameraHeight;
    return {
      audio: sources.includes('microphone')
        ? { ...device, echoCancellation: true, noiseSuppression: true, autoGainControl: true }
        : false,
      video: sources.includes('camera')
        ? { ...device, width: { ideal: Math.round((height * 16) / 9) }, height: { ideal: height }, frameRate: { ideal: 30, max: 30 } }
        : false,
    };
  }
}

function problemOf(sources: LocalSource[], error: unknown): CaptureProblem {
  const name = error instanceof Error || error instanceof DOMException ? error.name : 'Error';
  return { sources: [...sources], failure: failureOf(name), detail: name };
}

function failureOf(errorName: string): CaptureFailure {
  switch (errorName) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
      return 'denied';
    case 'SecurityError':
      return window.isSecureContext ? 'denied' : 'insecure';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'notFound';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'inUse';
    default:
      return 'failed';
  }
}

function devicesMessage(sources: LocalSource[]): Message {
  if (sources.length > 1) return msg('device.cameraAndMicrophone');
  return sources[0] === 'camera' ? msg('device.camera') : msg('device.microphone');
}

/** What to tell the party about a source that could not be captured, and what to do. */
export function captureProblemMessage(problem: CaptureProblem): Message {
  const devices = devicesMessage(problem.sources);
  switch (problem.failure) {
    case 'denied':
      return msg('capture.denied', { devices });
    case 'notFound':
      return msg('capture.notFound', { devices });
    case 'inUse':
      return msg('capture.inUse', { devices });
    case 'insecure':
      return msg('capture.insecure');
    case 'failed':
      return msg('capture.failed', { devices, detail: problem.detail });
  }
}
