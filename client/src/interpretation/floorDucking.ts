// How loud the floor plays for a listener on a language channel: at the listener's reduced
// level while the channel's interpreter speaks, at full volume while the interpreter is silent
// (issue 5: "when the interpreter is silent the floor returns to full volume"). Pure: the page
// measures the interpreter's level (WebAudio, see ChannelAudio) and asks this what to do.

/** The floor's level under an interpreter until the listener sets their own (the server's view says the same). */
export const DEFAULT_FLOOR_VOLUME = 0.2;

/** An RMS level above this is a voice; Opus comfort noise and a quiet room sit well below. */
export const VOICE_THRESHOLD = 0.01;
/**
 * How long the floor stays ducked after the interpreter's last sound: the pauses between
 * words and phrases must not pump the floor up and down.
 */
export const HOLD_MS = 800;

export interface DuckingState {
  /** The gain the floor plays at now (0…1). */
  floorGain: number;
  /** When the interpreter was last heard (ms), or null if not since the channel was chosen. */
  lastVoiceAt: number | null;
}

export interface DuckingInput {
  /** The listener hears a language channel (not only the floor). */
  onChannel: boolean;
  /** The loudest channel voice's RMS level now (0…1); 0 when there is no voice to measure. */
  interpreterLevel: number;
  /** The listener's floor level under the interpreter (0…1). */
  floorVolume: number;
  now: number;
}

export const UNDUCKED: DuckingState = { floorGain: 1, lastVoiceAt: null };

/** The floor's gain after one measurement. */
export function duckFloor(previous: DuckingState, input: DuckingInput): DuckingState {
  if (!input.onChannel) return UNDUCKED;
  const lastVoiceAt = input.interpreterLevel > VOICE_THRESHOLD ? input.now : previous.lastVoiceAt;
  const speaking = lastVoiceAt !== null && input.now - lastVoiceAt < HOLD_MS;
  return { floorGain: speaking ? clampVolume(input.floorVolume) : 1, lastVoiceAt };
}

/** A volume as the slider or storage gave it, kept within 0…1 (anything unreadable: the default). */
export function clampVolume(volume: number): number {
  if (!Number.isFinite(volume)) return DEFAULT_FLOOR_VOLUME;
  return Math.min(1, Math.max(0, volume));
}

/** The RMS level of one block of samples (WebAudio's time-domain data, -1…1). */
export function rmsLevel(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / samples.length);
}
