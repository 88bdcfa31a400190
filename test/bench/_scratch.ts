import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startTestCourt } from '../helpers/courtHarness.js';
import { NodeMediaParticipant, syntheticCamera } from '../helpers/nodeMediaClient.js';

const N = Number(process.env.N ?? 17);
const court = await startTestCourt({ MEDIA_WORKERS: '1' });
const worker = court.pool.workers[0]!.worker;
const ps: NodeMediaParticipant[] = [];
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  const p = await NodeMediaParticipant.join(court.url, 'P' + i, 'r1');
  await p.sendMicrophone();
  const cam = syntheticCamera(320, 180, 10);
  const prod = await p.sendTransport.produce({ track: cam.track, appData: { source: 'camera' } });
  p.producers.set(prod.id, prod);
  ps.push(p);
}
console.log('joined+produced', Math.round(performance.now() - t0));
const all = ps.flatMap((p) => [...p.producers.values()].map((pr) => ({ owner: p, id: pr.id })));
await Promise.all(ps.map(async (p) => { for (const x of all) if (x.owner !== p) await p.consume(x.id); }));
const room = court.rooms.get('r1')!;
console.log('consumers', room.consumerCount, Math.round(performance.now() - t0));
const el = monitorEventLoopDelay({ resolution: 10 }); el.enable();
const cpu = () => { const l = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number); const idle = l[3]! + l[4]!; const tot = l.reduce((a, b) => a + b, 0); return { idle, tot }; };
async function snap() { let sent = 0, lost = 0, pin = 0, plost = 0; for (const p of ps) { const s = await room.stats(p.participantId); for (const c of s.consumers) for (const x of c.stats as any[]) if (x.type === 'outbound-rtp') { sent += x.packetCount; lost += x.packetsLost; } for (const c of s.producers) for (const x of c.stats as any[]) if (x.type === 'inbound-rtp') { pin += x.packetCount; plost += x.packetsLost; } } return { sent, lost, pin, plost }; }
await new Promise((r) => setTimeout(r, 3000));
{ const { readdirSync } = await import('node:fs');
  const threads = () => { const m = new Map<string, number>(); for (const t of readdirSync('/proc/self/task')) { try { const st = readFileSync(`/proc/self/task/${t}/stat`, 'utf8'); const name = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')')).replace(/[0-9]+$/, ''); const f = st.slice(st.lastIndexOf(')') + 2).split(' '); m.set(name, (m.get(name) ?? 0) + Number(f[11]) + Number(f[12])); } catch {} } return m; };
  const a = threads(); await new Promise((r) => setTimeout(r, 5000)); const b = threads();
  const rows = [...b].map(([k, v]) => [k, (v - (a.get(k) ?? 0)) / 5]).filter((r) => (r[1] as number) > 0).sort((x, y) => (y[1] as number) - (x[1] as number));
  console.log('threads % (ticks/s)', JSON.stringify(rows));
  const wp = worker.pid; const ws = (readFileSync(`/proc/${wp}/stat`, 'utf8'));
}
const s0 = await snap(); const c0 = cpu(); const r0 = await worker.getResourceUsage(); const w0 = performance.now(); const pc0 = process.cpuUsage();
for (let i = 0; i < 10; i++) {
  const a = cpu(); const ra = await worker.getResourceUsage(); const wa = performance.now();
  await new Promise((r) => setTimeout(r, 1000));
  const b = cpu(); const rb = await worker.getResourceUsage(); const wb = performance.now();
  console.log('machine busy %', Math.round(100 * (1 - (b.idle - a.idle) / (b.tot - a.tot))), 'worker %', Math.round((rb.ru_utime + rb.ru_stime - ra.ru_utime - ra.ru_stime) / (wb - wa) * 100));
}
const s1 = await snap(); const pc1 = process.cpuUsage(pc0);
console.log('node proc cpu %', Math.round((pc1.user + pc1.system) / 1000 / (performance.now() - w0) * 100));
console.log('delta', { sent: s1.sent - s0.sent, lost: s1.lost - s0.lost, pin: s1.pin - s0.pin, plost: s1.plost - s0.plost });
console.log('eventloop p50/p99 ms', el.percentile(50) / 1e6, el.percentile(99) / 1e6, 'max', el.max / 1e6);
for (const p of ps) p.close();
await court.close();
process.exit(0);
