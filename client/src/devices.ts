// The camera and microphone pickers. The list comes from enumerateDevices (device names only
// appear once the party has allowed access), and follows devices being plugged in or out.
import { msg, showText } from './i18n.js';
import type { LocalMedia, LocalSource } from './localMedia.js';

const DEVICE_KIND: Record<LocalSource, MediaDeviceKind> = { camera: 'videoinput', microphone: 'audioinput' };

export class DevicePicker {
  readonly #selects: Record<LocalSource, HTMLSelectElement>;
  readonly #localMedia: LocalMedia;
  /** What the lists were last built from, so an unchanged list is not rebuilt under an open menu. */
  #shown = '';

  constructor(
    selects: Record<LocalSource, HTMLSelectElement>,
    localMedia: LocalMedia,
    choose: (source: LocalSource, deviceId: string) => void,
    signal: AbortSignal,
  ) {
    this.#selects = selects;
    this.#localMedia = localMedia;
    for (const source of ['camera', 'microphone'] as const) {
      selects[source].addEventListener('change', () => choose(source, selects[source].value), { signal });
    }
    navigator.mediaDevices?.addEventListener('devicechange', () => void this.refresh(), { signal });
  }

  async refresh(): Promise<void> {
    const devices = (await navigator.mediaDevices?.enumerateDevices().catch(() => undefined)) ?? [];
    const lists = {
      camera: devices.filter((device) => device.kind === DEVICE_KIND.camera),
      microphone: devices.filter((device) => device.kind === DEVICE_KIND.microphone),
    };
    const selected = { camera: this.#localMedia.deviceId('camera'), microphone: this.#localMedia.deviceId('microphone') };
    const shown = JSON.stringify([lists, selected]);
    if (shown === this.#shown) return;
    this.#shown = shown;
    for (const source of ['camera', 'microphone'] as const) this.#fill(source, lists[source], selected[source]);
  }

  #fill(source: LocalSource, devices: MediaDeviceInfo[], selectedId: string | undefined): void {
    const select = this.#selects[source];
    select.replaceChildren();
    devices.forEach((device, index) => {
      const option = document.createElement('option');
      option.value = device.deviceId;
      if (device.label) option.textContent = device.label;
      else showText(option, source === 'camera' ? msg('devices.unnamedCamera', { number: index + 1 }) : msg('devices.unnamedMicrophone', { number: index + 1 }));
      option.selected = device.deviceId === selectedId;
      select.append(option);
    });
    if (devices.length === 0) {
      const option = document.createElement('option');
      showText(option, msg('devices.none'));
      select.append(option);
    }
    // Without access, or without devices, there is nothing to choose between yet.
    select.disabled = devices.length === 0 || devices.every((device) => !device.deviceId);
  }
}
