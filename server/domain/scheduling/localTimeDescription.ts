// A hearing's time as one participant reads it: their zone, their language, their way of
// writing dates and hours ('Tuesday, 10 March 2026, 09:00–10:00' in en-GB, '9:00 – 10:00 AM'
// in en-US, '2026年3月10日星期二 09:00–10:00' in zh-CN). The zone's IANA name is added so that
// nobody has to guess which clock is meant.
import { CourtError } from '../CourtError.js';
import { isValidLanguageTag } from '../cases/caseParticipant.js';
import { requireTimeZone } from './zonedTime.js';

export function describeForParticipant(start: Date, end: Date, zone: string, locale: string): string {
  requireTimeZone(zone);
  if (typeof locale !== 'string' || !isValidLanguageTag(locale)) {
    throw new CourtError('INVALID_PAYLOAD', `locale must be a BCP 47 language tag such as 'en-GB' or 'zh-CN'; got ${JSON.stringify(locale)}`);
  }
  if (!(start instanceof Date && end instanceof Date && start.getTime() < end.getTime())) {
    throw new CourtError('INVALID_PAYLOAD', 'start and end must be valid Dates with end after start');
  }
  // formatRange writes the date once when both ends fall on the same local day.
  const format = new Intl.DateTimeFormat(locale, { timeZone: zone, dateStyle: 'full', timeStyle: 'short' });
  return `${format.formatRange(start, end)} (${zone})`;
}
