// Posts JSON to a gateway the court's operator runs (e-mail, SMS), signed so the gateway can tell
// the court sent it: `X-CrossCourt-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes>`
// with the shared secret, and a delivery id that stays the same across retries (to drop
// repeats). The body carries its own `sentAt` and `id`, so a replayed body is recognisable.
//
// Retries only where a retry can help — a 5xx answer, a timeout or a transport error — with
// exponential backoff; a 4xx answer is final (the gateway refused this body, and would again).
import { createHmac, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';

export const SIGNATURE_HEADER = 'x-crosscourt-signature';
export const DELIVERY_HEADER = 'x-crosscourt-delivery';

export interface SignedWebhookOptions {
  url: string;
  secret: string;
  /** Tries in all (1 = no retry). */
  attempts: number;
  /** The wait before the first retry; it doubles each time. */
  backoffMs: number;
  /** How long one try may take. */
  timeoutMs?: number;
  logger: Logger;
}

export interface Delivery {
  readonly delivered: boolean;
  readonly attempts: number;
  /** The last HTTP status, if an answer came. */
  readonly status?: number;
}

/** The signature of a body: what the gateway recomputes with the shared secret and compares. */
export function signatureOf(body: string | Uint8Array, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export class SignedWebhook {
  readonly #options: SignedWebhookOptions;

  constructor(options: SignedWebhookOptions) {
    if (!/^https?:\/\//.test(options.url)) throw new TypeError('url must be an http:// or https:// URL');
    if (options.secret.length === 0) throw new TypeError('secret must not be empty');
    if (!Number.isInteger(options.attempts) || options.attempts < 1) throw new TypeError('attempts must be a whole number, at least 1');
    this.#options = options;
  }

  async send(payload: object): Promise<Delivery> {
    const { url, secret, attempts, backoffMs, timeoutMs = 10_000, logger } = this.#options;
    const body = JSON.stringify(payload);
    const headers = { 'content-type': 'application/json', [SIGNATURE_HEADER]: signatureOf(body, secret), [DELIVERY_HEADER]: randomUUID() };
    let status: number | undefined;
    for (let attempt = 1; ; attempt++) {
      let retry: boolean;
      try {
        const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
        await response.arrayBuffer().catch(() => undefined);
        status = response.status;
        if (response.ok) return { delivered: true, attempts: attempt, status };
        retry = status >= 500;
        logger.warn({ url, status, attempt }, retry ? 'webhook answered with a server error; will retry' : 'webhook refused the delivery; not retried');
      } catch (error) {
        retry = true;
        logger.warn({ url, attempt, err: error }, 'webhook could not be reached; will retry');
      }
      if (!retry || attempt >= attempts) {
        return { delivered: false, attempts: attempt, ...(status === undefined ? {} : { status }) };
      }
      await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
    }
  }
}
