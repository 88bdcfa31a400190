// The reference of the document benchmark: the y-websocket 2.1 package's own server utilities
// (bin/utils.cjs `setupWSConnection`), set up as its bin/server.cjs does (an `http` server, a
// `ws` WebSocketServer without a server of its own, every upgrade accepted), without persistence
// (YPERSISTENCE unset) and without callbacks. No authentication, no permissions, nothing stored:
// it relays each update to every connection of the document (the sender's too) as it arrives.
//
// utils.cjs loads the CommonJS build of yjs; this module is imported only by a reference server
// process (docsBenchServer.ts), which loads nothing of the court (nor the ES module yjs).
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { nowMs, type BenchDocument, type Load } from './docsBenchProtocol.js';

export interface ReferenceUnderTest {
  readonly url: string;
  readonly documents: BenchDocument[];
  readonly setupMs: number;
  close(): Promise<void>;
}

interface ReferenceUtils {
  setupWSConnection(conn: unknown, req: unknown, options?: { docName?: string; gc?: boolean }): void;
  docs: Map<string, { conns: Map<unknown, unknown>; destroy(): void }>;
}

export async function startReferenceUnderTest(load: Load): Promise<ReferenceUnderTest> {
  const started = nowMs();
  delete process.env.YPERSISTENCE;
  delete process.env.CALLBACK_URL;
  const utils = createRequire(import.meta.url)('y-websocket/bin/utils') as ReferenceUtils;
  const httpServer = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/plain' });
    response.end('okay');
  });
  const wss = new WebSocketServer({ noServer: true });
  wss.on('connection', utils.setupWSConnection);
  httpServer.on('upgrade', (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  // The document's name is its path ("docs/<id>"); the body fragment's language is the court's default.
  const documents: BenchDocument[] = Array.from({ length: load.documents }, () => ({
    documentId: randomUUID(),
    language: 'en',
    tokens: new Array<undefined>(load.clientsPerDocument).fill(undefined),
  }));
  return {
    url: `http://127.0.0.1:${port}`,
    documents,
    setupMs: nowMs() - started,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      for (const doc of utils.docs.values()) doc.destroy();
      utils.docs.clear();
    },
  };
}
