// An interpreter's console offers what the booth's state allows: the active interpreter hands
// over or offers the booth; the partner offered it accepts; a partner whose active colleague is
// away takes over. Sources are the floor or another channel (relay), never the channel spoken into.
import type { InterpreterConsoleView } from '../../../server/domain/hearing/courtroomView.js';
import { activePartnerOf, boothActions, otherDirection, sourceChoices } from '../../../client/src/interpretation/boothActions.js';

const ME = 'wu';
const PARTNER = 'chen';

function desk(overrides: Partial<InterpreterConsoleView> = {}): InterpreterConsoleView {
  return { participantId: ME, pair: ['en', 'zh'], booth: 'en⇄zh', into: 'zh', source: 'floor', active: true, partners: [PARTNER], handoverOffer: null, ...overrides };
}

const everyoneHere = () => true;

test('an interpreter alone in the booth has no handover to make', () => {
  expect(boothActions(desk({ partners: [] }), everyoneHere)).toEqual([]);
});

test('the active interpreter may hand over at once or offer the booth', () => {
  expect(boothActions(desk(), everyoneHere)).toEqual(['handOver', 'offerHandover']);
  // Once offered, not again; handing over at once stays possible.
  expect(boothActions(desk({ handoverOffer: { from: ME, to: PARTNER } }), everyoneHere)).toEqual(['handOver']);
});

test('the partner offered the booth may accept it', () => {
  expect(boothActions(desk({ active: false, handoverOffer: { from: PARTNER, to: ME } }), everyoneHere)).toEqual(['acceptHandover']);
});

test('a partner whose active colleague is here has nothing to do but wait', () => {
  expect(boothActions(desk({ active: false }), everyoneHere)).toEqual([]);
});

test('a partner whose active colleague dropped may take over', () => {
  expect(boothActions(desk({ active: false }), (id) => id !== PARTNER)).toEqual(['takeOver']);
  expect(activePartnerOf(desk({ active: false }))).toBe(PARTNER);
  expect(activePartnerOf(desk())).toBeUndefined();
});

test('relay: any channel but the one spoken into, or the floor', () => {
  expect(sourceChoices(desk(), ['en', 'zh', 'fr'])).toEqual(['floor', 'en', 'fr']);
});

test('the one-click switch turns to the other language of the pair', () => {
  expect(otherDirection(desk())).toBe('en');
  expect(otherDirection(desk({ into: 'en' }))).toBe('zh');
});
