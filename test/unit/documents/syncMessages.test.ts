// Reading the y-websocket protocol strictly, and telling an update that changes a document from
// one that repeats what it has.
import * as Y from 'yjs';
import { readAwarenessEntries } from '../../../server/docs/awarenessEntries.js';
import { MalformedMessageError, readClientMessage, syncStep2Message, updateMessage } from '../../../server/docs/syncMessages.js';
import { changesDocument } from '../../../server/docs/updateEffect.js';

function frame(...parts: number[][]): Uint8Array {
  return Uint8Array.from(parts.flat());
}

function withLength(bytes: Uint8Array): number[] {
  if (bytes.length > 127) throw new Error('test helper: short payloads only');
  return [bytes.length, ...bytes];
}

function textUpdate(doc: Y.Doc, edit: (text: Y.Text) => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  edit(doc.getText('body'));
  return Y.encodeStateAsUpdate(doc, before);
}

describe('readClientMessage', () => {
  test('reads sync step 1, step 2, update, awareness and the awareness query', () => {
    const doc = new Y.Doc();
    const update = textUpdate(doc, (t) => t.insert(0, 'hi'));
    expect(readClientMessage(frame([0, 0], withLength(Y.encodeStateVector(doc))))).toMatchObject({ type: 'syncStep1' });
    expect(readClientMessage(frame([0, 1], withLength(update)))).toMatchObject({ type: 'syncStep2', update });
    expect(readClientMessage(updateMessage(update))).toMatchObject({ type: 'update', update });
    expect(readClientMessage(frame([1], withLength(Uint8Array.from([0]))))).toMatchObject({ type: 'awareness' });
    expect(readClientMessage(Uint8Array.from([3]))).toEqual({ type: 'queryAwareness' });
  });

  test.each([
    ['empty', []],
    ['an unknown type', [7]],
    ['auth from a client', [2, 0, 0]],
    ['an unknown sync step', [0, 3, 0]],
    ['a length past the end', [0, 2, 9, 1]],
    ['bytes after the message', [0, 2, 2, 0, 0, 0]],
    ['an update that is not Yjs', [0, 2, 4, 200, 200, 200, 200]],
    ['a state vector that is not one', [0, 0, 2, 5, 200]],
  ])('%s is malformed', (_what, bytes) => {
    expect(() => readClientMessage(Uint8Array.from(bytes))).toThrow(MalformedMessageError);
  });

  test('what it keeps does not share the received buffer', () => {
    const doc = new Y.Doc();
    const received = updateMessage(textUpdate(doc, (t) => t.insert(0, 'copy me')));
    const message = readClientMessage(received);
    received.fill(0);
    const other = new Y.Doc();
    Y.applyUpdate(other, (message as { update: Uint8Array }).update);
    expect(other.getText('body').toString()).toBe('copy me');
  });
});

describe('readAwarenessEntries', () => {
  test('reads entries and refuses what is not JSON', () => {
    const json = new TextEncoder().encode('{"a":1}');
    expect(readAwarenessEntries(Uint8Array.from([1, 5, 2, json.length, ...json]))).toEqual([{ clientId: 5, clock: 2, state: { a: 1 } }]);
    expect(() => readAwarenessEntries(Uint8Array.from([1, 5, 2, 2, 0x7b, 0x7b]))).toThrow(MalformedMessageError);
    expect(() => readAwarenessEntries(Uint8Array.from([2, 5, 2, 4, ...new TextEncoder().encode('null')]))).toThrow(MalformedMessageError);
  });
});

describe('changesDocument', () => {
  const decode = (update: Uint8Array) => Y.decodeUpdate(update);

  test('new content changes it; the same content again does not', () => {
    const server = new Y.Doc();
    const client = new Y.Doc();
    const insert = textUpdate(client, (t) => t.insert(0, 'hello'));
    expect(changesDocument(server, decode(insert))).toBe(true);
    Y.applyUpdate(server, insert);
    expect(changesDocument(server, decode(insert))).toBe(false);
    expect(changesDocument(server, decode(Y.encodeStateAsUpdate(client)))).toBe(false);
  });

  test('an empty update (a fresh client’s sync step 2) changes nothing', () => {
    expect(changesDocument(new Y.Doc(), decode(Uint8Array.from([0, 0])))).toBe(false);
  });

  test('a deletion changes it once; a reconnecting client’s whole delete set again does not', () => {
    const server = new Y.Doc();
    const client = new Y.Doc();
    Y.applyUpdate(server, textUpdate(client, (t) => t.insert(0, 'hello world')));
    const deletion = textUpdate(client, (t) => t.delete(0, 6));
    expect(changesDocument(server, decode(deletion))).toBe(true);
    Y.applyUpdate(server, deletion);
    expect(server.getText('body').toString()).toBe('world');
    expect(changesDocument(server, decode(deletion))).toBe(false);
    // What a provider sends as its sync step 2 when it reconnects: nothing new, all its deletions.
    expect(changesDocument(server, decode(Y.encodeStateAsUpdate(client, Y.encodeStateVector(server))))).toBe(false);
  });

  test('a deletion of content the document does not have yet changes it (it is kept for later)', () => {
    const server = new Y.Doc();
    const client = new Y.Doc();
    textUpdate(client, (t) => t.insert(0, 'unseen'));
    const deletion = textUpdate(client, (t) => t.delete(0, 3));
    expect(changesDocument(server, decode(deletion))).toBe(true);
  });

  test('the answer to sync step 1 holds what the client lacks', () => {
    const server = new Y.Doc();
    server.getText('body').insert(0, 'from the server');
    const client = new Y.Doc();
    const reply = readClientMessage(syncStep2Message(server, Y.encodeStateVector(client)));
    Y.applyUpdate(client, (reply as { update: Uint8Array }).update);
    expect(client.getText('body').toString()).toBe('from the server');
  });
});
