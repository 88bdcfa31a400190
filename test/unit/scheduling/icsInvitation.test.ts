import { icsInvitation, type IcsInvitationInput } from '../../../server/domain/scheduling/icsInvitation.js';

const at = (iso: string) => new Date(iso);

const base: IcsInvitationInput = {
  uid: 'hearing-7f3a@crosscourt.example',
  sequence: 0,
  start: at('2026-03-10T01:00:00Z'),
  end: at('2026-03-10T02:30:00Z'),
  timeZone: 'Asia/Shanghai',
  summary: 'Hearing: Li v. Silva Trading',
  description: 'Preliminary hearing on jurisdiction.',
  joinUrl: 'https://court.example/hearings/7f3a?role=party',
  method: 'REQUEST',
  now: at('2026-03-01T08:15:30.250Z'),
};

/** RFC 5545 §3.1: a CRLF followed by one space or tab is removed. */
function unfoldIcs(text: string): string {
  return text.replace(/\r\n[ \t]/g, '');
}

interface Property {
  readonly name: string;
  readonly params: Record<string, string>;
  readonly value: string;
}

/** The VEVENT's own properties (not the alarm's), TEXT values unescaped. Enough for these tests. */
function parseIcsEvent(text: string): Map<string, Property> {
  const lines = unfoldIcs(text).split('\r\n');
  const event = lines.slice(lines.indexOf('BEGIN:VEVENT') + 1, lines.indexOf('END:VEVENT'));
  const properties = new Map<string, Property>();
  let depth = 0;
  for (const line of event) {
    if (line.startsWith('BEGIN:')) depth++;
    if (depth === 0) {
      const property = parseLine(line);
      properties.set(property.name, property);
    }
    if (line.startsWith('END:')) depth--;
  }
  return properties;
}

function parseLine(line: string): Property {
  // The name and parameters end at the first colon outside double quotes.
  const [, head, value] = /^((?:[^":]|"[^"]*")*):(.*)$/s.exec(line)!;
  const [name, ...rawParams] = head!.split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  const params = Object.fromEntries(rawParams.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1).replace(/^"(.*)"$/, '$1')]));
  return { name: name!, params, value: value! };
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_all, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

function physicalLines(text: string): string[] {
  expect(text.endsWith('\r\n')).toBe(true);
  return text.slice(0, -2).split('\r\n');
}

describe('an invitation is a strict RFC 5545 calendar', () => {
  const ics = icsInvitation(base);

  test('every line ends in CRLF and there is no bare CR or LF', () => {
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  test('the calendar says who made it, its version, its scale, its method and the zone the hearing was set in', () => {
    expect(physicalLines(ics).slice(0, 7)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//CrossCourt//Hearing//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:REQUEST',
      'X-WR-TIMEZONE:Asia/Shanghai',
      'BEGIN:VEVENT',
    ]);
  });

  test('it holds exactly one event, with one alarm inside it', () => {
    expect(ics.match(/^BEGIN:VEVENT$/gm)).toHaveLength(1);
    expect(ics.match(/^BEGIN:VALARM$/gm)).toHaveLength(1);
    expect(ics.indexOf('BEGIN:VALARM')).toBeGreaterThan(ics.indexOf('BEGIN:VEVENT'));
    expect(ics.indexOf('END:VALARM')).toBeLessThan(ics.indexOf('END:VEVENT'));
  });

  test('times are UTC date-times with a Z, whole seconds; DTSTAMP is `now`', () => {
    const event = parseIcsEvent(ics);
    expect(event.get('DTSTART')!.value).toBe('20260310T010000Z');
    expect(event.get('DTEND')!.value).toBe('20260310T023000Z');
    expect(event.get('DTSTAMP')!.value).toBe('20260301T081530Z');
  });

  test('the event carries its identity, sequence, place, link and status', () => {
    const event = parseIcsEvent(icsInvitation({ ...base, sequence: 3 }));
    expect(event.get('UID')!.value).toBe('hearing-7f3a@crosscourt.example');
    expect(event.get('SEQUENCE')!.value).toBe('3');
    expect(event.get('LOCATION')!.value).toBe('Online hearing');
    expect(event.get('URL')!.value).toBe('https://court.example/hearings/7f3a?role=party');
    expect(event.get('STATUS')!.value).toBe('CONFIRMED');
  });

  test('the description has the join link and the time in the zone the hearing was set in', () => {
    const description = unescapeText(parseIcsEvent(ics).get('DESCRIPTION')!.value);
    expect(description).toContain('Preliminary hearing on jurisdiction.');
    expect(description).toContain('Join the hearing: https://court.example/hearings/7f3a?role=party');
    expect(description).toContain('Time of the hearing: Tuesday, 10 March 2026, 09:00–10:30 (Asia/Shanghai)');
    expect(description).not.toContain('Your local time');
  });

  test("with the participant's zone and language, their own local time is in the description too", () => {
    const ics = icsInvitation({ ...base, attendee: { name: 'Ana Silva', timeZone: 'America/Sao_Paulo', locale: 'pt-BR' } });
    const description = unescapeText(parseIcsEvent(ics).get('DESCRIPTION')!.value);
    expect(description).toMatch(/Your local time: segunda-feira, 9 de março de 2026 22:00\s?–\s?23:30 \(America\/Sao_Paulo\)/u);
    expect(description).toContain('Invitation for: Ana Silva');
  });

  test('the alarm is a display alarm 15 minutes before, unless told otherwise', () => {
    expect(ics).toContain('BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Reminder: Hearing: Li v. Silva Trading\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n');
    expect(icsInvitation({ ...base, reminderMinutesBefore: 60 })).toContain('TRIGGER:-PT60M\r\n');
  });
});

describe('a cancellation', () => {
  const ics = icsInvitation({ ...base, method: 'CANCEL', sequence: 2 });

  test('is METHOD:CANCEL with STATUS:CANCELLED, the same UID and a higher sequence', () => {
    expect(ics).toContain('\r\nMETHOD:CANCEL\r\n');
    const event = parseIcsEvent(ics);
    expect(event.get('STATUS')!.value).toBe('CANCELLED');
    expect(event.get('UID')!.value).toBe(base.uid);
    expect(event.get('SEQUENCE')!.value).toBe('2');
  });

  test('says so in the description and sets no reminder', () => {
    expect(unescapeText(parseIcsEvent(ics).get('DESCRIPTION')!.value)).toMatch(/^This hearing has been cancelled\./);
    expect(ics).not.toContain('VALARM');
  });
});

describe('TEXT values are escaped and come back unchanged', () => {
  const tricky = 'Claim; counterclaim, and costs\\fees\nSecond line\r\nThird line';

  test('backslash, semicolon, comma and every kind of newline are escaped', () => {
    const raw = parseIcsEvent(icsInvitation({ ...base, summary: tricky })).get('SUMMARY')!.value;
    expect(raw).toBe('Claim\\; counterclaim\\, and costs\\\\fees\\nSecond line\\nThird line');
  });

  test('summary and description round-trip through unfolding and unescaping', () => {
    const event = parseIcsEvent(icsInvitation({ ...base, summary: tricky, description: tricky }));
    expect(unescapeText(event.get('SUMMARY')!.value)).toBe(tricky.replace(/\r\n/g, '\n'));
    expect(unescapeText(event.get('DESCRIPTION')!.value).startsWith(tricky.replace(/\r\n/g, '\n'))).toBe(true);
  });

  test('control characters that TEXT cannot carry are dropped', () => {
    const raw = parseIcsEvent(icsInvitation({ ...base, summary: 'Bell\u0007 and tab\tkept' })).get('SUMMARY')!.value;
    expect(raw).toBe('Bell and tab\tkept');
  });

  test('a name with a comma is quoted as a parameter, and a double quote caret-escaped (RFC 6868)', () => {
    const ics = icsInvitation({
      ...base,
      organizer: { name: 'Clerk, Hangzhou Internet Court', email: 'clerk@court.example' },
      attendee: { name: 'Ana "Nina" Silva', email: 'ana@silva.example' },
    });
    const event = parseIcsEvent(ics);
    expect(unfoldIcs(ics)).toContain('ORGANIZER;CN="Clerk, Hangzhou Internet Court":mailto:clerk@court.example\r\n');
    expect(event.get('ORGANIZER')!.params.CN).toBe('Clerk, Hangzhou Internet Court');
    expect(event.get('ATTENDEE')!).toEqual({
      name: 'ATTENDEE',
      params: { CN: "Ana ^'Nina^' Silva", ROLE: 'REQ-PARTICIPANT', PARTSTAT: 'NEEDS-ACTION', RSVP: 'FALSE' },
      value: 'mailto:ana@silva.example',
    });
  });

  test('a person without an email is named in the description only, as ORGANIZER needs an address', () => {
    const ics = icsInvitation({ ...base, organizer: { name: 'Hangzhou Internet Court' } });
    expect(ics).not.toContain('ORGANIZER');
    expect(unescapeText(parseIcsEvent(ics).get('DESCRIPTION')!.value)).toContain('Organised by: Hangzhou Internet Court');
  });
});

describe('long lines are folded at 75 octets without splitting a character', () => {
  const chinese = '本案为跨境货物买卖合同纠纷，原告请求被告支付货款及利息；被告提出管辖权异议，认为应由仲裁机构处理。'.repeat(6);
  const ics = icsInvitation({ ...base, summary: '庭审：李某诉席尔瓦贸易公司', description: chinese });

  test('no physical line is longer than 75 octets of UTF-8', () => {
    for (const line of physicalLines(ics)) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });

  test('every physical line is whole UTF-8 on its own: no character is cut in two', () => {
    const bytes = Buffer.from(ics, 'utf8');
    let lineStart = 0;
    for (let i = 0; i < bytes.length - 1; i++) {
      if (bytes[i] !== 0x0d || bytes[i + 1] !== 0x0a) continue;
      const line = bytes.subarray(lineStart, i);
      expect(Buffer.from(line.toString('utf8'), 'utf8').equals(line)).toBe(true);
      expect(line.toString('utf8')).not.toContain('\uFFFD');
      lineStart = i + 2;
    }
  });

  test('continuation lines start with exactly one space, and the description is folded several times', () => {
    const lines = physicalLines(ics);
    const continuations = lines.filter((line) => line.startsWith(' '));
    expect(continuations.length).toBeGreaterThan(5);
    for (const line of continuations) expect(line[1]).not.toBe(' ');
  });

  test('unfolding gives the Chinese text back unchanged', () => {
    const event = parseIcsEvent(ics);
    expect(unescapeText(event.get('DESCRIPTION')!.value).startsWith(chinese)).toBe(true);
    expect(event.get('SUMMARY')!.value).toBe('庭审：李某诉席尔瓦贸易公司');
  });

  test('four-byte characters (emoji, rare CJK) are kept whole too', () => {
    const text = '𠀀𠀁⚖️🏛️'.repeat(30);
    const folded = icsInvitation({ ...base, description: text });
    for (const line of physicalLines(folded)) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      expect(line).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
    expect(unescapeText(parseIcsEvent(folded).get('DESCRIPTION')!.value).startsWith(text)).toBe(true);
  });

  test('a line of exactly 75 octets is not folded; one of 76 is', () => {
    const exactly = 'SUMMARY:'.length;
    const fits = icsInvitation({ ...base, summary: 'x'.repeat(75 - exactly) });
    expect(physicalLines(fits)).toContain(`SUMMARY:${'x'.repeat(75 - exactly)}`);
    const over = physicalLines(icsInvitation({ ...base, summary: 'x'.repeat(76 - exactly) }));
    expect(over).toContain(`SUMMARY:${'x'.repeat(75 - exactly)}`);
    expect(over[over.indexOf(`SUMMARY:${'x'.repeat(75 - exactly)}`) + 1]).toBe(' x');
  });
});

describe('an invitation that would mislead is refused', () => {
  test.each<[string, Partial<IcsInvitationInput>, RegExp]>([
    ['an end before the start', { end: at('2026-03-10T00:00:00Z') }, /end must be after start/],
    ['a start with milliseconds', { start: at('2026-03-10T01:00:00.500Z') }, /whole seconds/],
    ['an invalid now', { now: new Date(Number.NaN) }, /now must be a valid Date/],
    ['a negative sequence', { sequence: -1 }, /sequence/],
    ['a fractional reminder', { reminderMinutesBefore: 2.5 }, /reminderMinutesBefore/],
    ['an empty uid', { uid: ' ' }, /uid must be a non-empty string/],
    ['an empty summary', { summary: '' }, /summary/],
    ['a javascript: link', { joinUrl: 'javascript:alert(1)' }, /joinUrl must be an http\(s\) address/],
    ['a link that is not a URL', { joinUrl: 'court.example/join' }, /joinUrl/],
    ['an unknown zone', { timeZone: 'China/Hangzhou' }, /IANA zone name/],
    ['an unknown attendee zone', { attendee: { name: 'Ana', timeZone: 'Brazil/Rio' } }, /IANA zone name/],
    ['an email with a line break', { organizer: { name: 'Clerk', email: 'clerk@court.example\r\nX-EVIL:1' } }, /organizer.email/],
    ['another method', { method: 'PUBLISH' as 'REQUEST' }, /method must be 'REQUEST' or 'CANCEL'/],
  ])('an invitation with %s', (_name, change, message) => {
    expect(() => icsInvitation({ ...base, ...change })).toThrow(message);
    expect(() => icsInvitation({ ...base, ...change })).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD' }));
  });
});
