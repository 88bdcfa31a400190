// Booths and relay against the real worker: two interpreters of one pair hear each other on their
// private booth channel, only the active one reaches the channel's listeners, and a handover
// (one command, or an offer the partner accepts) moves the active voice and goes on the hearing
// record; a relay interpreter hears another channel instead of the floor.
import { waitFor } from '../../helpers/courtHarness.js';
import { channelHearingSuite, ChannelHearing, offeredOrNot, REFUSED } from './channelHearing.js';

let h: ChannelHearing;
channelHearingSuite((fresh) => (h = fresh));

async function booth() {
  const judge = await h.join('Judge Li', 'judge');
  const souza = await h.join('Ms Souza', 'claimant');
  const wu = await h.join('Interpreter Wu', 'interpreter');
  const li = await h.join('Interpreter Li', 'interpreter');
  await h.listen(souza, 'en');
  await wu.sendInterpretation();
  await li.sendInterpretation();
  return { judge, souza, wu, li, wuVoice: h.voiceOf(wu), liVoice: h.voiceOf(li) };
}

test('booth partners hear each other; only the active interpreter reaches the channel’s listeners', async () => {
  const { judge, souza, wu, li, wuVoice, liVoice } = await booth();
  await offeredOrNot(souza, wuVoice, true);
  await offeredOrNot(wu, liVoice, true);
  await offeredOrNot(li, wuVoice, true);
  await h.consumeOffered(judge, souza, wu, li);

  expect(h.namesOf(h.consumersOnServer(wuVoice))).toEqual(['Interpreter Li', 'Ms Souza']);
  expect(h.namesOf(h.consumersOnServer(liVoice))).toEqual(['Interpreter Wu']);
  expect(souza.offeredProducers().has(liVoice)).toBe(false);
  expect(judge.offeredProducers().has(wuVoice) || judge.offeredProducers().has(liVoice)).toBe(false);
  expect(await h.hears(wu, liVoice)).toBe(true);
  expect(wu.view().you.interpreting).toMatchObject({ active: true, partners: [li.participantId], booth: 'en⇄zh' });
  expect(li.view().you.interpreting).toMatchObject({ active: false, partners: [wu.participantId] });
});

test('a handover by the active interpreter moves the channel to the partner’s voice, and is on the hearing record', async () => {
  const { souza, wu, li, wuVoice, liVoice } = await booth();
  await offeredOrNot(souza, wuVoice, true);
  await h.consumeOffered(souza, wu, li);

  const closed = souza.signalling.next('consumer:closed', (e) => e.producerId === wuVoice);
  await h.command(wu, { action: 'handOver' });
  await closed;
  await offeredOrNot(souza, wuVoice, false);
  await offeredOrNot(souza, liVoice, true);
  expect(souza.offeredProducers().get(liVoice)).toMatchObject({ source: 'interpretation', channel: 'en' });
  await h.consumeOffered(souza);

  expect(h.namesOf(h.consumersOnServer(liVoice))).toEqual(['Interpreter Wu', 'Ms Souza']);
  expect(h.namesOf(h.consumersOnServer(wuVoice))).toEqual(['Interpreter Li']);
  expect(await h.hears(souza, liVoice)).toBe(true);
  // The partners still hear each other; the one who handed over may not hand over again.
  await expect(h.refusal(wu, { action: 'handOver' })).resolves.toMatchObject(REFUSED('NOT_ACTIVE_INTERPRETER'));
  await waitFor(async () => (await h.record()).some((l) => l.type === 'interpretation.handedOver'), 'the handover on the record');
  expect((await h.record()).find((l) => l.type === 'interpretation.handedOver')).toMatchObject({
    participantId: li.participantId,
    by: `participant:${wu.participantId}`,
    detail: { from: wu.participantId, booth: 'en⇄zh', into: 'en' },
  });
});

test('an offered handover is taken when the partner accepts it, not before', async () => {
  const { souza, wu, li, wuVoice, liVoice } = await booth();
  await expect(h.refusal(li, { action: 'acceptHandover' })).resolves.toMatchObject(REFUSED('NO_HANDOVER_OFFERED'));
  await h.command(wu, { action: 'offerHandover' });
  await waitFor(() => li.view().you.interpreting?.handoverOffer?.to === li.participantId, 'the offer on the partner’s console');
  // Offered is not handed over: the listeners still hear Wu.
  expect(souza.offeredProducers().has(wuVoice)).toBe(true);
  await h.command(li, { action: 'acceptHandover' });
  await offeredOrNot(souza, liVoice, true);
  await offeredOrNot(souza, wuVoice, false);
  await waitFor(() => li.view().you.interpreting?.active === true && li.view().you.interpreting?.handoverOffer === null, 'the console to show Li active');
  const lines = await h.record();
  expect(lines.map((l) => l.type)).toEqual(expect.arrayContaining(['interpretation.handoverOffered', 'interpretation.handedOver']));
  expect(lines.find((l) => l.type === 'interpretation.handedOver')).toMatchObject({ by: `participant:${li.participantId}` });
});

test('a relay interpreter takes another channel as source: they hear that channel’s voice, and their own reaches theirs', async () => {
  const judge = await h.join('Judge Li', 'judge');
  const souza = await h.join('Ms Souza', 'claimant');
  const martin = await h.join('M. Martin', 'respondent');
  const wu = await h.join('Interpreter Wu', 'interpreter'); // zh → en
  const dupont = await h.join('Interpreter Dupont', 'interpreter', { languagePair: { from: 'en', to: 'fr' } });
  await waitFor(() => souza.view().interpretation.languages.includes('fr'), 'the fr channel to be offered to listeners');
  await h.listen(souza, 'en');
  await h.listen(martin, 'fr');
  await wu.sendInterpretation('en');
  await dupont.sendInterpretation('fr');
  const wuVoice = h.voiceOf(wu);
  const dupontVoice = h.voiceOf(dupont);
  expect(dupont.offeredProducers().has(wuVoice)).toBe(false);

  await h.command(dupont, { action: 'setSource', source: 'en' });
  await offeredOrNot(dupont, wuVoice, true);
  await offeredOrNot(martin, dupontVoice, true);
  await offeredOrNot(souza, wuVoice, true);
  await h.consumeOffered(souza, martin, dupont);

  expect(h.namesOf(h.consumersOnServer(wuVoice))).toEqual(['Interpreter Dupont', 'Ms Souza']);
  expect(h.namesOf(h.consumersOnServer(dupontVoice))).toEqual(['M. Martin']);
  expect(martin.offeredProducers().has(wuVoice)).toBe(false);
  expect(await h.hears(dupont, wuVoice)).toBe(true);
  expect(dupont.view().you.interpreting).toMatchObject({ into: 'fr', source: 'en' });
  await waitFor(() => judge.view().interpretation.interpreters.find((i) => i.participantId === dupont.participantId)?.source === 'en', 'the judge to see the relay');

  // Back to the floor: the relayed voice is no longer theirs.
  await h.command(dupont, { action: 'setSource', source: 'floor' });
  await offeredOrNot(dupont, wuVoice, false);
  expect(h.namesOf(h.consumersOnServer(wuVoice))).toEqual(['Ms Souza']);
  await expect(h.refusal(dupont, { action: 'setSource', source: 'fr' })).resolves.toMatchObject(REFUSED('INVALID_PAYLOAD'));
  await expect(h.refusal(dupont, { action: 'setSource', source: 'ko' })).resolves.toMatchObject(REFUSED('UNKNOWN_LANGUAGE_CHANNEL'));
});

test('a partner takes the booth when the active interpreter has gone, and not while they are there', async () => {
  const { souza, wu, li, wuVoice, liVoice } = await booth();
  await expect(h.refusal(li, { action: 'takeOver' })).resolves.toMatchObject(REFUSED('NOT_ACTIVE_INTERPRETER'));
  await wu.signalling.request('hearing:leave', {});
  await offeredOrNot(souza, wuVoice, false);
  await h.command(li, { action: 'takeOver' });
  await offeredOrNot(souza, liVoice, true);
  await h.consumeOffered(souza);
  expect(h.namesOf(h.consumersOnServer(liVoice))).toEqual(['Ms Souza']);
  expect((await h.record()).find((l) => l.type === 'interpretation.handedOver')).toMatchObject({ participantId: li.participantId, by: `participant:${li.participantId}` });
});
