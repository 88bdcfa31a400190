// Who is in a document with you (the awareness of Yjs): a name, a role and a colour that the
// court sets from the session, never from what a client claims, and the cursor. Nothing else a
// client puts in its awareness state is passed on, so presence cannot carry what another role
// may not see.
import type { CaseRole } from '../access/roles.js';

export interface Presence {
  readonly name: string;
  readonly role: CaseRole;
  readonly colour: string;
}

/** Cursor colours, distinguishable on white and from each other. */
export const PRESENCE_COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'] as const;

/** The largest cursor (JSON characters) passed on; a bigger one is dropped. */
export const MAX_CURSOR_CHARS = 2048;

export function presenceOf(participant: { readonly id: string; readonly displayName: string; readonly role: CaseRole }): Presence {
  return { name: participant.displayName, role: participant.role, colour: PRESENCE_COLOURS[hash(participant.id) % PRESENCE_COLOURS.length]! };
}

/**
 * The awareness state passed on for a client's claimed one: `null` (it leaves) stays `null`;
 * anything but an object is dropped (undefined); an object keeps only its cursor and gets the
 * court's `user`. `user.color` repeats the colour for the editor bindings (y-prosemirror,
 * y-codemirror) that read that spelling.
 */
export function presentedState(claimed: unknown, presence: Presence): Record<string, unknown> | null | undefined {
  if (claimed === null) return null;
  if (typeof claimed !== 'object' || Array.isArray(claimed)) return undefined;
  const state: Record<string, unknown> = { user: { name: presence.name, role: presence.role, colour: presence.colour, color: presence.colour } };
  const cursor = (claimed as { cursor?: unknown }).cursor;
  if (cursor === null || (typeof cursor === 'object' && cursor !== undefined && JSON.stringify(cursor).length <= MAX_CURSOR_CHARS)) state.cursor = cursor;
  return state;
}

/** FNV-1a: a stable small hash, so a person keeps their colour across documents and visits. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
