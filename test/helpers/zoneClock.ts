// How a zone's clock reads an instant, straight from Intl: the scheduling tests check the
// modules under test against it, not against themselves.

export interface ClockReading {
  /** YYYY-MM-DD on that zone's calendar. */
  readonly date: string;
  /** HH:MM, 24-hour. */
  readonly time: string;
  /** 'Mon' … 'Sun'. */
  readonly weekday: string;
}

export function readClock(instant: Date, zone: string): ClockReading {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}`, weekday: parts.weekday! };
}
