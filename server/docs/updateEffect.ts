// Whether a Yjs update would change a document: new content (structs past the document's state
// vector) or deletions of content not yet deleted. A client that reconnects answers our sync step
// 1 with its whole delete set, and a fresh one with an empty update; neither is worth storing.
import * as Y from 'yjs';
import type { DecodedUpdate } from './syncMessages.js';

export function changesDocument(doc: Y.Doc, update: DecodedUpdate): boolean {
  for (const struct of update.structs) {
    if (struct instanceof Y.Skip) continue;
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) return true;
  }
  for (const [client, ranges] of update.ds.clients) {
    for (const range of ranges) {
      if (!allDeleted(doc.store.clients.get(client), range.clock, range.clock + range.len)) return true;
    }
  }
  return false;
}

function allDeleted(structs: Array<Y.Item | Y.GC> | undefined, from: number, to: number): boolean {
  if (structs === undefined || structs.length === 0) return false;
  const last = structs[structs.length - 1]!;
  if (to > last.id.clock + last.length) return false;
  let index = Y.findIndexSS(structs, from);
  for (let clock = from; clock < to; index++) {
    const struct = structs[index]!;
    if (!struct.deleted) return false;
    clock = struct.id.clock + struct.length;
  }
  return true;
}
