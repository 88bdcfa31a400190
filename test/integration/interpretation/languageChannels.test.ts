// Language channels in the SFU, against the real worker and real WebRTC clients: an interpreter's
// voice is consumed by exactly the listeners of the channel they interpret into, floor audio by
// everyone; one command turns the direction and the voice follows; a listener's choice survives a
// reconnection; a consultation room's channel stays in it. Asserted at the media layer (the
// consumers the server holds) and at the clients (what they are offered and receive).
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { waitFor } from '../../helpers/courtHarness.js';
import { NodeMediaParticipant } from '../../helpers/nodeMediaClient.js';
import { channelHearingSuite, ChannelHearing, offeredOrNot, type Person, REFUSED } from './channelHearing.js';

let court: RunningCourtServer;
let h: ChannelHearing;
channelHearingSuite((fresh) => (h = fresh), (started) => (court = started));

/** The judge on the floor, Ms Souza on the en channel, Mr Zhang on the zh channel, interpreter Wu (zh ⇄ en). */
async function zhEnHearing(): Promise<{ judge: Person; souza: Person; zhang: Person; wu: Person }> {
  const judge = await h.join('Judge Li', 'judge');
  const souza = await h.join('Ms Souza', 'claimant');
  const zhang = await h.join('Mr Zhang', 'respondent');
  const wu = await h.join('Interpreter Wu', 'interpreter');
  await h.listen(souza, 'en');
  await h.listen(zhang, 'zh');
  return { judge, souza, zhang, wu };
}

test('the interpreter’s voice is consumed by exactly the zh channel’s listeners; floor audio by everyone', async () => {
  const { judge, souza, zhang, wu } = await zhEnHearing();
  const floor = await souza.sendMicrophone();
  await wu.sendInterpretation('zh');
  const voice = h.voiceOf(wu);

  await offeredOrNot(zhang, voice, true);
  expect(zhang.offeredProducers().get(voice)).toMatchObject({ participantId: wu.participantId, kind: 'audio', source: 'interpretation', channel: 'zh' });
  await waitFor(() => [judge, zhang, wu].every((p) => p.offeredProducers().has(floor.id)), 'the floor offered to everyone');
  await h.consumeOffered(judge, souza, zhang, wu);

  // The media layer: one consumer of the voice, Mr Zhang's; the floor's, everyone else's.
  expect(h.namesOf(h.consumersOnServer(voice))).toEqual(['Mr Zhang']);
  expect(h.namesOf(h.consumersOnServer(floor.id))).toEqual(['Interpreter Wu', 'Judge Li', 'Mr Zhang']);
  // The clients: only Mr Zhang was offered the voice, and its RTP reaches him.
  expect(souza.offeredProducers().has(voice)).toBe(false);
  expect(judge.offeredProducers().has(voice)).toBe(false);
  expect(await h.hears(zhang, voice)).toBe(true);
  // The view tells each listener what they hear and the floor's level under the interpreter.
  expect(zhang.view()).toMatchObject({ you: { listening: 'zh' }, interpretation: { floorLanguage: 'en', languages: ['en', 'zh'], defaultFloorVolume: 0.2 } });
  expect(judge.view().you.listening).toBe('floor');
  // The judge sees who interprets what; the parties do not get the list.
  expect(judge.view().interpretation.interpreters).toEqual([{ participantId: wu.participantId, pair: ['zh', 'en'], booth: 'en⇄zh', into: 'zh', source: 'floor', active: true }]);
  expect(souza.view().interpretation.interpreters).toEqual([]);
  expect(wu.view().you.interpreting).toMatchObject({ into: 'zh', source: 'floor', active: true, partners: [] });
  // An interpreter's voice never makes them the dominant speaker of the floor.
  expect(h.room().dominantSpeakerId).not.toBe(wu.participantId);
});

test('one command turns the direction: the zh listener loses the voice, the en listener gets it', async () => {
  const { judge, souza, zhang, wu } = await zhEnHearing();
  await wu.sendInterpretation('zh');
  const voice = h.voiceOf(wu);
  await offeredOrNot(zhang, voice, true);
  await h.consumeOffered(zhang);
  const zhangsConsumer = [...zhang.consumers.values()].find((c) => c.producerId === voice)!;

  const closed = zhang.signalling.next('consumer:closed', (e) => e.producerId === voice);
  await h.command(wu, { action: 'interpretInto' });
  await expect(closed).resolves.toEqual({ consumerId: zhangsConsumer.id, producerId: voice });
  await offeredOrNot(zhang, voice, false);
  await offeredOrNot(souza, voice, true);
  expect(souza.offeredProducers().get(voice)?.channel).toBe('en');
  await h.consumeOffered(souza);

  expect(h.namesOf(h.consumersOnServer(voice))).toEqual(['Ms Souza']);
  expect(await h.hears(souza, voice)).toBe(true);
  expect(judge.offeredProducers().has(voice)).toBe(false);
  // Mr Zhang asking for it anyway is refused by the SFU.
  await expect(
    zhang.signalling.send('consumer:create', { transportId: zhang.recvTransport.id, producerId: voice, rtpCapabilities: zhang.device.rtpCapabilities as never }),
  ).resolves.toMatchObject(REFUSED('NOT_A_CHANNEL_LISTENER'));
  await waitFor(() => wu.view().you.interpreting?.into === 'en', 'the console to show the new direction');
  const record = await h.record();
  expect(record).toContainEqual(expect.objectContaining({ type: 'interpretation.directionChanged', participantId: wu.participantId, detail: { from: 'zh', into: 'en' } }));
});

test('a listener who changes channel changes whose voice they receive; back to the floor, none', async () => {
  const { zhang, wu } = await zhEnHearing();
  await wu.sendInterpretation('zh');
  const voice = h.voiceOf(wu);
  await offeredOrNot(zhang, voice, true);
  await h.consumeOffered(zhang);
  await h.listen(zhang, 'floor');
  await offeredOrNot(zhang, voice, false);
  expect(h.consumersOnServer(voice)).toEqual([]);
  await h.listen(zhang, 'zh');
  await offeredOrNot(zhang, voice, true);
});

test('a listener’s choice survives a reconnection: back on the same channel, offered its voice in the join', async () => {
  const { zhang, wu } = await zhEnHearing();
  await wu.sendInterpretation('zh');
  const voice = h.voiceOf(wu);
  await zhang.signalling.request('hearing:leave', { keepSeat: true });
  h.drop(zhang);
  const token = (await court.court.sessions.start({ kind: 'participant', participantId: zhang.participantId, caseId: h.hearing.caseId })).accessToken;
  const back = await NodeMediaParticipant.join(court.url, token, h.hearing.hearingId, h.hearing.admitting);
  try {
    expect(back.joined.courtroom.you.listening).toBe('zh');
    expect(back.joined.producers.map((p) => p.producerId)).toContain(voice);
    await back.consume(voice);
    expect(h.consumersOnServer(voice)).toEqual([zhang.participantId]);
  } finally {
    back.close();
  }
});

test('a listener’s choice is remembered for their next hearing of the case: they start there on the channel they chose', async () => {
  const { zhang } = await zhEnHearing();
  await waitFor(async () => (await court.court.store.getRecord<{ listening?: string }>('participant', zhang.participantId))?.value.listening === 'zh', 'the choice on the participant record');
  const next = await h.hearing.another();
  const token = (await court.court.sessions.start({ kind: 'participant', participantId: zhang.participantId, caseId: h.hearing.caseId })).accessToken;
  const there = await NodeMediaParticipant.join(court.url, token, next.hearingId, next.admitting);
  try {
    expect(there.joined.courtroom.you.listening).toBe('zh');
    // Back to the floor (there): the next hearing starts on the floor again.
    await there.signalling.request('interpretation:command', { action: 'listen', channel: 'floor' });
  } finally {
    there.close();
  }
  await waitFor(async () => (await court.court.store.getRecord<{ listening?: string }>('participant', zhang.participantId))?.value.listening === undefined, 'the floor on the participant record');
});

test('the public gallery chooses a channel too: an observer on zh receives the voice, the one on the floor does not', async () => {
  const wu = await h.join('Interpreter Wu', 'interpreter');
  const press = await h.join('Press zh', 'observer', { receiveOnly: true });
  const other = await h.join('Press floor', 'observer', { receiveOnly: true });
  await h.listen(press, 'zh');
  await wu.sendInterpretation('zh');
  const voice = h.voiceOf(wu);
  await offeredOrNot(press, voice, true);
  await h.consumeOffered(press, other);
  expect(h.namesOf(h.consumersOnServer(voice))).toEqual(['Press zh']);
  expect(other.offeredProducers().has(voice)).toBe(false);
  expect(await h.hears(press, voice)).toBe(true);
});

test('a channel in a consultation room works there and never leaks to the main room', async () => {
  const { judge, zhang, wu } = await zhEnHearing();
  const chen = await h.join('Ms Chen', 'counsel');
  await h.listen(chen, 'zh');
  await wu.sendInterpretation('zh');
  const voice = h.voiceOf(wu);
  await offeredOrNot(chen, voice, true);
  await h.consumeOffered(chen);
  expect(h.namesOf(h.consumersOnServer(voice))).toEqual(['Ms Chen']);

  await judge.signalling.request('courtroom:command', { action: 'openConsultation', name: 'Mr Zhang with his interpreter', members: [zhang.participantId, wu.participantId] });
  // Ms Chen, still in the main room, loses the voice; Mr Zhang hears it in the consultation.
  await waitFor(() => h.consumersOnServer(voice).length === 0, 'the main room’s consumer of the voice to close');
  await offeredOrNot(zhang, voice, true);
  await h.consumeOffered(zhang);
  expect(h.namesOf(h.consumersOnServer(voice))).toEqual(['Mr Zhang']);
  expect(await h.hears(zhang, voice)).toBe(true);
  await expect(
    chen.signalling.send('consumer:create', { transportId: chen.recvTransport.id, producerId: voice, rtpCapabilities: chen.device.rtpCapabilities as never }),
  ).resolves.toMatchObject(REFUSED('NOT_IN_SAME_ROOM'));
});

test('the court’s mute silences an interpreter’s voice in the SFU, and only the court lifts it', async () => {
  const { judge, zhang, wu } = await zhEnHearing();
  await wu.sendInterpretation('zh');
  const voice = h.voiceOf(wu);
  const paused = zhang.signalling.next('producer:paused', (e) => e.producerId === voice);
  await judge.signalling.request('courtroom:command', { action: 'mute', participantId: wu.participantId });
  await paused;
  expect(h.room().publishedProducers().find((p) => p.producerId === voice)?.paused).toBe(true);
  await expect(wu.signalling.send('producer:resume', { producerId: voice })).resolves.toMatchObject(REFUSED('MUTED_BY_COURT'));
  const resumed = zhang.signalling.next('producer:resumed', (e) => e.producerId === voice);
  await judge.signalling.request('courtroom:command', { action: 'unmute', participantId: wu.participantId });
  await resumed;
  expect(h.room().publishedProducers().find((p) => p.producerId === voice)?.paused).toBe(false);
});

describe('refusals', () => {
  test('a party may not publish on a language channel', async () => {
    const souza = await h.join('Ms Souza', 'claimant');
    await expect(souza.sendInterpretation('en')).rejects.toMatchObject({ code: 'NOT_AN_INTERPRETER' });
    expect(h.room().publishedProducers()).toEqual([]);
  });

  test('an interpreter may not publish into a language outside their pair', async () => {
    const wu = await h.join('Interpreter Wu', 'interpreter');
    await expect(wu.sendInterpretation('fr')).rejects.toMatchObject({ code: 'NOT_YOUR_LANGUAGE_PAIR' });
    await expect(h.command(wu, { action: 'interpretInto', language: 'fr' })).rejects.toMatchObject({ code: 'NOT_YOUR_LANGUAGE_PAIR' });
    expect(h.room().publishedProducers()).toEqual([]);
  });

  test('a listener not on the channel may not consume its voice', async () => {
    const { judge, souza, wu } = await zhEnHearing();
    await wu.sendInterpretation('zh');
    const voice = h.voiceOf(wu);
    for (const outsider of [judge, souza]) {
      await expect(
        outsider.signalling.send('consumer:create', { transportId: outsider.recvTransport.id, producerId: voice, rtpCapabilities: outsider.device.rtpCapabilities as never }),
      ).resolves.toMatchObject(REFUSED('NOT_A_CHANNEL_LISTENER'));
    }
    expect(h.consumersOnServer(voice)).toEqual([]);
  });

  test('interpreter commands from a non-interpreter, an observer, or with bad payloads are refused with stable codes', async () => {
    const souza = await h.join('Ms Souza', 'claimant');
    const press = await h.join('Press', 'observer', { receiveOnly: true });
    for (const payload of [{ action: 'interpretInto' }, { action: 'setSource', source: 'zh' }, { action: 'handOver' }, { action: 'acceptHandover' }]) {
      await expect(h.refusal(souza, payload)).resolves.toMatchObject(REFUSED('NOT_AN_INTERPRETER'));
      await expect(h.refusal(press, payload)).resolves.toMatchObject(REFUSED('FORBIDDEN'));
    }
    // The gallery may choose what it hears.
    await h.listen(press, 'zh');
    await expect(h.refusal(souza, { action: 'listen', channel: 'de' })).resolves.toMatchObject(REFUSED('UNKNOWN_LANGUAGE_CHANNEL'));
    for (const bad of [
      { action: 'listen', channel: 'english please' },
      { action: 'listen', channel: 'z' },
      { action: 'listen' },
      { action: 'listen', channel: 'zh', extra: true },
      { action: 'interpretInto', language: '<script>' },
      { action: 'takeOverEverything' },
    ]) {
      await expect(h.refusal(souza, bad)).resolves.toMatchObject(REFUSED('INVALID_PAYLOAD'));
    }
    // A microphone does not name a channel.
    const transportId = souza.sendTransport.id;
    const rtpParameters = { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000 }] };
    await expect(souza.signalling.send('producer:create', { transportId, kind: 'audio', source: 'microphone', language: 'zh', rtpParameters })).resolves.toMatchObject(REFUSED('INVALID_PAYLOAD'));
    await expect(souza.signalling.send('producer:create', { transportId, kind: 'video', source: 'interpretation', rtpParameters })).resolves.toMatchObject(REFUSED('INVALID_PAYLOAD'));
  });
});
