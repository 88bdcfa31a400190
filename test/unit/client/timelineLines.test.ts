// The case timeline reads as a story: every entry type the court writes has a line in English and
// in Chinese, and each line says which round, hearing or offer it concerns by the name the
// timeline itself gave it (a round by its number and title, a hearing by its title, an offer by
// its number), so rounds and hearings read together in time order.
import { aboutMessage, aboutNames, entryTypeMessage, TIMELINE_ENTRY_TYPES } from '../../../client/src/record/timelineLines.js';
import { en } from '../../../client/src/messages/en.js';
import { zhCN } from '../../../client/src/messages/zh-CN.js';
import type { PlainMessage as Message } from '../../../client/src/record/plainMessage.js';

// The catalogues' text with the parameters (themselves messages, perhaps) filled in, as the page's i18n does.
function format(message: Message, language: 'en' | 'zh-CN' = 'en'): string {
  const template: string = (language === 'en' ? en : zhCN)[message.key];
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = message.params?.[name];
    return value === undefined ? placeholder : typeof value === 'object' ? format(value, language) : String(value);
  });
}

const ROUND = '11111111-1111-4111-8111-111111111111';
const CAUCUS = '22222222-2222-4222-8222-222222222222';
const HEARING = '33333333-3333-4333-8333-333333333333';
const OFFER = '44444444-4444-4444-8444-444444444444';

const items = [
  { type: 'round.opened', payload: { roundId: ROUND, number: 1, title: 'Delivery', stage: 'investigation' } },
  { type: 'round.opened', payload: { roundId: CAUCUS, number: 2, privateTo: 'claimant', wordsCommitment: 'ab12' } },
  { type: 'round.closed', payload: { roundId: ROUND, because: 'court' } },
  { type: 'hearing.scheduled', payload: { hearingId: HEARING, title: 'Hearing on claim 1', covers: { scope: 'claims', claimIds: ['c1'] } } },
  { type: 'offer.made', payload: { offerId: OFFER, number: 3, side: 'claimant', commitment: 'cd34' } },
];

test('every entry type the court writes reads as a line in English and in Chinese', () => {
  for (const type of TIMELINE_ENTRY_TYPES) {
    const message = entryTypeMessage(type);
    expect(message.key).toBe(`entry.${type}`);
    expect(format(message, 'en')).not.toContain(type);
    expect(format(message, 'zh-CN')).not.toBe(format(message, 'en'));
  }
  expect(format(entryTypeMessage('round.opened'))).toBe('Round opened');
  expect(format(entryTypeMessage('hearing.scheduled'), 'zh-CN')).toBe('安排庭审');
  expect(format(entryTypeMessage('case.settled'))).toBe('Offer accepted: the case settled');
});

test('an entry type this page does not know yet is shown by its raw name', () => {
  expect(format(entryTypeMessage('round.somethingNew'))).toBe('round.somethingNew');
});

test('a round is named by the number and title it was opened with, on every later entry about it', () => {
  const names = aboutNames(items);
  expect(format(aboutMessage({ kind: 'round', id: ROUND }, names))).toBe('Round 1: Delivery');
  expect(format(aboutMessage({ kind: 'round', id: ROUND }, names), 'zh-CN')).toBe('第 1 轮：Delivery');
});

test('a private caucus, whose title the ledger does not hold, is named by its number only', () => {
  expect(format(aboutMessage({ kind: 'round', id: CAUCUS }, aboutNames(items)))).toBe('Round 2');
});

test('a hearing is named by its title and an offer by its number', () => {
  const names = aboutNames(items);
  expect(format(aboutMessage({ kind: 'hearing', id: HEARING }, names))).toBe('Hearing “Hearing on claim 1”');
  expect(format(aboutMessage({ kind: 'offer', id: OFFER }, names))).toBe('Offer 3');
});

test('something the timeline never named is shown by its kind and the start of its id', () => {
  expect(format(aboutMessage({ kind: 'hearing', id: '5d0c1c7e-8b0a-4c44-9f0e-3a7c2b1d9e00' }, aboutNames([])))).toBe('Hearing 5d0c1c7e…');
});

test('payloads that are not objects, or lack the fields, name nothing', () => {
  expect(aboutNames([{ type: 'round.opened', payload: null }, { type: 'hearing.scheduled', payload: ['x'] }, { type: 'offer.made', payload: { offerId: OFFER } }]).size).toBe(0);
});
