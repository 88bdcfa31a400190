// Who hears an interpreter's voice, as the interpretation domain decides it (the SFU carries it
// out): the listeners of the channel the booth's active interpreter speaks into, relay
// interpreters taking that channel, and the booth partners — nobody else.
import { audienceOf, channelAudiences, mayHearInterpreter } from '../../../server/domain/interpretation/channelRouting.js';
import { Interpretation } from '../../../server/domain/interpretation/Interpretation.js';
import { codeOf } from '../../helpers/courtErrors.js';

function hearing(): Interpretation {
  const interpretation = new Interpretation('en', ['en', 'zh']);
  interpretation.enrol('wu', { from: 'zh', to: 'en' });
  interpretation.listen('souza', 'en');
  interpretation.listen('zhang', 'zh');
  return interpretation;
}

function listenersOf(interpretation: Interpretation, interpreterId: string): string[] {
  return [...audienceOf(interpretation, interpreterId).listeners].sort();
}

test('an interpreter into zh is heard by exactly the zh channel’s listeners', () => {
  const interpretation = hearing();
  interpretation.interpretInto('wu', 'zh');
  expect(listenersOf(interpretation, 'wu')).toEqual(['zhang']);
  expect(audienceOf(interpretation, 'wu')).toMatchObject({ language: 'zh', onChannel: true });
});

test('switching direction moves the voice to the other channel’s listeners, with one command', () => {
  const interpretation = hearing();
  interpretation.interpretInto('wu', 'zh');
  expect(interpretation.interpretInto('wu')).toEqual([{ type: 'directionChanged', participantId: 'wu', from: 'zh', into: 'en', by: 'wu' }]);
  expect(listenersOf(interpretation, 'wu')).toEqual(['souza']);
  expect(mayHearInterpreter(interpretation, 'zhang', 'wu')).toBe(false);
});

test('a listener on the floor hears no interpreter; choosing the channel adds them, going back removes them', () => {
  const interpretation = hearing();
  interpretation.interpretInto('wu', 'zh');
  expect(mayHearInterpreter(interpretation, 'judge', 'wu')).toBe(false);
  interpretation.listen('judge', 'zh');
  expect(mayHearInterpreter(interpretation, 'judge', 'wu')).toBe(true);
  expect(interpretation.listen('judge', 'floor')).toEqual([{ type: 'listeningChanged', participantId: 'judge', channel: 'floor' }]);
  expect(mayHearInterpreter(interpretation, 'judge', 'wu')).toBe(false);
  expect(interpretation.listeningOf('judge')).toBe('floor');
});

test('booth partners hear each other; only the active one reaches the channel, and a handover moves it', () => {
  const interpretation = hearing();
  const joined = interpretation.enrol('li', { from: 'en', to: 'zh' });
  expect(joined).toEqual([{ type: 'interpreterEnrolled', participantId: 'li', pair: ['en', 'zh'], into: 'zh', active: false }]);
  expect(interpretation.partnersOf('wu')).toEqual(['li']);
  expect(listenersOf(interpretation, 'wu')).toEqual(['li', 'souza']);
  expect(listenersOf(interpretation, 'li')).toEqual(['wu']);

  const events = interpretation.handOver('wu');
  expect(events).toEqual([{ type: 'handedOver', participantId: 'li', from: 'wu', booth: 'en⇄zh', into: 'en', by: 'wu' }]);
  // The channel carries on into the same language, in the partner's voice.
  expect(listenersOf(interpretation, 'li')).toEqual(['souza', 'wu']);
  expect(listenersOf(interpretation, 'wu')).toEqual(['li']);
});

test('a handover offered is taken by the partner it was offered to, and by nobody else', () => {
  const interpretation = hearing();
  interpretation.enrol('li', { from: 'zh', to: 'en' });
  expect(codeOf(() => interpretation.acceptHandover('li'))).toBe('NO_HANDOVER_OFFERED');
  expect(codeOf(() => interpretation.offerHandover('li'))).toBe('NOT_ACTIVE_INTERPRETER');
  interpretation.offerHandover('wu');
  expect(interpretation.offerIn('en⇄zh')).toEqual({ from: 'wu', to: 'li' });
  expect(codeOf(() => interpretation.acceptHandover('wu'))).toBe('NO_HANDOVER_OFFERED');
  interpretation.acceptHandover('li');
  expect(interpretation.isActive('li')).toBe(true);
  expect(interpretation.offerIn('en⇄zh')).toBeUndefined();
});

test('a relay interpreter hears the channel they take as source, not the floor’s interpreter on another channel', () => {
  const interpretation = hearing();
  interpretation.addLanguages(['fr']);
  interpretation.enrol('dupont', { from: 'en', to: 'fr' });
  interpretation.interpretInto('wu', 'en');
  expect(mayHearInterpreter(interpretation, 'dupont', 'wu')).toBe(false);
  expect(interpretation.setSource('dupont', 'en')).toEqual([{ type: 'sourceChanged', participantId: 'dupont', source: 'en', by: 'dupont' }]);
  expect(listenersOf(interpretation, 'wu')).toEqual(['dupont', 'souza']);
  // The relay follows the channel, not the person: when wu turns to zh, dupont no longer hears wu.
  interpretation.interpretInto('wu', 'zh');
  expect(mayHearInterpreter(interpretation, 'dupont', 'wu')).toBe(false);
  // Dupont's own voice reaches the fr channel's listeners only.
  interpretation.listen('martin', 'fr');
  expect(listenersOf(interpretation, 'dupont')).toEqual(['martin']);
});

test('an interpreter who turns into the channel they were relaying goes back to the floor as source', () => {
  const interpretation = hearing();
  interpretation.enrol('dupont', { from: 'en', to: 'fr' });
  interpretation.setSource('dupont', 'en');
  expect(interpretation.interpretInto('dupont', 'en')).toEqual([
    { type: 'directionChanged', participantId: 'dupont', from: 'fr', into: 'en', by: 'dupont' },
    { type: 'sourceChanged', participantId: 'dupont', source: 'floor', by: 'dupont' },
  ]);
});

test('refusals: no such channel, a language outside the pair, a non-interpreter, an interpreter choosing as a listener', () => {
  const interpretation = hearing();
  expect(codeOf(() => interpretation.listen('souza', 'de'))).toBe('UNKNOWN_LANGUAGE_CHANNEL');
  expect(codeOf(() => interpretation.interpretInto('wu', 'fr'))).toBe('NOT_YOUR_LANGUAGE_PAIR');
  expect(codeOf(() => interpretation.interpretInto('souza', 'en'))).toBe('NOT_AN_INTERPRETER');
  expect(codeOf(() => interpretation.handOver('souza'))).toBe('NOT_AN_INTERPRETER');
  expect(codeOf(() => interpretation.handOver('wu'))).toBe('NO_BOOTH_PARTNER');
  expect(codeOf(() => interpretation.listen('wu', 'zh'))).toBe('INTERPRETERS_CHOOSE_A_SOURCE');
  expect(codeOf(() => interpretation.setSource('wu', 'en'))).toBe('INVALID_PAYLOAD'); // wu works into en
  expect(codeOf(() => interpretation.setSource('wu', 'ko'))).toBe('UNKNOWN_LANGUAGE_CHANNEL');
});

test('language tags compare without regard to case, and enrolling again changes nothing', () => {
  const interpretation = new Interpretation('EN');
  interpretation.enrol('wu', { from: 'ZH', to: 'en' });
  expect(interpretation.enrol('wu', { from: 'zh', to: 'fr' })).toEqual([]);
  expect(interpretation.languages()).toEqual(['en', 'zh']);
  interpretation.listen('souza', 'En');
  expect([...channelAudiences(interpretation).get('wu')!.listeners]).toEqual(['souza']);
});

test('a partner takes over only from an active interpreter who is away', () => {
  const interpretation = hearing();
  interpretation.enrol('li', { from: 'zh', to: 'en' });
  expect(codeOf(() => interpretation.takeOver('li', false))).toBe('NOT_ACTIVE_INTERPRETER');
  expect(interpretation.takeOver('li', true)).toEqual([{ type: 'handedOver', participantId: 'li', from: 'wu', booth: 'en⇄zh', into: 'en', by: 'li' }]);
  expect(interpretation.takeOver('li', true)).toEqual([]);
  expect(codeOf(() => interpretation.takeOver('souza', true))).toBe('NOT_AN_INTERPRETER');
});
