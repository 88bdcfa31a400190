// An evidence upload as the REST routes receive it (filing into the case, or for a sealed answer
// of a round): the file is the request body; its declared size and type come from the headers.
import type { Request } from 'express';
import { CourtError } from '../../domain/CourtError.js';
import type { ErrorCode } from '../../protocol/ack.js';

/** What an upload can be refused for, beyond who may file. */
export const UPLOAD_ERRORS: ErrorCode[] = ['EVIDENCE_ALREADY_FILED', 'EVIDENCE_TOO_LARGE', 'EVIDENCE_EMPTY', 'UPLOAD_TRUNCATED', 'UNSUPPORTED_MEDIA_TYPE', 'CONTENT_TYPE_MISMATCH'];

/** The filing's fields from the query, with the declared type and (if sent) the declared length. */
export function uploadFiling<Q extends object>(req: Request, query: Q): Q & { declaredType: string; contentLength?: number } {
  const length = req.headers['content-length'];
  const contentLength = length === undefined ? undefined : Number(length);
  if (contentLength !== undefined && !(Number.isSafeInteger(contentLength) && contentLength >= 0)) {
    throw new CourtError('INVALID_PAYLOAD', 'Content-Length must be a whole number of bytes');
  }
  return { ...query, declaredType: String(req.headers['content-type'] ?? ''), ...(contentLength === undefined ? {} : { contentLength }) };
}
