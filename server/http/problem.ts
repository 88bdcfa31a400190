import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';

/** RFC 9457 problem details with a stable `code`, the shape of every HTTP error. */
export function sendProblem(res: Parameters<RequestHandler>[1], status: number, code: string, detail: string): void {
  res.status(status).type('application/problem+json').json({ type: 'about:blank', title: code, status, code, detail });
}

export const notFound: RequestHandler = (req, res) => {
  sendProblem(res, 404, 'NOT_FOUND', `no route for ${req.method} ${req.path}`);
};

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ err: error }, 'HTTP request failed');
    sendProblem(res, status, status === 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST', status === 500 ? 'the server failed; it has been logged' : String(error.message));
  };
}
