// The OpenAPI 3.1 document of the REST API, generated from the route declarations and their zod
// schemas (JSON Schema 2020-12, which OpenAPI 3.1 uses as is).
import { z } from 'zod';
import { statusOf } from '../problemStatus.js';
import type { ApiRoute } from './apiRoute.js';

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details; `code` is stable and safe to branch on',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string' },
    detail: { type: 'string', description: 'what was wrong and what to do about it' },
  },
  required: ['type', 'title', 'status', 'code', 'detail'],
};

export function openApiDocument(routes: ReadonlyArray<ApiRoute<any, any, any>>, version: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const definition of routes) {
    const path = `/api${definition.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
    (paths[path] ??= {})[definition.method] = operation(definition);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'CrossCourt case record API', version, description: 'Cases, participants, invitations, evidence, the ledger and the audit log.' },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Problem: PROBLEM_SCHEMA },
      securitySchemes: { session: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'access token from POST /api/sessions or /api/invitations/redeem' } },
    },
  };
}

function operation(definition: ApiRoute<any, any, any>): object {
  const parameters = [...parametersOf(definition.params, 'path'), ...parametersOf(definition.query, 'query')];
  const responses: Record<string, object> = {
    [String(definition.success.status)]: {
      description: definition.success.description,
      ...(definition.success.schema === undefined && definition.success.contentType === undefined
        ? {}
        : { content: { [definition.success.contentType ?? 'application/json']: { schema: definition.success.schema ? jsonSchema(definition.success.schema, 'output') : {} } } }),
    },
  };
  const codes = new Map<number, string[]>();
  for (const code of ['INVALID_PAYLOAD', ...(definition.auth ? ['UNAUTHENTICATED', 'SESSION_EXPIRED'] : []), ...definition.errors] as const) {
    const status = statusOf(code as never);
    codes.set(status, [...new Set([...(codes.get(status) ?? []), code])]);
  }
  for (const [status, list] of codes) {
    responses[String(status)] = { description: `problem: ${list.join(', ')}`, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
  }
  return {
    operationId: definition.operationId,
    summary: definition.summary,
    tags: [definition.tag],
    ...(definition.auth ? { security: [{ session: [] }] } : { security: [] }),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(definition.body !== undefined ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(definition.body, 'input') } } } } : {}),
    ...(definition.rawBody !== undefined
      ? { requestBody: { required: true, description: definition.rawBody.description, content: Object.fromEntries(definition.rawBody.contentTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])) } }
      : {}),
    responses,
  };
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query'): object[] {
  if (schema === undefined) return [];
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): object {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}
