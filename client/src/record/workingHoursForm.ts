// Your working hours: which days, from when until when, always in your own time zone (the court
// reads them there, so they stay right when the clocks change). Each day may have its own hours;
// what is sent keeps the most common hours as the week's and the other days in byDay. Also how
// anyone's week is shown in the participant list: "Tue–Sat 14:00–22:00".
import { msg, showAttribute, type Message } from '../i18n.js';
import type { MessageKey } from '../messages/en.js';
import type { Api } from './api.js';
import type { ParticipantView, WorkingHoursBody, WorkingWeekView } from './apiTypes.js';
import { h, input, StatusLine, t } from './dom.js';
import type { CaseViewer } from './page.js';
import { hoursOn, weekBody, weekGroups, type DayHours } from './workingWeek.js';
import { sendOnSubmit } from './formSending.js';

const WEEK = [1, 2, 3, 4, 5, 6, 7] as const;
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A time input cannot hold 24:00: an end of 00:00 stands for midnight. */
const MIDNIGHT_INPUT = '00:00';

const weekdayKey = (day: number) => `weekday.${day}` as MessageKey;
const weekdayShortKey = (day: number) => `weekdayShort.${day}` as MessageKey;

interface DayRow {
  readonly day: number;
  readonly works: HTMLInputElement;
  readonly start: HTMLInputElement;
  readonly end: HTMLInputElement;
}

export function workingHoursForm(api: Api, viewer: CaseViewer, onSaved: (participant: ParticipantView) => void): HTMLElement {
  const week = viewer.you.workingHours;
  const rows: DayRow[] = WEEK.map((day) => {
    const hours = hoursOn(week, day);
    const works = h('input', { type: 'checkbox', name: `works-${day}`, checked: hours !== undefined });
    const start = input({ type: 'time', name: `start-${day}`, value: hours?.start ?? week.start });
    const end = input({ type: 'time', name: `end-${day}`, value: endForInput(hours?.end ?? week.end) });
    showAttribute(start, 'aria-label', msg('workingHours.from'));
    showAttribute(end, 'aria-label', msg('workingHours.until'));
    const follow = () => {
      start.disabled = !works.checked;
      end.disabled = !works.checked;
    };
    works.addEventListener('change', follow);
    follow();
    return { day, works, start, end };
  });

  const table = h(
    'table',
    { class: 'record-table working-hours__table' },
    h('thead', {}, h('tr', {}, t('th', msg('workingHours.columnDay')), t('th', msg('workingHours.from')), t('th', msg('workingHours.until')))),
    h(
      'tbody',
      {},
      ...rows.map((row) =>
        h(
          'tr',
          { 'data-day': row.day },
          h('td', {}, h('label', { class: 'working-hours__day' }, row.works, ' ', t('span', { key: weekdayKey(row.day) }))),
          h('td', {}, row.start),
          h('td', {}, row.end),
        ),
      ),
    ),
  );
  const status = new StatusLine({ 'data-testid': 'working-hours-status' });
  const submit = t('button', msg('workingHours.submit'), { type: 'submit', class: 'button button--primary' });
  const form = h(
    'form',
    { class: 'record-form', novalidate: true, 'data-form': 'working-hours' },
    t('p', msg('workingHours.intro', { zone: viewer.you.timeZone }), { class: 'record-muted' }),
    table,
    t('p', msg('workingHours.untilHint'), { class: 'record-muted' }),
    status.element,
    h('div', { class: 'record-form__actions' }, submit),
  );
  sendOnSubmit(form, { submit, status }, () => readWeek(rows), async (body) => {
    const saved = await api.json<ParticipantView>('PUT', `/cases/${viewer.caseId}/participants/${viewer.you.id}/working-hours`, body);
    viewer.you = saved;
    status.success(msg('workingHours.saved'));
    onSaved(saved);
  });
  return h('div', { class: 'record-subsection', 'data-testid': 'working-hours' }, t('h3', msg('workingHours.heading')), form);
}

function endForInput(end: string): string {
  return end === '24:00' ? MIDNIGHT_INPUT : end;
}

/** The body of PUT …/working-hours, checked by the rules the server applies, or what is wrong. */
function readWeek(rows: readonly DayRow[]): WorkingHoursBody | { problem: Message } {
  const chosen = rows.filter((row) => row.works.checked);
  if (chosen.length === 0) return { problem: msg('workingHours.noDay') };
  const days: DayHours[] = [];
  for (const row of chosen) {
    const day = { key: weekdayKey(row.day) };
    const start = row.start.value;
    const end = row.end.value === MIDNIGHT_INPUT ? '24:00' : row.end.value;
    if (!CLOCK_TIME.test(start) || !(CLOCK_TIME.test(end) || end === '24:00')) return { problem: msg('workingHours.invalidTime', { day }) };
    // 'HH:MM' strings sort as the times they name.
    if (end <= start) return { problem: msg('workingHours.endBeforeStart', { day, start, end: row.end.value }) };
    days.push({ day: row.day, start, end });
  }
  return weekBody(days);
}

/**
 * A week as the participant list shows it, in the page's language: days with the same hours
 * together, three or more days in a row as a range ('Mon–Fri 09:00–17:00; Sat 10:00–14:00').
 */
export function showWorkingWeek(week: WorkingWeekView): HTMLElement {
  const element = h('span', { class: 'working-hours', 'data-working-hours': '' });
  weekGroups(week).forEach(({ runs, hours }, i) => {
    if (i > 0) element.append('; ');
    runs.forEach(([first, last], j) => {
      if (j > 0) element.append(', ');
      element.append(t('span', { key: weekdayShortKey(first!) }));
      if (last !== undefined) element.append('–', t('span', { key: weekdayShortKey(last) }));
    });
    element.append(` ${hours}`);
  });
  return element;
}
