// The y-websocket protocol's messages: a varUint message type, then for sync (0) a y-protocols
// sync message (step 1: a state vector; step 2 and update: a Yjs update), for awareness (1) an
// awareness update; 3 asks for every awareness state; 2 (auth) goes only from server to client.
// Reading is strict: a message with trailing bytes, an unknown type or a Yjs payload that does
// not decode is malformed, and nothing of it is used.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const MESSAGE_QUERY_AWARENESS = 3;
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;
const AUTH_PERMISSION_DENIED = 0;

export type ClientMessage =
  | { readonly type: 'syncStep1'; readonly stateVector: Uint8Array }
  /** Step 2 (the answer to our step 1) and update carry the same: an update to apply. */
  | { readonly type: 'syncStep2' | 'update'; readonly update: Uint8Array; readonly decoded: DecodedUpdate }
  | { readonly type: 'awareness'; readonly update: Uint8Array }
  | { readonly type: 'queryAwareness' };

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
}

export function readClientMessage(bytes: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(bytes);
    const message = readBody(decoder);
    if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes after the message');
    return message;
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    throw new MalformedMessageError((error as Error)?.message ?? String(error));
  }
}

function readBody(decoder: decoding.Decoder): ClientMessage {
  const type = decoding.readVarUint(decoder);
  if (type === MESSAGE_QUERY_AWARENESS) return { type: 'queryAwareness' };
  if (type === MESSAGE_AWARENESS) return { type: 'awareness', update: copy(decoding.readVarUint8Array(decoder)) };
  if (type !== MESSAGE_SYNC) throw new MalformedMessageError(`unknown message type ${type}`);
  const step = decoding.readVarUint(decoder);
  const payload = copy(decoding.readVarUint8Array(decoder));
  if (step === SYNC_STEP_1) {
    Y.decodeStateVector(payload);
    return { type: 'syncStep1', stateVector: payload };
  }
  if (step !== SYNC_STEP_2 && step !== SYNC_UPDATE) throw new MalformedMessageError(`unknown sync message type ${step}`);
  return { type: step === SYNC_STEP_2 ? 'syncStep2' : 'update', update: payload, decoded: Y.decodeUpdate(payload) };
}

/** Our state vector: the client answers with what we lack. */
export function syncStep1Message(doc: Y.Doc): Uint8Array {
  return framed(MESSAGE_SYNC, (encoder) => {
    encoding.writeVarUint(encoder, SYNC_STEP_1);
    encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc));
  });
}

/** What the client lacks, given its state vector. */
export function syncStep2Message(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  return framed(MESSAGE_SYNC, (encoder) => {
    encoding.writeVarUint(encoder, SYNC_STEP_2);
    encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(doc, stateVector));
  });
}

export function updateMessage(update: Uint8Array): Uint8Array {
  return framed(MESSAGE_SYNC, (encoder) => {
    encoding.writeVarUint(encoder, SYNC_UPDATE);
    encoding.writeVarUint8Array(encoder, update);
  });
}

export function awarenessMessage(update: Uint8Array): Uint8Array {
  return framed(MESSAGE_AWARENESS, (encoder) => encoding.writeVarUint8Array(encoder, update));
}

/** y-protocols' auth message "permission denied": the provider logs the reason. */
export function permissionDeniedMessage(reason: string): Uint8Array {
  return framed(MESSAGE_AUTH, (encoder) => {
    encoding.writeVarUint(encoder, AUTH_PERMISSION_DENIED);
    encoding.writeVarString(encoder, reason);
  });
}

function framed(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** lib0 reads views into the received buffer; what is kept gets its own bytes. */
function copy(view: Uint8Array): Uint8Array {
  return Uint8Array.prototype.slice.call(view);
}
