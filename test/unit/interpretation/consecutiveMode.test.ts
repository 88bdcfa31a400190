// Consecutive interpretation, as the interpretation domain decides it: for a witness the presiding
// judge switches a language pair to consecutive, and the booth's active interpreter then speaks on
// the floor after the speaker: everyone hears them, not only the channel's listeners. Back to
// simultaneous, the voice is the channel's again. Nobody but the presiding judge switches it.
import { audienceOf, mayHearInterpreter } from '../../../server/domain/interpretation/channelRouting.js';
import { Interpretation } from '../../../server/domain/interpretation/Interpretation.js';
import { codeOf } from '../../helpers/courtErrors.js';

/** Ms Souza on the en channel, Mr Zhang on zh, the judge on the floor; Wu and Li share the zh ⇄ en booth; Dupont works en ⇄ fr. */
function hearing(): Interpretation {
  const interpretation = new Interpretation('en', ['en', 'zh', 'fr']);
  interpretation.enrol('wu', { from: 'zh', to: 'en' });
  interpretation.enrol('li', { from: 'en', to: 'zh' });
  interpretation.enrol('dupont', { from: 'en', to: 'fr' });
  interpretation.listen('souza', 'en');
  interpretation.listen('zhang', 'zh');
  return interpretation;
}

test('a pair works simultaneously until the judge switches it', () => {
  const interpretation = hearing();
  expect(interpretation.modeOf('en⇄zh')).toBe('simultaneous');
  expect(interpretation.consecutivePairs()).toEqual([]);
  expect(audienceOf(interpretation, 'wu')).toMatchObject({ language: 'en', onChannel: true, onFloor: false });
  expect(mayHearInterpreter(interpretation, 'judge', 'wu')).toBe(false);
});

test('in consecutive mode the active interpreter is on the floor: the judge, both channels and other interpreters hear them', () => {
  const interpretation = hearing();
  const events = interpretation.setMode('judge', true, ['zh', 'en'], 'consecutive', 'zhang');
  expect(events).toEqual([{ type: 'modeChanged', participantId: 'judge', booth: 'en⇄zh', pair: ['zh', 'en'], mode: 'consecutive', witness: 'zhang', by: 'judge' }]);
  expect(interpretation.modeOf('en⇄zh')).toBe('consecutive');
  expect(interpretation.consecutivePairs()).toEqual([{ booth: 'en⇄zh', pair: ['zh', 'en'], witness: 'zhang' }]);
  expect(audienceOf(interpretation, 'wu')).toMatchObject({ language: 'en', onChannel: true, onFloor: true });
  for (const someone of ['judge', 'souza', 'zhang', 'li', 'dupont', 'anyone-who-joins-later']) expect(mayHearInterpreter(interpretation, someone, 'wu')).toBe(true);
  expect(mayHearInterpreter(interpretation, 'wu', 'wu')).toBe(false);
});

test('consecutive mode puts only the booth’s active interpreter on the floor; the partner stays in the booth, other pairs on their channels', () => {
  const interpretation = hearing();
  interpretation.setMode('judge', true, ['en', 'zh'], 'consecutive');
  expect(audienceOf(interpretation, 'li')).toMatchObject({ onChannel: false, onFloor: false });
  expect([...audienceOf(interpretation, 'li').listeners]).toEqual(['wu']);
  expect(audienceOf(interpretation, 'dupont')).toMatchObject({ language: 'fr', onFloor: false });
  // A handover moves the floor to the partner.
  interpretation.handOver('wu');
  expect(audienceOf(interpretation, 'li')).toMatchObject({ onChannel: true, onFloor: true });
  expect(audienceOf(interpretation, 'wu')).toMatchObject({ onChannel: false, onFloor: false });
});

test('back to simultaneous, the voice is the channel’s listeners’ again', () => {
  const interpretation = hearing();
  interpretation.setMode('judge', true, ['zh', 'en'], 'consecutive');
  const events = interpretation.setMode('judge', true, ['en', 'zh'], 'simultaneous', 'zhang');
  expect(events).toEqual([{ type: 'modeChanged', participantId: 'judge', booth: 'en⇄zh', pair: ['en', 'zh'], mode: 'simultaneous', by: 'judge' }]);
  expect(interpretation.modeOf('en⇄zh')).toBe('simultaneous');
  expect(audienceOf(interpretation, 'wu')).toMatchObject({ onFloor: false });
  expect([...audienceOf(interpretation, 'wu').listeners].sort()).toEqual(['li', 'souza']);
  expect(mayHearInterpreter(interpretation, 'zhang', 'wu')).toBe(false);
  expect(mayHearInterpreter(interpretation, 'judge', 'wu')).toBe(false);
});

test('switching to the mode in force changes nothing; naming another witness is a change', () => {
  const interpretation = hearing();
  expect(interpretation.setMode('judge', true, ['zh', 'en'], 'simultaneous')).toEqual([]);
  interpretation.setMode('judge', true, ['zh', 'en'], 'consecutive', 'zhang');
  expect(interpretation.setMode('judge', true, ['EN', 'zh'], 'consecutive', 'zhang')).toEqual([]);
  expect(interpretation.setMode('judge', true, ['zh', 'en'], 'consecutive', 'souza')).toHaveLength(1);
  expect(interpretation.consecutivePairs()).toEqual([{ booth: 'en⇄zh', pair: ['zh', 'en'], witness: 'souza' }]);
});

test('only the presiding judge switches the mode; a pair of unknown or equal languages is refused', () => {
  const interpretation = hearing();
  expect(codeOf(() => interpretation.setMode('souza', false, ['zh', 'en'], 'consecutive'))).toBe('NOT_PRESIDING');
  expect(codeOf(() => interpretation.setMode('wu', false, ['zh', 'en'], 'consecutive'))).toBe('NOT_PRESIDING');
  expect(interpretation.modeOf('en⇄zh')).toBe('simultaneous');
  expect(codeOf(() => interpretation.setMode('judge', true, ['zh', 'de'], 'consecutive'))).toBe('UNKNOWN_LANGUAGE_CHANNEL');
  expect(codeOf(() => interpretation.setMode('judge', true, ['zh', 'ZH'], 'consecutive'))).toBe('INVALID_PAYLOAD');
});

test('a pair with no interpreter yet can be switched: the interpreter who comes is on the floor', () => {
  const interpretation = new Interpretation('en', ['en', 'zh']);
  interpretation.setMode('judge', true, ['zh', 'en'], 'consecutive');
  interpretation.enrol('wu', { from: 'zh', to: 'en' });
  expect(audienceOf(interpretation, 'wu')).toMatchObject({ onFloor: true });
});
