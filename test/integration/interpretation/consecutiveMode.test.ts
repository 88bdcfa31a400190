// Consecutive interpretation against the real worker: for a witness the presiding judge switches a
// language pair to consecutive, and the interpreter's voice is then on the floor: consumed by the
// en listener, the zh listener and those on the floor alike. Back to simultaneous, only the
// channel's listeners keep it. Nobody but the judge switches the mode; the switch is on the
// hearing record and in everyone's view of the courtroom.
import { waitFor } from '../../helpers/courtHarness.js';
import { channelHearingSuite, ChannelHearing, offeredOrNot, type Person, REFUSED } from './channelHearing.js';

let h: ChannelHearing;
channelHearingSuite((fresh) => (h = fresh));

/** The judge on the floor, Ms Souza on the en channel, witness Zhang on the zh channel, interpreter Wu (zh ⇄ en). */
async function witnessHearing(): Promise<{ judge: Person; souza: Person; zhang: Person; wu: Person }> {
  const judge = await h.join('Judge Li', 'judge');
  const souza = await h.join('Ms Souza', 'claimant');
  const zhang = await h.join('Mr Zhang', 'witness');
  const wu = await h.join('Interpreter Wu', 'interpreter');
  await h.listen(souza, 'en');
  await h.listen(zhang, 'zh');
  return { judge, souza, zhang, wu };
}

test('in consecutive mode the interpreter’s voice is on the floor: the en listener, the zh listener and the floor all consume it', async () => {
  const { judge, souza, zhang, wu } = await witnessHearing();
  await wu.sendInterpretation('en');
  const voice = h.voiceOf(wu);
  await offeredOrNot(souza, voice, true);

  await h.command(judge, { action: 'setMode', pair: ['zh', 'en'], mode: 'consecutive', witness: zhang.participantId });
  await offeredOrNot(judge, voice, true);
  await offeredOrNot(zhang, voice, true);
  await h.consumeOffered(judge, souza, zhang, wu);

  expect(h.namesOf(h.consumersOnServer(voice))).toEqual(['Judge Li', 'Mr Zhang', 'Ms Souza']);
  expect(await h.hears(zhang, voice)).toBe(true);
  expect(await h.hears(judge, voice)).toBe(true);
  // Everyone's view shows the pair working consecutively, and for whom.
  const consecutive = [{ booth: 'en⇄zh', pair: ['zh', 'en'], witness: zhang.participantId }];
  for (const person of [judge, souza, zhang, wu]) {
    await waitFor(() => person.view().interpretation.consecutive.length === 1, `${person.name}'s view to show the consecutive pair`);
    expect(person.view().interpretation.consecutive).toEqual(consecutive);
  }
  const record = await h.record();
  expect(record).toContainEqual(
    expect.objectContaining({
      type: 'interpretation.modeChanged',
      participantId: judge.participantId,
      by: `participant:${judge.participantId}`,
      detail: { booth: 'en⇄zh', pair: ['zh', 'en'], mode: 'consecutive', witness: zhang.participantId },
    }),
  );
});

test('back to simultaneous, only the channel’s listeners consume the voice; the others’ consumers close', async () => {
  const { judge, souza, zhang, wu } = await witnessHearing();
  await wu.sendInterpretation('en');
  const voice = h.voiceOf(wu);
  await h.command(judge, { action: 'setMode', pair: ['zh', 'en'], mode: 'consecutive', witness: zhang.participantId });
  await offeredOrNot(zhang, voice, true);
  await offeredOrNot(judge, voice, true);
  await h.consumeOffered(judge, souza, zhang);
  expect(h.namesOf(h.consumersOnServer(voice))).toEqual(['Judge Li', 'Mr Zhang', 'Ms Souza']);

  const zhangLoses = zhang.signalling.next('consumer:closed', (e) => e.producerId === voice);
  const judgeLoses = judge.signalling.next('consumer:closed', (e) => e.producerId === voice);
  await h.command(judge, { action: 'setMode', pair: ['en', 'zh'], mode: 'simultaneous' });
  await Promise.all([zhangLoses, judgeLoses]);
  await offeredOrNot(zhang, voice, false);
  await offeredOrNot(judge, voice, false);

  expect(h.namesOf(h.consumersOnServer(voice))).toEqual(['Ms Souza']);
  expect(souza.offeredProducers().has(voice)).toBe(true);
  expect(await h.hears(souza, voice)).toBe(true);
  // The zh listener asking for the en channel's voice now is refused by the SFU.
  await expect(
    zhang.signalling.send('consumer:create', { transportId: zhang.recvTransport.id, producerId: voice, rtpCapabilities: zhang.device.rtpCapabilities as never }),
  ).resolves.toMatchObject(REFUSED('NOT_A_CHANNEL_LISTENER'));
  await waitFor(() => souza.view().interpretation.consecutive.length === 0, 'the view to show the pair simultaneous again');
  const modes = (await h.record()).filter((line) => line.type === 'interpretation.modeChanged').map((line) => (line.detail as { mode: string }).mode);
  expect(modes).toEqual(['consecutive', 'simultaneous']);
});

test('a voice that starts, and someone who comes, while the pair is consecutive are routed as the floor', async () => {
  const { judge, zhang, wu } = await witnessHearing();
  await h.command(judge, { action: 'setMode', pair: ['zh', 'en'], mode: 'consecutive' });
  await wu.sendInterpretation('zh');
  const voice = h.voiceOf(wu);
  await offeredOrNot(judge, voice, true);
  await offeredOrNot(zhang, voice, true);
  const counsel = await h.join('Mr Okafor', 'counsel');
  expect(counsel.offeredProducers().get(voice)).toMatchObject({ participantId: wu.participantId, source: 'interpretation', channel: 'zh' });
  await h.consumeOffered(counsel);
  expect(h.namesOf(h.consumersOnServer(voice))).toEqual(['Mr Okafor']);
  expect(await h.hears(counsel, voice)).toBe(true);
});

test('a party, a witness or an interpreter cannot switch the mode; the judge naming no such witness or channel is refused', async () => {
  const { judge, souza, zhang, wu } = await witnessHearing();
  await wu.sendInterpretation('en');
  const voice = h.voiceOf(wu);
  for (const someone of [souza, zhang, wu]) {
    await expect(h.refusal(someone, { action: 'setMode', pair: ['zh', 'en'], mode: 'consecutive' })).resolves.toMatchObject(REFUSED('FORBIDDEN'));
  }
  await expect(
    h.refusal(judge, { action: 'setMode', pair: ['zh', 'en'], mode: 'consecutive', witness: '00000000-0000-4000-8000-000000000000' }),
  ).resolves.toMatchObject(REFUSED('PARTICIPANT_NOT_FOUND'));
  await expect(h.refusal(judge, { action: 'setMode', pair: ['zh', 'ko'], mode: 'consecutive' })).resolves.toMatchObject(REFUSED('UNKNOWN_LANGUAGE_CHANNEL'));
  await expect(h.refusal(judge, { action: 'setMode', pair: ['zh'], mode: 'consecutive' })).resolves.toMatchObject(REFUSED('INVALID_PAYLOAD'));

  // Nothing changed: the voice is still the en channel's alone.
  expect(judge.view().interpretation.consecutive).toEqual([]);
  expect(zhang.offeredProducers().has(voice)).toBe(false);
  expect(judge.offeredProducers().has(voice)).toBe(false);
  expect((await h.record()).some((line) => line.type === 'interpretation.modeChanged')).toBe(false);
});
