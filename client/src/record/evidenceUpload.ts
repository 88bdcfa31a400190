// Filing evidence: the request body is the file itself, sent with its own Content-Type, and the
// metadata rides in the query (POST /api/cases/:caseId/evidence?title=…&language=…&fileName=…).
// XMLHttpRequest rather than fetch: only it reports upload progress.
import { ApiProblem, isExpiredAccess, problemFrom } from './api.js';
import type { EvidenceView } from './apiTypes.js';
import type { SessionKeeper } from './session.js';

export interface EvidenceMetadata {
  title: string;
  language: string;
  description: string;
}

/** Fraction sent, 0 to 1. */
export type UploadProgress = (fraction: number) => void;

export function uploadEvidence(
  session: SessionKeeper,
  caseId: string,
  file: File,
  metadata: EvidenceMetadata,
  onProgress: UploadProgress,
  signal?: AbortSignal,
): Promise<EvidenceView> {
  return uploadEvidenceTo(session, `/cases/${caseId}/evidence`, file, metadata, onProgress, signal);
}

/**
 * Files evidence through another route that takes the same upload (the file as the body, the
 * metadata in the query): `/cases/:caseId/rounds/:roundId/evidence` for a round's answer.
 */
export async function uploadEvidenceTo(
  session: SessionKeeper,
  path: string,
  file: File,
  metadata: EvidenceMetadata,
  onProgress: UploadProgress,
  signal?: AbortSignal,
): Promise<EvidenceView> {
  const query = new URLSearchParams({ title: metadata.title, language: metadata.language, fileName: file.name });
  if (metadata.description !== '') query.set('description', metadata.description);
  const url = `/api${path}?${query}`;

  const token = await session.accessToken();
  if (token === undefined) throw new ApiProblem('UNAUTHENTICATED', 'sign in first', 401);
  try {
    return await send(url, file, token, onProgress, signal);
  } catch (error) {
    // The token ran out while the file was chosen or sent: renew it and send the file once more.
    if (!(error instanceof ApiProblem && error.status === 401)) throw error;
    if (!isExpiredAccess(error)) {
      session.expire(); // the session is over (ended, or the participant removed)
      throw error;
    }
    if (!(await session.refresh())) throw error; // refused: the session has ended already
    onProgress(0);
    return send(url, file, session.current!.accessToken, onProgress, signal);
  }
}

function send(url: string, file: File, token: string, onProgress: UploadProgress, signal?: AbortSignal): Promise<EvidenceView> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    // The court checks the declared type against the file's first bytes; an empty type (an
    // extension the browser does not know) is refused there with UNSUPPORTED_MEDIA_TYPE.
    xhr.setRequestHeader('Content-Type', file.type);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status === 201) {
        onProgress(1);
        resolve(JSON.parse(xhr.responseText) as EvidenceView);
      } else {
        reject(problemFrom(xhr.status, xhr.responseText, xhr.getResponseHeader('retry-after')));
      }
    };
    xhr.onerror = () => reject(new ApiProblem('NETWORK', 'the upload was cut off before the court answered', 0));
    xhr.onabort = () => reject(new DOMException('the upload was cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
