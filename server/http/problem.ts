import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { CourtError } from '../domain/CourtError.js';
import { statusOf } from './problemStatus.js';

/** RFC 9457 problem details with a stable `code`, the shape of every HTTP error. */
export function sendProblem(res: Parameters<RequestHandler>[1], status: number, code: string, detail: string): void {
  res.status(status).type('application/problem+json').json({ type: 'about:blank', title: code, status, code, detail });
}

export const notFound: RequestHandler = (req, res) => {
  sendProblem(res, 404, 'NOT_FOUND', `no route for ${req.method} ${req.path}`);
};

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) {
      // A stream failed after its headers went out: all that is left is to cut it short.
      logger.warn({ err: error, path: req.path }, 'response failed after it started');
      res.destroy();
      return;
    }
    // A refused upload whose body was not read: close the connection rather than read it all.
    if (!req.complete) res.set('Connection', 'close');
    if (error instanceof CourtError) {
      const retryAfter = (error as CourtError & { retryAfterSeconds?: number }).retryAfterSeconds;
      if (retryAfter !== undefined) res.set('Retry-After', String(retryAfter));
      sendProblem(res, statusOf(error.code), error.code, error.message);
      return;
    }
    if (error?.type === 'entity.parse.failed') {
      sendProblem(res, 400, 'INVALID_PAYLOAD', `the body is not valid JSON (${String(error.message)}); send a JSON object`);
      return;
    }
    if (error?.type === 'entity.too.large') {
      sendProblem(res, 413, 'PAYLOAD_TOO_LARGE', `the body is larger than the ${error.limit} bytes this endpoint accepts`);
      return;
    }
    const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ err: error }, 'HTTP request failed');
    sendProblem(res, status, status === 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST', status === 500 ? 'the server failed; it has been logged' : String(error.message));
  };
}
