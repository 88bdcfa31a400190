// A deadline picked as a date and time on the clock of any zone (the viewer's own by default),
// shown back in the viewer's zone as it is typed, and turned into the UTC instant the court
// stores with the zone it was set in ({ at, timeZone }). A time the clocks skip is refused here.
import { msg, type Message } from '../i18n.js';
import { field, h, input, t } from './dom.js';
import { formatInstant, isTimeZone } from './timeFormat.js';
import { timeZoneInput } from './timeZoneInput.js';
import { parseWallTime, zonedWallTimeToUtc } from './zonedTime.js';

export interface DeadlinePicker {
  readonly element: HTMLElement;
  /** The deadline as the court takes it, or what is wrong with what was entered. */
  read(): { at: string; timeZone: string } | { problem: Message };
}

export function deadlinePicker(viewerZone: string, prefix = 'deadline'): DeadlinePicker {
  const date = input({ name: `${prefix}Date`, type: 'date', required: true });
  const time = input({ name: `${prefix}Time`, type: 'time', required: true, value: '18:00' });
  const zone = timeZoneInput({ name: `${prefix}Zone`, required: true, value: viewerZone });
  const preview = h('p', { class: 'record-muted', 'data-testid': `${prefix}-preview`, 'aria-live': 'polite' });

  const read = (): { at: string; timeZone: string } | { problem: Message } => {
    const wall = parseWallTime(date.value, time.value);
    if (wall === undefined) return { problem: msg('trial.deadlineInvalid') };
    const timeZone = zone.value.trim();
    if (!isTimeZone(timeZone)) return { problem: msg('form.invalidTimeZone', { zone: timeZone }) };
    const instant = zonedWallTimeToUtc(wall, timeZone);
    if (!instant.ok) return { problem: msg('hearings.skippedTime', { time: `${date.value} ${time.value}`, zone: timeZone }) };
    return { at: instant.instant.toISOString(), timeZone };
  };
  const showPreview = () => {
    const deadline = read();
    if ('problem' in deadline) preview.replaceChildren();
    else preview.replaceChildren(t('span', msg('trial.deadlinePreview', { time: formatInstant(deadline.at, viewerZone), zone: viewerZone })));
  };
  for (const control of [date, time, zone]) control.addEventListener('input', showPreview);

  const element = h(
    'div',
    { class: 'record-form', 'data-deadline-picker': prefix },
    h('div', { class: 'record-form__row' }, field(msg('trial.deadlineDate'), date), field(msg('trial.deadlineTime'), time), field(msg('trial.deadlineZone'), zone, msg('trial.deadlineZoneHint'))),
    preview,
  );
  return { element, read };
}
