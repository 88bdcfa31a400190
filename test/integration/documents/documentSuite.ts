// The hooks every documents suite shares: one court for the suite (with a sign-in limit its many
// sign-ins stay under) and a seeded case, and the y-websocket peers its tests open, destroyed
// after each test. Call documentSuite() at the top of the file; its beforeAll runs before any the
// file adds, so `server` and `seeded` are there for them.
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { startTestCourt } from '../../helpers/courtHarness.js';
import { seedCase, type SeededCase } from '../../helpers/caseRecordClient.js';
import { openPeer, type DocumentPeer } from '../../helpers/documentClient.js';

export interface DocumentSuite {
  /** The suite's court (from its beforeAll on). */
  readonly server: RunningCourtServer;
  /** Its seeded case: a judge, the parties and their tokens. */
  readonly seeded: SeededCase;
  /** A real y-websocket client of the document, signed in as one of the seeded case's people. */
  peer(documentId: string, role: keyof SeededCase['as']): Promise<DocumentPeer>;
  /** Peers opened otherwise, to be destroyed after the test with the rest. */
  track(...peers: DocumentPeer[]): void;
}

export function documentSuite(): DocumentSuite {
  let server: RunningCourtServer | undefined;
  let seeded: SeededCase | undefined;
  const peers: DocumentPeer[] = [];

  beforeAll(async () => {
    server = await startTestCourt({}, { policy: { signInPerAddress: { attempts: 1000, windowMs: 60_000 } } });
    seeded = await seedCase(server);
  });
  afterEach(() => {
    for (const peer of peers.splice(0)) peer.destroy();
  });
  afterAll(async () => {
    await server?.close();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the documents suite has not started yet (use it in a test or a hook)');
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get seeded() {
      return started(seeded);
    },
    async peer(documentId, role) {
      const opened = await openPeer(started(server), documentId, started(seeded).as[role].token);
      peers.push(opened);
      return opened;
    },
    track(...opened) {
      peers.push(...opened);
    },
  };
}
