// A message as the pure modules of the record pages build it: the shape of i18n.ts's Message,
// declared here so that they (and their unit tests, compiled without the DOM) need not import it.
import type { MessageKey } from '../messages/en.js';

export interface PlainMessage {
  key: MessageKey;
  params?: Record<string, string | number | PlainMessage>;
}
