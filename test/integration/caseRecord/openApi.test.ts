// The OpenAPI 3.1 document describes exactly the API the server serves: every route, its schemas
// and its problem responses, generated from the same declarations that validate requests.
import { randomUUID } from 'node:crypto';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { caseRecordRoutes } from '../../../server/http/api/caseRecordApi.js';
import { startTestCourt } from '../../helpers/courtHarness.js';

let server: RunningCourtServer;
let document: any;

beforeAll(async () => {
  server = await startTestCourt();
  document = await (await fetch(`${server.url}/api/openapi.json`)).json();
});

afterAll(async () => {
  await server?.close();
});

const routes = () => caseRecordRoutes(server.court, undefined);

function operations(): Array<{ path: string; method: string; operation: any }> {
  return Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );
}

test('the document is OpenAPI 3.1 and lists every route once, by its operation id', () => {
  expect(document.openapi).toBe('3.1.0');
  const listed = operations().map((o) => o.operation.operationId).sort();
  expect(listed).toEqual(routes().map((r) => r.operationId).sort());
  expect(new Set(listed).size).toBe(listed.length);
});

test('every $ref in the document resolves', () => {
  const refs: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === '$ref' && typeof child === 'string') refs.push(child);
        else walk(child);
      }
    }
  };
  walk(document);
  expect(refs.length).toBeGreaterThan(0);
  for (const ref of refs) {
    const target = ref.replace(/^#\//, '').split('/').reduce((node: any, part) => node?.[part], document);
    expect({ ref, found: target !== undefined }).toEqual({ ref, found: true });
  }
});

test('request bodies carry their validation rules, and errors are problem+json with the codes each route can give', () => {
  const createCase = document.paths['/api/cases'].post;
  const schema = createCase.requestBody.content['application/json'].schema;
  expect(schema.required).toEqual(expect.arrayContaining(['title', 'languages', 'locale', 'timeZone']));
  expect(schema.additionalProperties).toBe(false);
  expect(createCase.security).toEqual([{ session: [] }]);
  const upload = document.paths['/api/cases/{caseId}/evidence'].post;
  expect(Object.keys(upload.requestBody.content)).toEqual(expect.arrayContaining(['application/pdf', 'image/png', 'text/plain']));
  expect(upload.responses['413'].description).toContain('EVIDENCE_TOO_LARGE');
  expect(upload.responses['409'].description).toContain('EVIDENCE_ALREADY_FILED');
  for (const { operation } of operations()) {
    expect(operation.responses['400'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
  }
  const signIn = document.paths['/api/sessions'].post;
  expect(signIn.security).toEqual([]);
  expect(Object.keys(signIn.responses).sort()).toEqual(['201', '400', '401', '423', '429']);
});

test('every documented route is served: without a session it answers 401 or a validation problem, never "no such route"', async () => {
  for (const { path, method, operation } of operations()) {
    const url = server.url + path.replace(/\{[A-Za-z]+\}/g, () => randomUUID());
    const response = await fetch(url, { method: method.toUpperCase(), headers: { 'content-type': 'application/json' }, ...(method === 'get' ? {} : { body: '{}' }) });
    const body = (response.headers.get('content-type')?.includes('json') ? await response.json() : {}) as { code?: string };
    expect({ operation: operation.operationId, code: body.code ?? response.status }).not.toEqual({ operation: operation.operationId, code: 'NOT_FOUND' });
    if (operation.security.length > 0) expect({ operation: operation.operationId, status: response.status }).toEqual({ operation: operation.operationId, status: 401 });
  }
});
