// A listener on a language channel hears the floor under the interpreter at their reduced level
// while the interpreter speaks, and at full volume once the interpreter has been silent a moment.
import { clampVolume, DEFAULT_FLOOR_VOLUME, duckFloor, HOLD_MS, rmsLevel, UNDUCKED, VOICE_THRESHOLD } from '../../../client/src/interpretation/floorDucking.js';

const SPEAKING = 0.1;
const SILENT = 0.001;

function after(levels: Array<{ at: number; level: number }>, options: { onChannel?: boolean; floorVolume?: number } = {}) {
  return levels.reduce(
    (state, { at, level }) => duckFloor(state, { onChannel: options.onChannel ?? true, interpreterLevel: level, floorVolume: options.floorVolume ?? DEFAULT_FLOOR_VOLUME, now: at }),
    UNDUCKED,
  );
}

test('a listener on the floor always hears it at full volume, whoever speaks on a channel', () => {
  expect(after([{ at: 0, level: SPEAKING }], { onChannel: false }).floorGain).toBe(1);
});

test('while the interpreter speaks the floor plays at the listener’s level (20% by default)', () => {
  expect(after([{ at: 0, level: SPEAKING }]).floorGain).toBe(0.2);
  expect(after([{ at: 0, level: SPEAKING }], { floorVolume: 0.5 }).floorGain).toBe(0.5);
});

test('the floor stays ducked through a short pause between the interpreter’s words', () => {
  expect(after([{ at: 0, level: SPEAKING }, { at: HOLD_MS - 100, level: SILENT }]).floorGain).toBe(0.2);
});

test('the floor returns to full volume when the interpreter has been silent', () => {
  expect(after([{ at: 0, level: SPEAKING }, { at: HOLD_MS + 1, level: SILENT }]).floorGain).toBe(1);
  // Nothing heard since the channel was chosen: full volume.
  expect(after([{ at: 0, level: SILENT }]).floorGain).toBe(1);
  expect(after([{ at: 0, level: VOICE_THRESHOLD }]).floorGain).toBe(1);
});

test('the interpreter speaking again ducks the floor again at once', () => {
  expect(after([{ at: 0, level: SPEAKING }, { at: 5_000, level: SILENT }, { at: 5_100, level: SPEAKING }]).floorGain).toBe(0.2);
});

test('leaving the channel forgets the interpreter’s last sound', () => {
  const onFloor = duckFloor(after([{ at: 0, level: SPEAKING }]), { onChannel: false, interpreterLevel: 0, floorVolume: 0.2, now: 10 });
  expect(onFloor).toEqual(UNDUCKED);
  expect(duckFloor(onFloor, { onChannel: true, interpreterLevel: 0, floorVolume: 0.2, now: 20 }).floorGain).toBe(1);
});

test('a volume is kept within 0…1; an unreadable one falls back to the default', () => {
  expect(clampVolume(1.5)).toBe(1);
  expect(clampVolume(-0.2)).toBe(0);
  expect(clampVolume(Number.NaN)).toBe(DEFAULT_FLOOR_VOLUME);
  expect(after([{ at: 0, level: SPEAKING }], { floorVolume: 3 }).floorGain).toBe(1);
});

test('the level of a block of samples is its RMS', () => {
  expect(rmsLevel([])).toBe(0);
  expect(rmsLevel(new Float32Array(128))).toBe(0);
  expect(rmsLevel([0.5, -0.5, 0.5, -0.5])).toBeCloseTo(0.5);
});
