// One REST operation, declared once: its path, schemas, success and error responses, and handler.
// mountApiRoutes() validates every request against the schemas before the handler runs, and
// openApiDocument() (openApi.ts) describes the same declarations, so the document cannot drift
// from what the server accepts.
import express, { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import { CourtError } from '../../domain/CourtError.js';
import type { Principal, RequestOrigin } from '../../domain/identity/principal.js';
import type { ErrorCode } from '../../protocol/ack.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Set when the route requires a session. */
  principal: Principal;
  origin: RequestOrigin;
  req: Request;
  res: Response;
}

/** Returned by a handler that wrote the response itself (a stream, a file). */
export const RESPONDED = Symbol('responded');

export interface ApiRoute<P = unknown, Q = unknown, B = unknown> {
  method: HttpMethod;
  /** Express form, e.g. '/cases/:caseId'. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** Whether a session (Authorization: Bearer) is required. */
  auth: boolean;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  /** A JSON body. */
  body?: z.ZodType<B>;
  /** A raw body streamed to the handler (an upload), with the content types it accepts. */
  rawBody?: { contentTypes: readonly string[]; description: string };
  success: { status: number; description: string; schema?: z.ZodType; contentType?: string };
  errors: readonly ErrorCode[];
  handle(context: RouteContext<P, Q, B>): Promise<unknown>;
}

/** Declares a route with its types inferred from its schemas. */
export function route<P, Q, B>(definition: ApiRoute<P, Q, B>): ApiRoute<P, Q, B> {
  return definition;
}

export interface ApiServices {
  authenticate(token: string): Promise<Principal>;
  /** Told when a handler's answer does not fit its declared schema: a server bug. */
  onResponseMismatch(operationId: string, problems: string): void;
}

const JSON_LIMIT = '64kb';

export function mountApiRoutes(routes: ReadonlyArray<ApiRoute<any, any, any>>, services: ApiServices): Router {
  const router = Router();
  const json = express.json({ limit: JSON_LIMIT, strict: true, type: () => true });
  for (const definition of routes) {
    const handlers = definition.body === undefined ? [] : [json];
    router[definition.method](definition.path, ...handlers, async (req: Request, res: Response) => {
      // Who is asking comes first: an anonymous caller learns nothing from validation errors.
      const principal = definition.auth ? await services.authenticate(bearerToken(req)) : (undefined as unknown as Principal);
      const params = parse(definition.params, req.params, 'path');
      const query = parse(definition.query, req.query ?? {}, 'query');
      const body = definition.body === undefined ? undefined : parse(definition.body, req.body, 'body');
      const origin: RequestOrigin = { ip: req.ip ?? req.socket.remoteAddress ?? 'unknown', userAgent: String(req.headers['user-agent'] ?? '').slice(0, 200), via: 'rest' };
      const result = await definition.handle({ params, query, body, principal, origin, req, res });
      if (result === RESPONDED) return;
      if (definition.success.status === 204) {
        res.status(204).end();
        return;
      }
      res.status(definition.success.status).json(answer(definition, result, services));
    });
  }
  return router;
}

/**
 * The handler's result as its response schema describes it. The schema is also an allow-list:
 * fields it does not name are dropped, so a record never leaks more than the API promises.
 */
function answer(definition: ApiRoute<any, any, any>, result: unknown, services: ApiServices): unknown {
  if (definition.success.schema === undefined) return result;
  const checked = definition.success.schema.safeParse(result);
  if (checked.success) return checked.data;
  services.onResponseMismatch(definition.operationId, checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  throw new Error(`the ${definition.operationId} response does not match its schema`);
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (schema === undefined) return value as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${[where, ...issue.path].join('.')}: ${issue.message}`);
  throw new CourtError('INVALID_PAYLOAD', problems.join('; '));
}

function bearerToken(req: Request): string {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (match === null) throw new CourtError('UNAUTHENTICATED', 'sign in first: send "Authorization: Bearer <access token>"');
  return match[1]!;
}
