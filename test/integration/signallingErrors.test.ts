// Bad input at the signalling edge: each gets a stable error code and a message saying what to
// fix, leaves nothing half-made on the media worker, and disturbs nobody else in the room.
import { io as connect } from 'socket.io-client';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import { SignallingClient, startTestCourt, waitFor } from '../helpers/courtHarness.js';
import { HearingCase } from '../helpers/hearingCase.js';
import { NodeMediaParticipant } from '../helpers/nodeMediaClient.js';

let court: RunningCourtServer;
/** A fresh case for each test: its hearing room is the test's own. */
let hearing: HearingCase;
const closers: Array<{ close(): void }> = [];

async function signalling(name: string) {
  const client = await SignallingClient.connect(court.url, await hearing.pass(name));
  closers.push(client);
  return client;
}

async function participant(name: string) {
  const p = await NodeMediaParticipant.join(court.url, await hearing.pass(name), hearing.hearingId, hearing.admitting);
  closers.push(p);
  return p;
}

/** Joins the hearing and has the judge admit the client from the lobby. */
async function joinAdmitted(client: SignallingClient) {
  const joined = await client.request('hearing:join', { hearingId: hearing.hearingId });
  const seated = client.next('courtroom:seated');
  await hearing.admit(joined.self.participantId);
  await seated;
  return joined;
}

function inventory(roomId: string) {
  const room = court.rooms.get(roomId);
  if (!room) throw new Error(`room ${roomId} is not open`);
  return room.mediaInventory();
}

beforeAll(async () => {
  court = await startTestCourt();
});

beforeEach(async () => {
  hearing = await HearingCase.open(court);
});

afterEach(() => {
  for (const c of closers.splice(0)) c.close();
});

afterAll(async () => {
  await court.close();
});

describe('identity', () => {
  test('a connection without a valid session token is refused with UNAUTHENTICATED', async () => {
    await expect(SignallingClient.connect(court.url, undefined)).rejects.toMatchObject({
      data: { code: 'UNAUTHENTICATED', message: expect.stringContaining('auth { token') },
    });
    await expect(SignallingClient.connect(court.url, 'forged.token.value')).rejects.toMatchObject({ data: { code: 'UNAUTHENTICATED' } });
  });

  test('a participant cannot join the hearing of a case they do not take part in', async () => {
    const elsewhere = await HearingCase.open(court);
    const client = await signalling('Ms Souza');
    await expect(client.send('hearing:join', { hearingId: elsewhere.hearingId })).resolves.toMatchObject({
      ok: false,
      error: { code: 'NOT_A_CASE_PARTICIPANT' },
    });
    expect(court.rooms.get(elsewhere.hearingId)).toBeUndefined();
    // Refusal is not lasting: their own case's hearing is open to them.
    await expect(client.send('hearing:join', { hearingId: hearing.hearingId })).resolves.toMatchObject({ ok: true });
  });

  test('an observer joins the public gallery but may never send media', async () => {
    const speaker = await participant('Counsel Chen');
    await speaker.sendMicrophone();
    const observer = await NodeMediaParticipant.join(court.url, await hearing.pass('Press', 'observer'), hearing.hearingId, { receiveOnly: true, ...hearing.admitting });
    closers.push(observer);
    expect(observer.joined.self.role).toBe('observer');
    await expect(observer.signalling.send('transport:create', { direction: 'send' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'an observer may not send (media) in this case' },
    });
    const recv = observer.recvTransport.id;
    await expect(
      observer.signalling.send('producer:create', {
        transportId: recv,
        kind: 'audio',
        source: 'microphone',
        rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000 }] },
      }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await inventory(hearing.hearingId)).producers).toBe(1);
    const denials = (await court.court.audit.ofCase(hearing.caseId)).filter((line) => line.outcome === 'denied');
    expect(denials).toEqual([
      expect.objectContaining({ action: 'media.send', role: 'observer', code: 'FORBIDDEN', via: 'socket' }),
      expect.objectContaining({ action: 'media.send', role: 'observer', code: 'FORBIDDEN', via: 'socket' }),
    ]);
    // Receiving is allowed.
    const [announced] = observer.announcedProducers.length > 0 ? observer.announcedProducers : observer.joined.producers;
    await expect(observer.consume(announced!.producerId)).resolves.toBeDefined();
  });

  test('the same participant joining from a second window takes over from the first, keeping their seat', async () => {
    const token = await hearing.pass('Ms Souza');
    const first = await SignallingClient.connect(court.url, token);
    closers.push(first);
    await joinAdmitted(first);
    const dropped = new Promise((resolve) => first.socket.once('disconnect', resolve));
    const second = await SignallingClient.connect(court.url, token);
    closers.push(second);
    const again = await second.request('hearing:join', { hearingId: hearing.hearingId });
    await dropped;
    expect(again.seat).toBe('main'); // no second trip through the lobby
    await new Promise((resolve) => setTimeout(resolve, 100)); // the first socket's leaving has run
    expect(court.rooms.get(hearing.hearingId)?.participantCount).toBe(1);
    await expect(second.send('transport:create', { direction: 'recv' })).resolves.toMatchObject({ ok: true });
  });
});

describe('malformed and oversized payloads', () => {
  test('a payload of the wrong shape is refused with INVALID_PAYLOAD naming the field to fix', async () => {
    const client = await signalling('Ms Souza');
    await expect(client.send('hearing:join', { hearingId: 42 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD', message: expect.stringContaining('hearingId') },
    });
    await expect(client.send('hearing:join', 'room-1')).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    await expect(client.send('hearing:join', { hearingId: '../../etc' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD', message: expect.stringContaining('UUID') },
    });
    await expect(client.send('hearing:join', { hearingId: hearing.hearingId, admin: true })).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });
    // The socket is still usable afterwards.
    await expect(client.send('hearing:join', { hearingId: hearing.hearingId })).resolves.toMatchObject({ ok: true });
  });

  test('an oversized payload is refused with PAYLOAD_TOO_LARGE and the room carries on', async () => {
    const bystander = await participant('Judge Li');
    const client = await signalling('Mr Okafor');
    await client.request('hearing:join', { hearingId: hearing.hearingId });
    const huge = { direction: 'send', padding: 'x'.repeat(100_000) };
    await expect(client.send('transport:create', huge)).resolves.toMatchObject({
      ok: false,
      error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('65536') },
    });
    await expect(bystander.signalling.request('media:stats', {})).resolves.toBeDefined();
  });

  test('a payload over the transport limit only disconnects its sender', async () => {
    const bystander = await participant('Judge Li');
    const raw = connect(court.url, { auth: { token: await hearing.pass('Flooder') }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise((r) => raw.once('connect', () => r(undefined)));
    const disconnected = new Promise((r) => raw.once('disconnect', r));
    raw.emit('hearing:join', { hearingId: 'x'.repeat(2_000_000) }, () => {});
    await disconnected;
    await expect(bystander.signalling.request('media:stats', {})).resolves.toBeDefined();
  });

  test('an event sent without an acknowledgement callback is answered with signalling:error MISSING_ACK', async () => {
    const client = await signalling('Ms Souza');
    const error = client.next('signalling:error');
    (client.socket.emit as (event: string, payload: unknown) => void)('hearing:join', { hearingId: hearing.hearingId });
    await expect(error).resolves.toMatchObject({ code: 'MISSING_ACK' });
    expect(court.rooms.get(hearing.hearingId)).toBeUndefined();
  });
});

describe('joining', () => {
  test('media requests before joining are refused with NOT_IN_HEARING', async () => {
    const client = await signalling('Ms Souza');
    await expect(client.send('transport:create', { direction: 'send' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'NOT_IN_HEARING' },
    });
  });

  test('joining twice from one socket is refused with ALREADY_JOINED, even when both joins race', async () => {
    const client = await signalling('Ms Souza');
    const [first, second] = await Promise.all([
      client.send('hearing:join', { hearingId: hearing.hearingId }),
      client.send('hearing:join', { hearingId: hearing.hearingId }),
    ]);
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    expect([first, second].find((r) => !r.ok)).toMatchObject({ error: { code: 'ALREADY_JOINED' } });
    const another = await HearingCase.open(court);
    await expect(client.send('hearing:join', { hearingId: another.hearingId })).resolves.toMatchObject({
      ok: false,
      error: { code: 'ALREADY_JOINED', message: expect.stringContaining(hearing.hearingId) },
    });
    expect((await court.courtrooms.get(hearing.hearingId))?.courtroom.attendees()).toHaveLength(1);
    expect(court.rooms.get(another.hearingId)).toBeUndefined();
  });
});

describe('ids that are unknown or belong to someone else', () => {
  test("using another participant's transport, producer or consumer is refused and theirs keeps working", async () => {
    const victim = await participant('Judge Li');
    const other = await participant('Counsel Chen');
    const attacker = await participant('Mr Mallory');
    const mic = await victim.sendMicrophone();
    const { options: consumed } = await other.consume(mic.id);
    const dtlsParameters = { fingerprints: [{ algorithm: 'sha-256', value: 'AA:BB' }] };

    const attempts = await Promise.all([
      attacker.signalling.send('transport:connect', { transportId: victim.recvTransport.id, dtlsParameters }),
      attacker.signalling.send('transport:restartIce', { transportId: victim.sendTransport.id }),
      attacker.signalling.send('producer:create', {
        transportId: victim.sendTransport.id,
        kind: 'audio',
        source: 'microphone',
        rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000 }] },
      }),
      attacker.signalling.send('consumer:create', {
        transportId: victim.recvTransport.id,
        producerId: mic.id,
        rtpCapabilities: attacker.device.rtpCapabilities,
      }),
      attacker.signalling.send('producer:pause', { producerId: mic.id }),
      attacker.signalling.send('producer:close', { producerId: mic.id }),
      attacker.signalling.send('consumer:resume', { consumerId: consumed.consumerId }),
      attacker.signalling.send('consumer:setPreferredLayers', { consumerId: consumed.consumerId, spatialLayer: 0 }),
    ]);
    expect(attempts.map((a) => (a.ok ? 'ok' : a.error.code))).toEqual([
      'NOT_YOUR_TRANSPORT',
      'NOT_YOUR_TRANSPORT',
      'NOT_YOUR_TRANSPORT',
      'NOT_YOUR_TRANSPORT',
      'NOT_YOUR_PRODUCER',
      'NOT_YOUR_PRODUCER',
      'NOT_YOUR_CONSUMER',
      'NOT_YOUR_CONSUMER',
    ]);
    const published = court.rooms.get(hearing.hearingId)!.publishedProducers();
    expect(published).toEqual([expect.objectContaining({ producerId: mic.id, paused: false })]);
    const stats = await other.signalling.request('media:stats', {});
    expect(stats.consumers.map((c) => c.consumerId)).toEqual([consumed.consumerId]);
  });

  test('ids that do not exist are refused with *_NOT_FOUND', async () => {
    const client = await participant('Ms Souza');
    const results = await Promise.all([
      client.signalling.send('transport:restartIce', { transportId: 'no-such-transport' }),
      client.signalling.send('producer:pause', { producerId: 'no-such-producer' }),
      client.signalling.send('consumer:resume', { consumerId: 'no-such-consumer' }),
      client.signalling.send('consumer:create', {
        transportId: client.recvTransport.id,
        producerId: 'no-such-producer',
        rtpCapabilities: client.device.rtpCapabilities,
      }),
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
      'TRANSPORT_NOT_FOUND',
      'PRODUCER_NOT_FOUND',
      'CONSUMER_NOT_FOUND',
      'PRODUCER_NOT_FOUND',
    ]);
  });
});

describe('media the server cannot accept', () => {
  test('consuming with capabilities that cannot receive the producer is refused with CANNOT_CONSUME and leaves no consumer', async () => {
    const sender = await participant('Counsel Chen');
    const viewer = await participant('Ms Souza');
    const camera = await sender.sendCamera();
    const audioOnly = {
      codecs: viewer.device.rtpCapabilities.codecs?.filter((c) => c.kind === 'audio'),
      headerExtensions: viewer.device.rtpCapabilities.headerExtensions,
    };
    const before = await inventory(hearing.hearingId);
    await expect(
      viewer.signalling.send('consumer:create', { transportId: viewer.recvTransport.id, producerId: camera.id, rtpCapabilities: audioOnly }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'CANNOT_CONSUME', message: expect.stringContaining('cannot receive') } });
    expect(await inventory(hearing.hearingId)).toEqual(before);
  });

  test('consuming your own producer, or producing on a receive transport, is refused', async () => {
    const party = await participant('Ms Souza');
    const mic = await party.sendMicrophone();
    await expect(
      party.signalling.send('consumer:create', { transportId: party.recvTransport.id, producerId: mic.id, rtpCapabilities: party.device.rtpCapabilities }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'CANNOT_CONSUME_OWN_PRODUCER' } });
    await expect(
      party.signalling.send('producer:create', {
        transportId: party.recvTransport.id,
        kind: 'video',
        source: 'camera',
        rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }] },
      }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'TRANSPORT_DIRECTION_MISMATCH' } });
  });

  test('RTP parameters the router cannot use are refused with MEDIA_REJECTED and produce nothing', async () => {
    const party = await participant('Ms Souza');
    const watcher = await participant('Judge Li');
    const announced: string[] = [];
    watcher.signalling.socket.on('producer:added', (p) => announced.push(p.producerId));
    const result = await party.signalling.send('producer:create', {
      transportId: party.sendTransport.id,
      kind: 'video',
      source: 'camera',
      rtpParameters: { codecs: [{ mimeType: 'video/NOPE', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc: 1111 }] },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'MEDIA_REJECTED' } });
    expect((await inventory(hearing.hearingId)).producers).toBe(0);
    expect(announced).toEqual([]);
  });

  test('a second camera from the same participant is refused with PRODUCER_LIMIT_REACHED', async () => {
    const party = await participant('Ms Souza');
    await party.sendCamera();
    await expect(party.sendCamera()).rejects.toThrow('PRODUCER_LIMIT_REACHED');
    expect((await inventory(hearing.hearingId)).producers).toBe(1);
  });

  test('a participant cannot pile up transports: TRANSPORT_LIMIT_REACHED', async () => {
    const client = await signalling('Ms Souza');
    await joinAdmitted(client);
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await client.send('transport:create', { direction: 'recv' }));
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'ok', 'ok', 'ok', 'TRANSPORT_LIMIT_REACHED', 'TRANSPORT_LIMIT_REACHED']);
    expect((await inventory(hearing.hearingId)).transports).toBe(4);
  });
});

describe('a client that disconnects in the middle of a handshake', () => {
  test('leaves no transports, producers or consumers behind, and the others carry on', async () => {
    const judge = await participant('Judge Li');
    const judgeMic = await judge.sendMicrophone();
    const baseline = await inventory(hearing.hearingId);

    const quitter = await signalling('Mr Okafor');
    await joinAdmitted(quitter);
    const transport = await quitter.request('transport:create', { direction: 'recv' });
    // Ask for more and vanish before any answer arrives.
    void quitter.send('transport:create', { direction: 'send' }).catch(() => {});
    void quitter.send('consumer:create', { transportId: transport.transportId, producerId: judgeMic.id, rtpCapabilities: judge.device.rtpCapabilities }).catch(() => {});
    quitter.close();

    await waitFor(async () => {
      const now = await inventory(hearing.hearingId);
      return now.transports === baseline.transports && now.consumers === baseline.consumers;
    }, 'the quitter\'s transports and consumers to be closed');
    expect(court.rooms.get(hearing.hearingId)?.participantCount).toBe(1);
    await expect(judge.signalling.request('producer:pause', { producerId: judgeMic.id })).resolves.toEqual({ paused: true });
  });

  test('a join cut off by a disconnect leaves no participant and no room', async () => {
    const quitter = await signalling('Mr Okafor');
    void quitter.send('hearing:join', { hearingId: hearing.hearingId }).catch(() => {});
    quitter.close();
    await waitFor(() => court.rooms.get(hearing.hearingId) === undefined, 'the cut-off room to close');
    await new Promise((r) => setTimeout(r, 200));
    expect(court.rooms.get(hearing.hearingId)).toBeUndefined();
  });
});
