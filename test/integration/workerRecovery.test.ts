// A media worker that dies is replaced, its hearing rooms are rebuilt on a live worker, the
// participants are told to reconnect their media, and the server process carries on.
import type { RunningCourtServer } from '../../server/CourtServer.js';
import { startTestCourt, waitFor } from '../helpers/courtHarness.js';
import { HearingCase } from '../helpers/hearingCase.js';
import { NodeMediaParticipant } from '../helpers/nodeMediaClient.js';

let court: RunningCourtServer;
const participants: NodeMediaParticipant[] = [];

beforeEach(async () => {
  court = await startTestCourt({ MEDIA_WORKERS: '2' });
});

afterEach(async () => {
  for (const p of participants.splice(0)) p.close();
  await court.close();
});

async function packetsTo(viewer: NodeMediaParticipant, consumerId: string): Promise<number> {
  const { consumers } = await viewer.signalling.request('media:stats', {});
  const stats = (consumers.find((c) => c.consumerId === consumerId)?.stats ?? []) as Array<{ type: string; packetCount?: number }>;
  return stats.find((s) => s.type === 'outbound-rtp')?.packetCount ?? 0;
}

test('when the worker under a hearing dies, the room comes back on a live worker and everyone is told to reconnect', async () => {
  const hearing = await HearingCase.open(court);
  const judge = await NodeMediaParticipant.join(court.url, await hearing.judgePass(), hearing.hearingId);
  const party = await NodeMediaParticipant.join(court.url, await hearing.pass('Ms Souza'), hearing.hearingId, hearing.admitting);
  participants.push(judge, party);
  const mic = await party.sendMicrophone();
  await judge.consume(mic.id);

  const room = court.rooms.get(hearing.hearingId)!;
  const deadPid = room.mediaWorker.worker.pid;
  const oldRouterId = room.routerId;
  const toldJudge = judge.signalling.next('media:reconnect');
  const toldParty = party.signalling.next('media:reconnect');
  process.kill(deadPid, 'SIGKILL');

  const [judgeNotice] = await Promise.all([toldJudge, toldParty]);
  expect(judgeNotice).toMatchObject({ code: 'MEDIA_WORKER_RESTARTED', reason: expect.stringMatching(/restarted/) });
  expect(judgeNotice.routerRtpCapabilities.codecs?.length).toBeGreaterThan(0);
  expect(room.routerId).not.toBe(oldRouterId);
  expect(room.mediaWorker.worker.pid).not.toBe(deadPid);
  expect(room.mediaWorker.worker.died).toBe(false);
  // The dead worker was replaced: the pool is back to full strength and ready.
  await waitFor(() => court.pool.workers.length === 2 && court.pool.healthy, 'a replacement worker');
  expect(court.pool.workers.map((w) => w.worker.pid)).not.toContain(deadPid);
  const ready = await fetch(`${court.url}/readyz`);
  expect(ready.status).toBe(200);

  // Both stayed in the hearing; they rebuild their media and hear each other again.
  await Promise.all([judge.reconnectMedia(), party.reconnectMedia()]);
  const newMic = await party.sendMicrophone();
  const { options } = await judge.consume(newMic.id);
  const first = await waitFor(() => packetsTo(judge, options.consumerId), 'audio on the rebuilt room', 15_000);
  await new Promise((r) => setTimeout(r, 500));
  expect(await packetsTo(judge, options.consumerId)).toBeGreaterThan(first);
  expect(court.rooms.get(hearing.hearingId)?.participantCount).toBe(2);
});

test('rooms on the surviving worker are not disturbed when another worker dies', async () => {
  // Two rooms: the least-loaded rule puts them on different workers.
  const [caseA, caseB] = [await HearingCase.open(court, 'Judge Li'), await HearingCase.open(court, 'Judge Ito')];
  const a = await NodeMediaParticipant.join(court.url, await caseA.judgePass(), caseA.hearingId);
  const b = await NodeMediaParticipant.join(court.url, await caseB.judgePass(), caseB.hearingId);
  participants.push(a, b);
  const roomA = court.rooms.get(caseA.hearingId)!;
  const roomB = court.rooms.get(caseB.hearingId)!;
  expect(roomA.mediaWorker.index).not.toBe(roomB.mediaWorker.index);
  const routerB = roomB.routerId;
  let bTold = false;
  b.signalling.socket.on('media:reconnect', () => (bTold = true));
  const aTold = a.signalling.next('media:reconnect');
  process.kill(roomA.mediaWorker.worker.pid, 'SIGKILL');
  await aTold;
  await new Promise((r) => setTimeout(r, 300));
  expect(bTold).toBe(false);
  expect(roomB.routerId).toBe(routerB);
});
