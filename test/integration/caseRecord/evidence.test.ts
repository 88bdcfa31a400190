// Evidence over the real REST API of a running node: filing, storage once per content, refused
// uploads that change nothing, who may do what, downloads and ranges, the chain of custody, the
// audit log, and withdrawal.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { allowedRoles } from '../../../server/domain/access/permissions.js';
import { CASE_ROLES, type CaseRole } from '../../../server/domain/access/roles.js';
import { startTestCourt, waitFor } from '../../helpers/courtHarness.js';
import { fileEvidence, seedCase, type ApiClient, type ApiResponse, type SeededCase } from '../../helpers/caseRecordClient.js';

const MAX_BYTES = 64 * 1024;

let server: RunningCourtServer;
let dataDir: string;
let evidenceDir: string;
/** Case A, where most evidence is filed, and case B, whose participants are strangers to A. */
let a: SeededCase;
let b: SeededCase;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'crosscourt-evidence-api-'));
  evidenceDir = join(dataDir, 'evidence');
  server = await startTestCourt({ DATA_DIR: dataDir, EVIDENCE_MAX_BYTES: String(MAX_BYTES) }, { policy: { signInPerAddress: { attempts: 1000, windowMs: 60_000 } } });
  a = await seedCase(server);
  b = await seedCase(server);
});

afterAll(async () => {
  await server?.close();
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A PDF-looking file, different every time. */
function pdf(size = 2048): Buffer {
  const head = Buffer.from(`%PDF-1.7\n% exhibit ${randomUUID()}\n`, 'latin1');
  return Buffer.concat([head, randomBytes(Math.max(0, size - head.length))]);
}

/** A PNG-looking file, different every time. */
function png(size = 1024): Buffer {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, randomBytes(size - signature.length)]);
}

/** A UTF-8 statement, different every time. */
function text(lines = 20): Buffer {
  const id = randomUUID();
  return Buffer.from(Array.from({ length: lines }, (_, i) => `Statement ${id}, line ${i}: 我确认以上内容属实. Confirmo.\n`).join(''), 'utf8');
}

async function file(client: ApiClient, caseId: string, bytes: Uint8Array, contentType: string, fileName = 'exhibit', title = 'Exhibit'): Promise<ApiResponse> {
  return fileEvidence(client, caseId, bytes, { title, fileName, contentType });
}

/** Files and expects 201; returns the evidence view. */
async function filed(client: ApiClient, caseId: string, bytes: Uint8Array, contentType: string, fileName = 'exhibit'): Promise<any> {
  const response = await file(client, caseId, bytes, contentType, fileName);
  if (response.status !== 201) throw new Error(`expected 201, got ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** The query of an upload, with any field left out or overridden. */
function uploadPath(caseId: string, fields: Record<string, string | undefined> = {}): string {
  const all: Record<string, string | undefined> = { title: 'Exhibit', language: 'en', fileName: 'exhibit', ...fields };
  const query = new URLSearchParams(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return `/api/cases/${caseId}/evidence?${query}`;
}

/** Every stored exhibit, as "<shard>/<name>" (the temporary folder apart). */
function storedFiles(): string[] {
  return readdirSync(evidenceDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== '.incoming')
    .flatMap((shard) => readdirSync(join(evidenceDir, shard.name)).map((name) => `${shard.name}/${name}`))
    .sort();
}

function incomingFiles(): string[] {
  return readdirSync(join(evidenceDir, '.incoming'));
}

async function treeSize(client: ApiClient, caseId: string): Promise<number> {
  return (await client.ok(client.get(`/cases/${caseId}/ledger/tree-head`))).treeSize;
}

async function evidenceList(client: ApiClient, caseId: string): Promise<any[]> {
  return (await client.ok(client.get(`/cases/${caseId}/evidence`))).evidence;
}

interface RecordState {
  evidence: any[];
  treeSize: number;
  stored: string[];
  incoming: string[];
}

/** What a refused upload must leave as it was. */
async function recordState(seeded: SeededCase = a): Promise<RecordState> {
  return { evidence: await evidenceList(seeded.as.judge, seeded.caseId), treeSize: await treeSize(seeded.as.judge, seeded.caseId), stored: storedFiles(), incoming: incomingFiles() };
}

async function expectUnchanged(before: RecordState, seeded: SeededCase = a): Promise<void> {
  const after = await recordState(seeded);
  expect(after.evidence).toEqual(before.evidence);
  expect(after.treeSize).toBe(before.treeSize);
  expect(after.stored).toEqual(before.stored);
  expect(after.incoming).toEqual([]);
}

function expectProblem(response: ApiResponse, status: number, code: string): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(typeof response.body.detail).toBe('string');
}

async function download(client: ApiClient, caseId: string, evidenceId: string, range?: string): Promise<ApiResponse> {
  return client.call('GET', `/cases/${caseId}/evidence/${evidenceId}/content`, undefined, range === undefined ? {} : { range });
}

async function custody(client: ApiClient, caseId: string, evidenceId: string): Promise<any[]> {
  return (await client.ok(client.get(`/cases/${caseId}/evidence/${evidenceId}/custody`))).lines;
}

async function actorOf(client: ApiClient): Promise<string> {
  const me = await client.ok(client.get('/me'));
  return me.kind === 'staff' ? `account:${me.accountId}` : `participant:${me.participantId}`;
}

/** Collects a node:http response, body and all. */
function collect(response: IncomingMessage): Promise<{ status: number; headers: IncomingMessage['headers']; body: any }> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('error', fail);
    response.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      done({ status: response.statusCode ?? 0, headers: response.headers, body: raw === '' ? undefined : JSON.parse(raw) });
    });
  });
}

describe('filing', () => {
  test('a party files a PDF, a PNG and a text file; each answer carries its SHA-256, size, type, filer and ledger entry', async () => {
    const files = [
      { as: 'claimant', bytes: pdf(), type: 'application/pdf', name: 'contract.pdf', side: 'claimant', displayName: 'Zhang Wei' },
      { as: 'respondent', bytes: png(), type: 'image/png', name: 'photo.png', side: 'respondent', displayName: 'Ana Silva' },
      { as: 'counsel', bytes: text(), type: 'text/plain; charset=utf-8', name: 'statement.txt', side: 'claimant', displayName: 'Li Na (for the claimant)' },
    ] as const;
    const items = [];
    for (const f of files) {
      const response = await fileEvidence(a.as[f.as], a.caseId, f.bytes, { title: `Exhibit ${f.name}`, language: 'zh-CN', fileName: f.name, description: 'as agreed', contentType: f.type });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        caseId: a.caseId,
        sha256: sha256(f.bytes),
        size: f.bytes.length,
        mediaType: f.type.split(';')[0],
        title: `Exhibit ${f.name}`,
        description: 'as agreed',
        language: 'zh-CN',
        fileName: f.name,
        filedBy: `participant:${a.participantIds[f.as]}`,
        filedByName: f.displayName,
        filedByRole: f.as,
        side: f.side,
      });
      expect(response.body.ledgerSeq).toEqual(expect.any(Number));
      expect(response.body.withdrawnAt).toBeUndefined();
      items.push(response.body);
    }
    const listed = await evidenceList(a.as.judge, a.caseId);
    for (const item of items) expect(listed).toContainEqual(item);
    expect((await a.as.clerk.ok(a.as.clerk.get(`/cases/${a.caseId}/evidence/${items[0].id}`)))).toEqual(items[0]);

    const timeline = (await a.as.respondent.ok(a.as.respondent.get(`/cases/${a.caseId}/timeline`))).items;
    for (const item of items) {
      const entry = timeline.find((e: any) => e.type === 'evidence.filed' && e.payload.evidenceId === item.id);
      expect(entry).toMatchObject({ seq: item.ledgerSeq, actor: item.filedBy, actorName: item.filedByName, payload: { sha256: item.sha256, size: item.size, mediaType: item.mediaType } });
    }
  });

  test('the court clerk may file evidence; it is on no side', async () => {
    const item = await filed(a.as.clerk, a.caseId, pdf(), 'application/pdf', 'clerk-copy.pdf');
    expect(item).toMatchObject({ filedByRole: 'clerk', filedBy: await actorOf(a.as.clerk) });
    expect(item.side).toBeUndefined();
  });
});

describe('stored once', () => {
  test('the same bytes filed in two cases are one file in the evidence folder', async () => {
    const bytes = pdf(4096);
    const hash = sha256(bytes);
    const inA = await filed(a.as.claimant, a.caseId, bytes, 'application/pdf');
    const inB = await filed(b.as.respondent, b.caseId, bytes, 'application/pdf');
    expect(inA.sha256).toBe(hash);
    expect(inB.sha256).toBe(hash);
    expect(inA.id).not.toBe(inB.id);
    expect(readdirSync(join(evidenceDir, hash.slice(0, 2))).filter((name) => name === hash)).toEqual([hash]);
    expect(storedFiles().filter((path) => path.endsWith(hash))).toEqual([`${hash.slice(0, 2)}/${hash}`]);
    expect(Buffer.compare((await download(b.as.judge, b.caseId, inB.id)).body, bytes)).toBe(0);
  });

  test('the same bytes filed again in the same case are refused with 409 EVIDENCE_ALREADY_FILED, and nothing changes', async () => {
    const bytes = text();
    const first = await filed(a.as.claimant, a.caseId, bytes, 'text/plain');
    const before = await recordState();
    // Whoever files it, under whatever name: the content is what is on the record.
    const again = await file(a.as.respondent, a.caseId, bytes, 'text/plain', 'renamed.txt', 'Another title');
    expectProblem(again, 409, 'EVIDENCE_ALREADY_FILED');
    expect(again.body.detail).toContain(first.id);
    await expectUnchanged(before);
  });

  test('two uploads of the same bytes racing into one case file it once', async () => {
    const bytes = png(4096);
    const before = await recordState();
    const results = await Promise.all([file(a.as.claimant, a.caseId, bytes, 'image/png'), file(a.as.respondent, a.caseId, bytes, 'image/png')]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((await evidenceList(a.as.judge, a.caseId)).filter((item) => item.sha256 === sha256(bytes))).toHaveLength(1);
    expect(await treeSize(a.as.judge, a.caseId)).toBe(before.treeSize + 1);
    expect(incomingFiles()).toEqual([]);
  });
});

describe('a refused upload changes nothing', () => {
  test('an upload whose Content-Length is over EVIDENCE_MAX_BYTES is refused with 413 EVIDENCE_TOO_LARGE before it is read', async () => {
    const before = await recordState();
    // Only the headers are sent: the server must answer from the announced length alone.
    const request = httpRequest(`${server.url}${uploadPath(a.caseId)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.as.claimant.token}`, 'content-type': 'application/pdf', 'content-length': String(MAX_BYTES + 1) },
    });
    request.on('error', () => undefined); // the server may close the connection once it has answered
    request.flushHeaders();
    const response = await collect(await new Promise<IncomingMessage>((done) => request.once('response', done)));
    request.destroy();
    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe('EVIDENCE_TOO_LARGE');
    expect(response.body.detail).toContain(String(MAX_BYTES));
    await expectUnchanged(before);
  });

  test('a chunked upload that grows past EVIDENCE_MAX_BYTES is refused with 413 EVIDENCE_TOO_LARGE and nothing is kept', async () => {
    const before = await recordState();
    const chunk = 16 * 1024;
    let sent = 0;
    let answered = false;
    // Sends chunks until it has passed the limit, then waits for the answer instead of sending more.
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent > MAX_BYTES) {
          await waitFor(() => answered, 'the answer to the oversized upload');
          controller.close();
          return;
        }
        const part = sent === 0 ? pdf(chunk) : randomBytes(chunk);
        sent += part.length;
        controller.enqueue(part);
      },
    });
    const response = await fetch(`${server.url}${uploadPath(a.caseId)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.as.claimant.token}`, 'content-type': 'application/pdf' },
      body,
      duplex: 'half',
    } as RequestInit);
    answered = true;
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await response.json()) as { code: string }).code).toBe('EVIDENCE_TOO_LARGE');
    expect(sent).toBeGreaterThan(MAX_BYTES);
    await waitFor(() => incomingFiles().length === 0, 'the temporary file to be removed');
    await expectUnchanged(before);
  });

  test('an upload cut off before its Content-Length leaves nothing behind', async () => {
    const before = await recordState();
    const url = new URL(`${server.url}${uploadPath(a.caseId, { fileName: 'cut.pdf' })}`);
    const socket = tcpConnect(Number(url.port), url.hostname);
    socket.on('error', () => undefined);
    await new Promise<void>((done) => socket.once('connect', done));
    const partial = pdf(10_000);
    socket.write(
      `POST ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${a.as.claimant.token}\r\n` +
        `Content-Type: application/pdf\r\nContent-Length: ${partial.length * 4}\r\n\r\n`,
    );
    socket.write(partial);
    // The server has begun writing the upload to a temporary file; now the connection drops.
    await waitFor(() => incomingFiles().length > 0, 'the upload to reach the evidence folder');
    socket.destroy();
    await waitFor(() => incomingFiles().length === 0, 'the server to notice the cut and remove the partial file');
    await expectUnchanged(before);
    expect(storedFiles().some((path) => path.endsWith(sha256(partial)))).toBe(false);
  });

  test('a file whose content is not of its declared type is refused with 422 CONTENT_TYPE_MISMATCH', async () => {
    const before = await recordState();
    const textAsPdf = await file(a.as.claimant, a.caseId, text(), 'application/pdf', 'looks-like.pdf');
    expectProblem(textAsPdf, 422, 'CONTENT_TYPE_MISMATCH');
    const pngAsPdf = await file(a.as.claimant, a.caseId, png(), 'application/pdf', 'renamed.pdf');
    expectProblem(pngAsPdf, 422, 'CONTENT_TYPE_MISMATCH');
    expect(pngAsPdf.body.detail).toMatch(/image\/png/);
    // An executable renamed as a picture.
    const exeAsPng = await file(a.as.claimant, a.caseId, Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), randomBytes(512)]), 'image/png', 'holiday.png');
    expectProblem(exeAsPng, 422, 'CONTENT_TYPE_MISMATCH');
    await expectUnchanged(before);
  });

  test('a file of a type the court does not accept is refused with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const before = await recordState();
    const exe = await file(a.as.claimant, a.caseId, Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), randomBytes(512)]), 'application/x-msdownload', 'setup.exe');
    expectProblem(exe, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(exe.body.detail).toMatch(/application\/pdf/);
    const html = await file(a.as.claimant, a.caseId, Buffer.from('<script>alert(1)</script>'), 'text/html', 'page.html');
    expectProblem(html, 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectUnchanged(before);
  });

  test('an empty upload is refused with 422 EVIDENCE_EMPTY', async () => {
    const before = await recordState();
    expectProblem(await file(a.as.claimant, a.caseId, new Uint8Array(0), 'application/pdf', 'empty.pdf'), 422, 'EVIDENCE_EMPTY');
    await expectUnchanged(before);
  });

  test('an upload without a title or a language is refused with 400 INVALID_PAYLOAD naming the field', async () => {
    const before = await recordState();
    const post = (fields: Record<string, string | undefined>) =>
      a.as.claimant.call('POST', uploadPath(a.caseId, fields).slice('/api'.length), undefined, { 'content-type': 'text/plain' });
    for (const [fields, field] of [
      [{ title: undefined }, 'title'],
      [{ title: '   ' }, 'title'],
      [{ language: undefined }, 'language'],
      [{ language: 'not a language!' }, 'language'],
      [{ fileName: undefined }, 'fileName'],
    ] as const) {
      const response = await post(fields);
      expectProblem(response, 400, 'INVALID_PAYLOAD');
      expect(response.body.detail).toContain(`query.${field}`);
    }
    await expectUnchanged(before);
  });
});

describe('file names are never paths', () => {
  const tricks = [
    { given: '../../etc/passwd', kept: 'passwd' },
    { given: '..\\..\\boot.ini', kept: 'boot.ini' },
    { given: 'a/b/c.pdf', kept: 'c.pdf' },
    { given: 'report\r\nSet-Cookie: session=stolen\u0000.pdf', kept: 'reportSet-Cookie: session=stolen.pdf' },
    { given: 'invoice\u202Efdp.exe', kept: 'invoicefdp.exe' },
    { given: '..', kept: 'evidence' },
  ];

  test.each(tricks)('a file named $given is filed as $kept, stored only under its hash, and downloads under a safe name', async ({ given, kept }) => {
    const before = storedFiles();
    const topLevel = readdirSync(dataDir).sort();
    const bytes = text(3);
    const item = await filed(a.as.claimant, a.caseId, bytes, 'text/plain', given);
    expect(item.fileName).toBe(kept);
    expect(item.fileName).not.toMatch(/[/\\\u0000-\u001f]|\.\./);
    // The only new file is the one named by its hash in the evidence folder; nothing landed where the name pointed.
    expect(storedFiles()).toEqual([...before, `${item.sha256.slice(0, 2)}/${item.sha256}`].sort());
    expect(readdirSync(dataDir).sort()).toEqual(topLevel);
    if (/[/\\]/.test(given)) {
      for (const base of [evidenceDir, join(evidenceDir, '.incoming'), join(evidenceDir, item.sha256.slice(0, 2))]) {
        expect(existsSync(resolve(base, given.replaceAll('\\', '/')))).toBe(false);
      }
    }
    const response = await download(a.as.judge, a.caseId, item.id);
    expect(response.status).toBe(200);
    const disposition = response.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''\S+$/);
    expect(disposition).not.toMatch(/[/\\\r\n]|\.\./);
    expect(decodeURIComponent(/filename\*=UTF-8''(\S+)$/.exec(disposition)![1]!)).toBe(kept);
    expect(response.headers.get('set-cookie')).toBeNull();
  });
});

describe('who may do what', () => {
  test('every role the permission table leaves out of evidence.file, witnesses, interpreters and the judge among them, is refused with 403 FORBIDDEN', async () => {
    const refused = CASE_ROLES.filter((role) => !allowedRoles('evidence.file').includes(role));
    expect(refused).toEqual(expect.arrayContaining<CaseRole>(['witness', 'interpreter', 'judge', 'observer']));
    const before = await recordState();
    for (const role of refused) {
      const response = await file(a.as[role], a.caseId, pdf(), 'application/pdf');
      expectProblem(response, 403, 'FORBIDDEN');
      expect(response.body.detail).toContain(role);
    }
    await expectUnchanged(before);
  });

  test('the public gallery may not list, read or download evidence (403 FORBIDDEN)', async () => {
    const item = await filed(a.as.claimant, a.caseId, pdf(), 'application/pdf');
    const observer = a.as.observer;
    for (const path of [`/cases/${a.caseId}/evidence`, `/cases/${a.caseId}/evidence/${item.id}`, `/cases/${a.caseId}/evidence/${item.id}/content`, `/cases/${a.caseId}/evidence/${item.id}/custody`]) {
      expectProblem(await observer.get(path), 403, 'FORBIDDEN');
    }
    expect((await custody(a.as.judge, a.caseId, item.id)).map((line) => line.event)).toEqual(['filed']);
  });

  test("a participant of another case gets 403 NOT_A_CASE_PARTICIPANT for this case's evidence, and 404 EVIDENCE_NOT_FOUND asking for it under their own case", async () => {
    const item = await filed(a.as.claimant, a.caseId, pdf(), 'application/pdf');
    for (const stranger of [b.as.claimant, b.as.judge]) {
      for (const path of [`/cases/${a.caseId}/evidence`, `/cases/${a.caseId}/evidence/${item.id}`, `/cases/${a.caseId}/evidence/${item.id}/content`, `/cases/${a.caseId}/evidence/${item.id}/custody`]) {
        expectProblem(await stranger.get(path), 403, 'NOT_A_CASE_PARTICIPANT');
      }
      expectProblem(await stranger.post(`/cases/${a.caseId}/evidence/${item.id}/withdrawal`, { reason: 'mine now' }), 403, 'NOT_A_CASE_PARTICIPANT');
      expectProblem(await file(stranger, a.caseId, pdf(), 'application/pdf'), 403, 'NOT_A_CASE_PARTICIPANT');
    }
    for (const path of [`/cases/${b.caseId}/evidence/${item.id}`, `/cases/${b.caseId}/evidence/${item.id}/content`, `/cases/${b.caseId}/evidence/${item.id}/custody`]) {
      expectProblem(await b.as.claimant.get(path), 404, 'EVIDENCE_NOT_FOUND');
    }
    expectProblem(await b.as.claimant.post(`/cases/${b.caseId}/evidence/${item.id}/withdrawal`, { reason: 'mine now' }), 404, 'EVIDENCE_NOT_FOUND');
    expect((await evidenceList(b.as.judge, b.caseId)).map((e) => e.id)).not.toContain(item.id);
    // Case B's audit log records no read of an item it does not have.
    const auditOfB = (await b.as.judge.ok(b.as.judge.get(`/cases/${b.caseId}/audit`))).lines;
    expect(auditOfB.filter((line: any) => line.target === item.id && line.outcome === 'allowed')).toEqual([]);
    expect((await custody(a.as.judge, a.caseId, item.id)).map((line) => line.event)).toEqual(['filed']);
    expect((await evidenceList(a.as.judge, a.caseId)).find((e) => e.id === item.id)?.withdrawnAt).toBeUndefined();
  });
});

describe('download', () => {
  let bytes: Buffer;
  let item: any;

  beforeAll(async () => {
    bytes = pdf(1000);
    item = await filed(a.as.respondent, a.caseId, bytes, 'application/pdf', 'invoice.pdf');
  });

  test('a full download returns exactly the filed bytes, with their type, Accept-Ranges and nosniff', async () => {
    const response = await download(a.as.claimant, a.caseId, item.id);
    expect(response.status).toBe(200);
    expect(Buffer.compare(response.body, bytes)).toBe(0);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-length')).toBe(String(bytes.length));
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="invoice\.pdf"/);
  });

  test('a text exhibit downloads as text/plain, not as something a browser would run', async () => {
    const statement = text();
    const filedText = await filed(a.as.claimant, a.caseId, statement, 'text/plain');
    const response = await a.as.judge.call('GET', `/cases/${a.caseId}/evidence/${filedText.id}/content`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain(;|$)/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect(Buffer.compare(response.body, statement)).toBe(0);
  });

  test('Range: bytes=10-19 is answered 206 with exactly those ten bytes and their Content-Range', async () => {
    const response = await download(a.as.claimant, a.caseId, item.id, 'bytes=10-19');
    expect(response.status).toBe(206);
    expect(Buffer.compare(response.body, bytes.subarray(10, 20))).toBe(0);
    expect(response.headers.get('content-range')).toBe(`bytes 10-19/${bytes.length}`);
    expect(response.headers.get('content-length')).toBe('10');
  });

  test('a suffix range bytes=-5 gives the last five bytes', async () => {
    const response = await download(a.as.claimant, a.caseId, item.id, 'bytes=-5');
    expect(response.status).toBe(206);
    expect(Buffer.compare(response.body, bytes.subarray(bytes.length - 5))).toBe(0);
    expect(response.headers.get('content-range')).toBe(`bytes ${bytes.length - 5}-${bytes.length - 1}/${bytes.length}`);
  });

  test('a range that runs past the end is cut at the end', async () => {
    const response = await download(a.as.claimant, a.caseId, item.id, `bytes=${bytes.length - 3}-999999`);
    expect(response.status).toBe(206);
    expect(Buffer.compare(response.body, bytes.subarray(bytes.length - 3))).toBe(0);
  });

  test('a range starting past the end is answered 416 RANGE_NOT_SATISFIABLE with Content-Range bytes */size', async () => {
    const response = await download(a.as.claimant, a.caseId, item.id, 'bytes=999999-');
    expectProblem(response, 416, 'RANGE_NOT_SATISFIABLE');
    expect(response.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
  });
});

describe('chain of custody and audit', () => {
  test("the custody trail names the filer, then each viewer who read from the start, but not a later range", async () => {
    const bytes = pdf(3000);
    const item = await filed(a.as.claimant, a.caseId, bytes, 'application/pdf');
    expect((await download(a.as.judge, a.caseId, item.id)).status).toBe(200);
    expect((await download(a.as.respondent, a.caseId, item.id, 'bytes=0-99')).status).toBe(206);
    // A player seeking on in the same viewing: no new line.
    expect((await download(a.as.respondent, a.caseId, item.id, 'bytes=100-199')).status).toBe(206);
    expect((await download(a.as.judge, a.caseId, item.id, 'bytes=-5')).status).toBe(206);
    expect((await download(a.as.judge, a.caseId, item.id, 'bytes=999999-')).status).toBe(416);

    const lines = await custody(a.as.counsel, a.caseId, item.id);
    expect(lines.map((line) => [line.event, line.role])).toEqual([
      ['filed', 'claimant'],
      ['viewed', 'judge'],
      ['viewed', 'respondent'],
    ]);
    expect(lines[0]).toMatchObject({ actor: `participant:${a.participantIds.claimant}`, actorName: 'Zhang Wei', ledgerSeq: item.ledgerSeq, at: item.filedAt });
    expect(lines[1]).toMatchObject({ actor: await actorOf(a.as.judge) });
    expect(lines[2]).toMatchObject({ actor: `participant:${a.participantIds.respondent}`, actorName: 'Ana Silva' });
    const times = lines.map((line) => Date.parse(line.at));
    expect([...times].sort((x, y) => x - y)).toEqual(times);

    await a.as.counsel.ok(a.as.counsel.post(`/cases/${a.caseId}/evidence/${item.id}/withdrawal`, { reason: 'superseded by the signed copy' }));
    const after = await custody(a.as.judge, a.caseId, item.id);
    expect(after.slice(0, 3)).toEqual(lines);
    expect(after[3]).toMatchObject({ event: 'withdrawn', role: 'counsel', actor: `participant:${a.participantIds.counsel}`, detail: 'superseded by the signed copy', ledgerSeq: expect.any(Number) });
    expect(after).toHaveLength(4);
  });

  test('a HEAD request shows nobody the file, so it is no viewing', async () => {
    const item = await filed(a.as.claimant, a.caseId, pdf(), 'application/pdf');
    const head = await a.as.judge.call('HEAD', `/cases/${a.caseId}/evidence/${item.id}/content`);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(item.size));
    expect((await custody(a.as.judge, a.caseId, item.id)).map((line) => line.event)).toEqual(['filed']);
  });

  test('the audit log shows the downloads and the denied attempts with their codes', async () => {
    const item = await filed(a.as.claimant, a.caseId, pdf(), 'application/pdf');
    await download(a.as.judge, a.caseId, item.id);
    await download(a.as.respondent, a.caseId, item.id, 'bytes=5-9');
    expect((await download(a.as.observer, a.caseId, item.id)).status).toBe(403);
    expect((await download(b.as.claimant, a.caseId, item.id)).status).toBe(403);
    expect((await a.as.respondent.post(`/cases/${a.caseId}/evidence/${item.id}/withdrawal`, { reason: 'not ours to keep' })).status).toBe(403);

    expectProblem(await a.as.claimant.get(`/cases/${a.caseId}/audit`), 403, 'FORBIDDEN');
    const lines = (await a.as.judge.ok(a.as.judge.get(`/cases/${a.caseId}/audit`))).lines.filter((line: any) => line.target === item.id);
    const brief = lines.map((line: any) => ({ actor: line.actor, action: line.action, outcome: line.outcome, ...(line.code ? { code: line.code } : {}) }));
    expect(brief).toEqual([
      { actor: `participant:${a.participantIds.claimant}`, action: 'evidence.file', outcome: 'allowed' },
      { actor: await actorOf(a.as.judge), action: 'evidence.view', outcome: 'allowed' },
      { actor: `participant:${a.participantIds.respondent}`, action: 'evidence.view', outcome: 'allowed' },
      { actor: `participant:${a.participantIds.observer}`, action: 'evidence.view', outcome: 'denied', code: 'FORBIDDEN' },
      { actor: `participant:${b.participantIds.claimant}`, action: 'evidence.view', outcome: 'denied', code: 'NOT_A_CASE_PARTICIPANT' },
      { actor: `participant:${a.participantIds.respondent}`, action: 'evidence.withdraw', outcome: 'denied', code: 'NOT_YOUR_EVIDENCE' },
    ]);
    for (const line of lines) expect(line).toMatchObject({ caseId: a.caseId, via: 'rest', ip: expect.any(String) });
  });
});

describe('withdrawal', () => {
  test("the respondent may not withdraw the claimant's evidence (403 NOT_YOUR_EVIDENCE)", async () => {
    const item = await filed(a.as.claimant, a.caseId, pdf(), 'application/pdf');
    const size = await treeSize(a.as.judge, a.caseId);
    expectProblem(await a.as.respondent.post(`/cases/${a.caseId}/evidence/${item.id}/withdrawal`, { reason: 'we object' }), 403, 'NOT_YOUR_EVIDENCE');
    expect(await treeSize(a.as.judge, a.caseId)).toBe(size);
    expect((await evidenceList(a.as.judge, a.caseId)).find((e) => e.id === item.id)).toEqual(item);
  });

  test('only parties and their counsel may withdraw: staff and others get 403 FORBIDDEN', async () => {
    const item = await filed(a.as.claimant, a.caseId, pdf(), 'application/pdf');
    for (const role of CASE_ROLES.filter((r) => !allowedRoles('evidence.withdraw').includes(r))) {
      expectProblem(await a.as[role].post(`/cases/${a.caseId}/evidence/${item.id}/withdrawal`, { reason: 'tidying up' }), 403, 'FORBIDDEN');
    }
    expect((await evidenceList(a.as.judge, a.caseId)).find((e) => e.id === item.id)?.withdrawnAt).toBeUndefined();
  });

  test("counsel for the claimant may withdraw the claimant's evidence; it stays listed, marked withdrawn, and is on the timeline", async () => {
    const item = await filed(a.as.claimant, a.caseId, png(), 'image/png');
    const size = await treeSize(a.as.judge, a.caseId);
    const response = await a.as.counsel.post(`/cases/${a.caseId}/evidence/${item.id}/withdrawal`, { reason: 'filed by mistake' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ...item, withdrawnBy: `participant:${a.participantIds.counsel}`, withdrawalReason: 'filed by mistake', withdrawnAt: expect.any(String) });
    expect(await treeSize(a.as.judge, a.caseId)).toBe(size + 1);

    const listed = (await evidenceList(a.as.respondent, a.caseId)).find((e) => e.id === item.id);
    expect(listed).toEqual(response.body);
    const timeline = (await a.as.judge.ok(a.as.judge.get(`/cases/${a.caseId}/timeline`))).items;
    expect(timeline.find((e: any) => e.type === 'evidence.withdrawn' && e.payload.evidenceId === item.id)).toMatchObject({
      seq: size,
      at: response.body.withdrawnAt,
      actor: `participant:${a.participantIds.counsel}`,
      payload: { sha256: item.sha256, reason: 'filed by mistake' },
    });
    // Withdrawn is not erased: the court can still read what was filed.
    expect((await download(a.as.judge, a.caseId, item.id)).status).toBe(200);
  });

  test('evidence cannot be withdrawn twice (409 EVIDENCE_ALREADY_WITHDRAWN)', async () => {
    const item = await filed(a.as.respondent, a.caseId, text(), 'text/plain');
    const first = await a.as.respondent.ok(a.as.respondent.post(`/cases/${a.caseId}/evidence/${item.id}/withdrawal`, { reason: 'duplicate' }));
    const size = await treeSize(a.as.judge, a.caseId);
    const again = await a.as.respondent.post(`/cases/${a.caseId}/evidence/${item.id}/withdrawal`, { reason: 'duplicate, again' });
    expectProblem(again, 409, 'EVIDENCE_ALREADY_WITHDRAWN');
    // The other side is told it is not theirs, not what became of it.
    expectProblem(await a.as.claimant.post(`/cases/${a.caseId}/evidence/${item.id}/withdrawal`, { reason: 'also ours?' }), 403, 'NOT_YOUR_EVIDENCE');
    expect(await treeSize(a.as.judge, a.caseId)).toBe(size);
    expect((await evidenceList(a.as.judge, a.caseId)).find((e) => e.id === item.id)).toEqual(first);
    expect((await custody(a.as.judge, a.caseId, item.id)).filter((line) => line.event === 'withdrawn')).toHaveLength(1);
  });

  test('a withdrawal without a reason is refused with 400 INVALID_PAYLOAD naming the field', async () => {
    const item = await filed(a.as.claimant, a.caseId, text(), 'text/plain');
    const response = await a.as.claimant.post(`/cases/${a.caseId}/evidence/${item.id}/withdrawal`, {});
    expectProblem(response, 400, 'INVALID_PAYLOAD');
    expect(response.body.detail).toContain('body.reason');
  });
});
