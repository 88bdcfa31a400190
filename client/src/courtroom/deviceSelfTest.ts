// The lobby's device check: the party's camera as the court will see it, the microphone's level
// as they speak (WebAudio AnalyserNode), and a test tone to check the speakers (OscillatorNode).
// Browsers start audio only after a click: until then the meter waits for the party to start it.
import { msg } from '../i18n.js';
import { button, h, t } from '../record/dom.js';

const TONE_HZ = 440;
const TONE_SECONDS = 1.2;
const METER_INTERVAL_MS = 100;

export class DeviceSelfTest {
  readonly element: HTMLElement;
  readonly #video = h('video', { class: 'self-test__video', autoplay: true, playsinline: true, muted: true });
  readonly #noCamera = t('p', msg('selfTest.noCamera'), { class: 'self-test__none', hidden: true });
  readonly #meter = h('meter', { class: 'self-test__meter', min: 0, max: 1, low: 0.05, high: 0.7, optimum: 0.3, value: 0, 'data-level': '0' });
  readonly #noMicrophone = t('p', msg('selfTest.noMicrophone'), { class: 'console__muted', hidden: true });
  readonly #startMeter = button(msg('selfTest.startMicrophone'), { 'data-action': 'start-microphone-test', hidden: true });
  readonly #tone = button(msg('selfTest.playTone'), { 'data-action': 'play-test-tone' });
  readonly #toneHint = t('p', msg('selfTest.toneHint'), { class: 'console__muted' });
  #audio: AudioContext | undefined;
  #source: MediaStreamAudioSourceNode | undefined;
  #analyser: AnalyserNode | undefined;
  #microphone: MediaStreamTrack | undefined;
  #camera: MediaStreamTrack | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    this.#video.muted = true; // the preview never plays our own voice back
    this.#startMeter.addEventListener('click', () => void this.#resume());
    this.#tone.addEventListener('click', () => void this.#playTone());
    this.element = h(
      'div',
      { class: 'self-test', 'data-testid': 'device-self-test' },
      h('div', { class: 'self-test__preview' }, this.#video, this.#noCamera),
      h(
        'div',
        { class: 'self-test__checks' },
        t('h3', msg('selfTest.heading'), { class: 'console__subheading' }),
        h('label', { class: 'self-test__row' }, t('span', msg('selfTest.microphoneLevel'), { class: 'field__label' }), this.#meter),
        this.#noMicrophone,
        this.#startMeter,
        t('p', msg('selfTest.speakHint'), { class: 'console__muted' }),
        h('div', { class: 'console__actions' }, this.#tone),
        this.#toneHint,
      ),
    );
  }

  /** Shows the tracks the party has now (captured late, switched devices). */
  use(camera: MediaStreamTrack | undefined, microphone: MediaStreamTrack | undefined): void {
    if (camera !== this.#camera) {
      this.#camera = camera;
      this.#video.srcObject = camera ? new MediaStream([camera]) : null;
      if (camera) this.#video.play().catch(() => undefined);
    }
    this.#noCamera.hidden = camera !== undefined;
    this.#video.hidden = camera === undefined;
    if (microphone !== this.#microphone) {
      this.#microphone = microphone;
      this.#listen();
    }
    this.#noMicrophone.hidden = microphone !== undefined;
    this.#meter.hidden = microphone === undefined;
  }

  /** Lets go of the audio graph (the party left the lobby); the tracks stay the session's. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#source?.disconnect();
    this.#source = undefined;
    this.#analyser = undefined;
    void this.#audio?.close().catch(() => undefined);
    this.#audio = undefined;
    this.#microphone = undefined;
    this.#camera = undefined;
    this.#video.srcObject = null;
  }

  #context(): AudioContext {
    this.#audio ??= new AudioContext();
    return this.#audio;
  }

  #listen(): void {
    this.#source?.disconnect();
    this.#source = undefined;
    const microphone = this.#microphone;
    if (!microphone) return;
    const context = this.#context();
    this.#source = context.createMediaStreamSource(new MediaStream([microphone]));
    this.#analyser ??= context.createAnalyser();
    this.#analyser.fftSize = 1024;
    this.#source.connect(this.#analyser); // the analyser only listens: nothing reaches the speakers
    this.#timer ??= setInterval(() => this.#measure(), METER_INTERVAL_MS);
    this.#startMeter.hidden = context.state === 'running';
  }

  #measure(): void {
    const analyser = this.#analyser;
    if (!analyser) return;
    const samples = new Float32Array(analyser.fftSize);
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    // Speech sits around an RMS of 0.02–0.2: scaled so a normal voice fills about half the bar.
    const level = Math.min(1, Math.sqrt(sum / samples.length) * 4);
    this.#meter.value = level;
    this.#meter.dataset.level = level.toFixed(3);
    this.#startMeter.hidden = this.#audio?.state === 'running';
  }

  async #resume(): Promise<void> {
    await this.#context().resume().catch(() => undefined);
    this.#startMeter.hidden = this.#audio?.state === 'running';
  }

  async #playTone(): Promise<void> {
    const context = this.#context();
    await context.resume().catch(() => undefined);
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = TONE_HZ;
    // A soft start and end: a click-free, not startling beep.
    const now = context.currentTime;
    gain.gain.setValueAtTime(0, now);
    gain.gain.linearRampToValueAtTime(0.2, now + 0.05);
    gain.gain.linearRampToValueAtTime(0, now + TONE_SECONDS);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(now);
    oscillator.stop(now + TONE_SECONDS);
    this.#tone.dataset.played = String(Number(this.#tone.dataset.played ?? '0') + 1);
    this.#startMeter.hidden = context.state === 'running';
  }
}
