// The level of one audio track as it plays (WebAudio AnalyserNode): the interpreter's console
// meter for their own microphone, and the channel voice that ducks the floor for a listener.
// The analyser only listens: nothing it is connected to reaches the speakers.
import { rmsLevel } from './floorDucking.js';

export class TrackLevel {
  readonly #source: MediaStreamAudioSourceNode;
  readonly #analyser: AnalyserNode;
  readonly #samples: Float32Array<ArrayBuffer>;

  constructor(context: AudioContext, track: MediaStreamTrack) {
    this.#source = context.createMediaStreamSource(new MediaStream([track]));
    this.#analyser = context.createAnalyser();
    // 2048 samples (about 43 ms): measured every 40 ms, no sound between two readings goes unseen.
    this.#analyser.fftSize = 2048;
    this.#samples = new Float32Array(this.#analyser.fftSize);
    this.#source.connect(this.#analyser);
  }

  /** The RMS level now (0…1); 0 while the audio context is suspended (no click yet). */
  level(): number {
    this.#analyser.getFloatTimeDomainData(this.#samples);
    return rmsLevel(this.#samples);
  }

  disconnect(): void {
    this.#source.disconnect();
  }
}

/** A meter's reading: speech sits around an RMS of 0.02–0.2, scaled so a normal voice fills about half the bar. */
export function meterReading(level: number): number {
  return Math.min(1, level * 4);
}
