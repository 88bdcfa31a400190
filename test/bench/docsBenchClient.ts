// A client process of the document benchmark, driven over IPC by docs.bench.ts: many real
// y-websocket WebsocketProviders (yjs 13, ws as their WebSocket, as test/helpers/documentClient.ts
// opens them), each one person editing a document.
//
// Each client first adds a paragraph of its own to the document's body fragment (`body:<lang>`,
// as the editor lays it out: documentContent.ts), before any clock; then, at a steady rate, it
// types a short stamp at the end of its paragraph: `<client>.<seq>§<ms>§ `, where ms is the
// machine's monotonic clock when the edit is made. Every other client of the document, once its
// provider has applied the update, reads the stamps in it and records now − ms: the fan-out
// latency, from one person's edit to another person's document, through the server.
//
// The stamps are read from the update's bytes (a Yjs update holds inserted text as UTF-8; § is
// 0xC2 0xA7, which the digits between two of them make unmistakable), not by decoding it again:
// at 10,000 deliveries a second, a second decoding would be a third of the clients' work, and the
// clients share the machine with the server under test.
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { record } from './docsBenchLatency.js';
import { nowMs, type ClientProgress, type ClientReport, type ClientSpec, type FromClient, type Histogram, type ToClient } from './docsBenchProtocol.js';

const send = (message: FromClient) => process.send?.(message);
// Every WebsocketProvider adds a process 'exit' listener of its own.
process.setMaxListeners(0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const MARK = [0xc2, 0xa7] as const;
/** An edit whose timer fired this late counts as one the process was too busy to make on time. */
const LATE_MS = 100;

interface Client {
  readonly spec: ClientSpec;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly fragment: Y.XmlFragment;
  text: Y.XmlText | undefined;
  seq: number;
}

let clients: Client[] = [];
let counted = { from: Infinity, to: -Infinity };
let latency: Histogram = {};
let seen = 0;
let sentByDocument: Record<number, number> = {};
let troubles: Record<string, number> = {};
let lateEdits = 0;
let editing: NodeJS.Timeout | undefined;
/** Closing on purpose: the closes that follow are not troubles. */
let resetting = false;

const trouble = (what: string) => {
  if (!resetting) troubles[what] = (troubles[what] ?? 0) + 1;
};

/** The stamps of others' edits in an update this client received; those made within the window are counted. */
function observe(update: Uint8Array): void {
  const now = nowMs();
  const end = update.length - 1;
  for (let i = 0; i < end; i++) {
    if (update[i] !== MARK[0] || update[i + 1] !== MARK[1]) continue;
    let j = i + 2;
    while (j < end && ((update[j]! >= 0x30 && update[j]! <= 0x39) || update[j] === 0x2e)) j++;
    if (j === i + 2 || update[j] !== MARK[0] || update[j + 1] !== MARK[1]) continue;
    const at = Number(String.fromCharCode(...update.subarray(i + 2, j)));
    i = j + 1;
    if (at < counted.from || at >= counted.to) continue;
    record(latency, now - at);
    seen++;
  }
}

function open(url: string, spec: ClientSpec, timeoutMs: number): Promise<Client> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/docs`, spec.documentId, doc, {
    WebSocketPolyfill: WebSocket as never,
    params: spec.token === undefined ? {} : { token: spec.token },
    // In Node a BroadcastChannel would join the clients of one process behind the server's back.
    disableBc: true,
    maxBackoffTime: 1000,
  });
  const client: Client = { spec, doc, provider, fragment: doc.getXmlFragment(`body:${spec.language}`), text: undefined, seq: 0 };
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === provider) observe(update);
  });
  return new Promise((resolve, reject) => {
    let synced = false;
    const timer = setTimeout(() => {
      provider.destroy();
      reject(new Error(`client ${spec.clientIndex} of document ${spec.documentId} did not sync within ${timeoutMs} ms`));
    }, timeoutMs);
    provider.on('sync', (isSynced: boolean) => {
      if (!isSynced || synced) return;
      synced = true;
      clearTimeout(timer);
      resolve(client);
    });
    provider.on('connection-close', (event: { code: number } | null) => {
      if (synced) trouble(`connection closed (${event?.code ?? 'no code'})`);
    });
    provider.on('connection-error', () => {
      if (synced) trouble('connection error');
    });
  });
}

async function connect(message: Extract<ToClient, { type: 'connect' }>): Promise<number[]> {
  resetting = false;
  const connectMs: number[] = [];
  let next = 0;
  // A few upgrades in flight at a time: thousands of SYNs at once would overflow the listen
  // backlog and measure the kernel's retry timer, not the server.
  const worker = async () => {
    while (next < message.clients.length) {
      const spec = message.clients[next++]!;
      const started = nowMs();
      clients.push(await open(message.url, spec, message.timeoutMs));
      connectMs.push(nowMs() - started);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, message.concurrency) }, worker));
  return connectMs;
}

function randomHex(bytes: number): string {
  let out = '';
  for (let i = 0; i < bytes; i++) out += Math.floor(Math.random() * 256).toString(16).padStart(2, '0');
  return out;
}

/** Each client's own paragraph, as the editor makes one: a `paragraph` element with a paragraph id, holding its text. */
async function prepare(message: Extract<ToClient, { type: 'prepare' }>): Promise<void> {
  for (const client of clients) {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.setAttribute('pid', randomHex(8));
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    client.fragment.push([paragraph]);
    client.text = text;
  }
  const deadline = nowMs() + message.timeoutMs;
  for (;;) {
    const behind = clients.filter((c) => c.fragment.length < message.paragraphs).length;
    if (behind === 0) return;
    if (nowMs() > deadline) throw new Error(`${behind} of ${clients.length} clients did not see all ${message.paragraphs} paragraphs within ${message.timeoutMs} ms`);
    await sleep(50);
  }
}

/** mulberry32: the same phases for both servers in a round. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function edit(client: Client): void {
  const at = nowMs();
  client.text!.insert(client.text!.length, `${client.spec.clientIndex}.${client.seq++}§${at.toFixed(3)}§ `);
  if (at >= counted.from && at < counted.to) sentByDocument[client.spec.documentIndex] = (sentByDocument[client.spec.documentIndex] ?? 0) + 1;
}

/**
 * One timer chain for the whole process: client k edits at startAtMs + phase_k + r × interval.
 * Sorted by phase, the clients take their turns in a cycle; every edit due is made, then the chain
 * sleeps until the next.
 */
function go(message: Extract<ToClient, { type: 'go' }>): void {
  counted = { from: message.windowStartMs, to: message.windowEndMs };
  const random = seeded(message.seed);
  const phases = new Map<number, number>();
  // Phases drawn for every client index up to the largest here, so a client's phase does not depend on the process it is in.
  const largest = Math.max(...clients.map((c) => c.spec.clientIndex));
  for (let i = 0; i <= largest; i++) phases.set(i, random() * message.intervalMs);
  const order = [...clients].sort((a, b) => phases.get(a.spec.clientIndex)! - phases.get(b.spec.clientIndex)!);
  let k = 0;
  let cycle = 0;
  const due = () => message.startAtMs + phases.get(order[k]!.spec.clientIndex)! + cycle * message.intervalMs;
  const tick = () => {
    const now = nowMs();
    for (let at = due(); at <= now; at = due()) {
      if (at >= message.windowEndMs) return;
      if (now - at > LATE_MS && at >= counted.from) lateEdits++;
      edit(order[k]!);
      if (++k === order.length) {
        k = 0;
        cycle++;
      }
    }
    if (due() < message.windowEndMs) editing = setTimeout(tick, Math.max(0, due() - nowMs()));
  };
  editing = setTimeout(tick, Math.max(0, message.startAtMs - nowMs()));
}

function progress(): ClientProgress {
  return { sentByDocument, seen };
}

function report(): ClientReport {
  return { ...progress(), latency, troubles, lateEdits };
}

function reset(): void {
  resetting = true;
  clearTimeout(editing);
  for (const client of clients) {
    client.provider.destroy();
    client.doc.destroy();
  }
  clients = [];
  counted = { from: Infinity, to: -Infinity };
  latency = {};
  seen = 0;
  sentByDocument = {};
  troubles = {};
  lateEdits = 0;
}

process.on('message', (message: ToClient) => {
  void (async () => {
    try {
      switch (message.type) {
        case 'connect':
          send({ type: 'connected', connectMs: await connect(message) });
          break;
        case 'prepare':
          await prepare(message);
          send({ type: 'prepared' });
          break;
        case 'go':
          go(message);
          break;
        case 'progress':
          send({ type: 'progress', progress: progress() });
          break;
        case 'report':
          send({ type: 'report', report: report() });
          break;
        case 'reset':
          reset();
          send({ type: 'reset' });
          break;
        case 'close':
          reset();
          send({ type: 'closed' });
          setTimeout(() => process.exit(0), 50);
          break;
      }
    } catch (error) {
      send({ type: 'error', message: (error as Error).stack ?? String(error) });
    }
  })();
});

// The parent went away: do not linger with open connections.
process.on('disconnect', () => process.exit(0));

send({ type: 'ready' });
