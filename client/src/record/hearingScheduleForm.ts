// Scheduling a hearing: a title, the local date and time in a chosen zone (the viewer's own by
// default), and a duration. The page turns the local time into the UTC instant the server
// stores (zonedTime.ts), shows what that is in the viewer's zone before sending, and refuses a
// time the clocks skip there. From the asynchronous trial the form also says what the hearing
// covers (hearingCoverPicker.ts).
import { msg, type Message } from '../i18n.js';
import type { Api } from './api.js';
import type { HearingView, ScheduleHearingBody } from './apiTypes.js';
import { field, h, input, StatusLine, t } from './dom.js';
import type { CaseViewer } from './page.js';
import type { CoversBody } from './hearingCovers.js';
import { formatInstant, isTimeZone } from './timeFormat.js';
import { timeZoneInput } from './timeZoneInput.js';
import { parseWallTime, zonedWallTimeToUtc } from './zonedTime.js';
import { sendOnSubmit } from './formSending.js';

const DEFAULT_MINUTES = 60;

/** A part of the form that adds what the hearing covers to the body (the trial's switch to live). */
export interface CoversField {
  readonly element: HTMLElement;
  read(): CoversBody | { problem: Message };
}

export interface ScheduleFormOptions {
  heading?: Message;
  covers?: CoversField;
  /** Names the form for the page's tests and scripts ('schedule-hearing' by default). */
  formName?: string;
}

export function hearingScheduleForm(api: Api, viewer: CaseViewer, onScheduled: (hearing: HearingView) => Promise<void>, options: ScheduleFormOptions = {}): HTMLElement {
  const title = input({ name: 'title', maxlength: 200, required: true });
  const date = input({ name: 'date', type: 'date', required: true });
  const time = input({ name: 'time', type: 'time', required: true, value: '09:00' });
  const zone = timeZoneInput({ name: 'timeZone', required: true, value: viewer.zone });
  const duration = input({ name: 'durationMinutes', type: 'number', min: 15, max: 720, step: 15, value: DEFAULT_MINUTES, required: true });
  const preview = h('p', { class: 'record-muted', 'data-testid': 'schedule-preview', 'aria-live': 'polite' });
  const status = new StatusLine({ 'data-testid': 'schedule-status' });
  const submit = t('button', msg('hearings.scheduleSubmit'), { type: 'submit', class: 'button button--primary' });

  const read = (): ScheduleHearingBody | { problem: Message } => {
    const body = readSchedule({ title: title.value, date: date.value, time: time.value, zone: zone.value, duration: duration.value });
    if ('problem' in body || options.covers === undefined) return body;
    const covers = options.covers.read();
    return 'problem' in covers ? covers : { ...body, covers };
  };
  // What the chosen local time is in the viewer's own zone, as they type.
  const showPreview = () => {
    const wall = parseWallTime(date.value, time.value);
    const start = wall && isTimeZone(zone.value.trim()) ? zonedWallTimeToUtc(wall, zone.value.trim()) : undefined;
    if (!start?.ok) {
      preview.replaceChildren();
      return;
    }
    preview.replaceChildren(t('span', msg('hearings.schedulePreview', { time: formatInstant(start.instant.toISOString(), viewer.zone), zone: viewer.zone })));
  };
  for (const control of [date, time, zone]) control.addEventListener('input', showPreview);

  const form = h(
    'form',
    { class: 'record-form', novalidate: true, 'data-form': options.formName ?? 'schedule-hearing' },
    field(msg('hearings.scheduleTitle'), title),
    h('div', { class: 'record-form__row' }, field(msg('hearings.scheduleDate'), date), field(msg('hearings.scheduleTime'), time)),
    h('div', { class: 'record-form__row' }, field(msg('hearings.scheduleZone'), zone, msg('hearings.scheduleZoneHint')), field(msg('hearings.scheduleDuration'), duration)),
    preview,
    options.covers?.element,
    status.element,
    h('div', { class: 'record-form__actions' }, submit),
  );
  sendOnSubmit(form, { submit, status }, read, async (body) => {
    const scheduled = await api.post<HearingView>(`/cases/${viewer.caseId}/hearings`, body);
    status.success(msg('hearings.scheduled', { title: scheduled.title, time: formatInstant(scheduled.start, viewer.zone) }));
    title.value = '';
    await onScheduled(scheduled);
  });
  return h('div', { class: 'record-subsection' }, t('h3', options.heading ?? msg('hearings.scheduleHeading')), form);
}

interface ScheduleForm {
  title: string;
  date: string;
  time: string;
  zone: string;
  duration: string;
}

/** The body of POST …/hearings, checked by the rules the server applies, or what is wrong. */
function readSchedule(form: ScheduleForm): ScheduleHearingBody | { problem: Message } {
  const title = form.title.trim();
  if (title === '' || title.length > 200) return { problem: msg('form.required', { field: msg('hearings.scheduleTitle') }) };
  const wall = parseWallTime(form.date, form.time);
  if (wall === undefined) return { problem: msg('hearings.invalidWhen') };
  const timeZone = form.zone.trim();
  if (!isTimeZone(timeZone)) return { problem: msg('form.invalidTimeZone', { zone: timeZone }) };
  const minutes = Number(form.duration);
  if (!Number.isInteger(minutes) || minutes < 15 || minutes > 720) return { problem: msg('hearings.invalidDuration') };
  const start = zonedWallTimeToUtc(wall, timeZone);
  if (!start.ok) return { problem: msg('hearings.skippedTime', { time: `${form.date} ${form.time}`, zone: timeZone }) };
  return { title, start: start.instant.toISOString(), durationMinutes: minutes, timeZone };
}
