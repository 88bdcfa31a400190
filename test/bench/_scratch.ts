import { startTestCourt } from '../helpers/courtHarness.js';
import { NodeMediaParticipant } from '../helpers/nodeMediaClient.js';

const court = await startTestCourt({ MEDIA_WORKERS: '1' });
const t0 = performance.now();
const a = await NodeMediaParticipant.join(court.url, 'A', 'r1');
console.log('join A', performance.now() - t0);
await a.sendMicrophone();
await a.sendCamera({ simulcast: false, width: 320, height: 180 });
await new Promise((r) => setTimeout(r, 1000));
const t1 = performance.now();
const b = await NodeMediaParticipant.join(court.url, 'B', 'r1');
console.log('join B', performance.now() - t1, b.joined.producers.length);
for (const p of b.joined.producers) {
  const { consumer } = await b.consume(p.producerId);
  console.log('consumed', p.kind, performance.now() - t1);
}
for (let i = 0; i < 10; i++) {
  const stats = await b.recvTransport.getStats();
  const inb: any[] = [];
  stats.forEach((s: any) => { if (s.type === 'inbound-rtp') inb.push({ kind: s.kind, bytes: s.bytesReceived, pk: s.packetsReceived, fd: s.framesDecoded, fr: s.framesReceived, lost: s.packetsLost }); });
  console.log(Math.round(performance.now() - t1), JSON.stringify(inb));
  await new Promise((r) => setTimeout(r, 100));
}
const room = court.rooms.get('r1')!;
const st = await room.stats(b.participantId);
console.log(JSON.stringify(st.consumers, null, 1).slice(0, 3000));
const sa = await room.stats(a.participantId);
console.log(JSON.stringify(sa.producers, null, 1).slice(0, 3000));
console.log(await court.pool.workers[0]!.worker.getResourceUsage());
// track events?
const c = [...b.consumers.values()][1]!;
console.log(Object.keys(c.track), typeof (c.track as any).onunmute);
a.close(); b.close();
await court.close();
process.exit(0);
