// The rules of documents written together, on top of the permission table: who reads and writes
// each kind, who may open one, minutes that reach the parties only once released, the languages
// of a document, and what presence may carry.
import { ACTIONS, isAllowed } from '../../../server/domain/access/permissions.js';
import { CASE_ROLES, type CaseRole } from '../../../server/domain/access/roles.js';
import { documentLanguages, requireReleasable, type CaseDocument } from '../../../server/domain/documents/caseDocument.js';
import { accessOf, DOCUMENT_KINDS, isVisibleTo, mayCreate, readActionOf, requireMayCreate, requireVisibleTo, writeActionOf } from '../../../server/domain/documents/documentKinds.js';
import { PRESENCE_COLOURS, presenceOf, presentedState } from '../../../server/domain/documents/presence.js';

describe('the table', () => {
  test.each(DOCUMENT_KINDS)('whoever writes %s also reads it', (kind) => {
    for (const role of CASE_ROLES) if (isAllowed(role, writeActionOf(kind))) expect({ role, reads: isAllowed(role, readActionOf(kind)) }).toEqual({ role, reads: true });
  });

  test('the list of documents is for exactly those who read some kind', () => {
    for (const role of CASE_ROLES) {
      expect({ role, lists: isAllowed(role, 'document.list') }).toEqual({ role, lists: DOCUMENT_KINDS.some((kind) => isAllowed(role, readActionOf(kind))) });
    }
  });

  test('observers read and write no document', () => {
    for (const action of ACTIONS.filter((a) => a.startsWith('document.') || DOCUMENT_KINDS.some((kind) => a.startsWith(`${kind}.`)))) {
      expect({ action, allowed: isAllowed('observer', action) }).toEqual({ action, allowed: false });
    }
  });
});

describe('opening a document', () => {
  // x: may open. Staff open a kind they read (the judge opens agreed facts for the parties);
  // everyone else only a kind they write.
  const EXPECTED: Record<string, string> = {
    //            J A M C cl re co wi in ob
    minutes:     'x x x x .  .  .  .  .  .',
    agreedFacts: 'x x . . x  x  x  .  .  .',
    settlement:  '. . x . x  x  x  .  .  .',
  };
  const cells = DOCUMENT_KINDS.flatMap((kind) => CASE_ROLES.map((role, i) => [kind, role, EXPECTED[kind]!.split(/\s+/)[i] === 'x'] as const));

  test.each(cells)('%s by a %s: %s', (kind, role, allowed) => {
    expect(mayCreate(role, kind)).toBe(allowed);
    if (allowed) expect(() => requireMayCreate(role, kind)).not.toThrow();
    else expect(() => requireMayCreate(role, kind)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
});

describe('minutes reach the parties once released', () => {
  const unreleased = { kind: 'minutes', released: false, locked: false } as const;
  const released = { kind: 'minutes', released: true, locked: false } as const;

  test.each(CASE_ROLES.filter((role) => isAllowed(role, 'minutes.read')))('a %s who reads minutes sees released ones', (role) => {
    expect(isVisibleTo(role, released)).toBe(true);
  });

  test('before release only court staff see them; a party is refused with DOCUMENT_NOT_RELEASED', () => {
    for (const role of ['judge', 'arbitrator', 'mediator', 'clerk'] as const) expect(isVisibleTo(role, unreleased)).toBe(true);
    for (const role of ['claimant', 'respondent', 'counsel'] as const) {
      expect(() => requireVisibleTo(role, unreleased)).toThrow(expect.objectContaining({ code: 'DOCUMENT_NOT_RELEASED' }));
    }
  });

  test('other kinds are not held back', () => {
    expect(isVisibleTo('claimant', { kind: 'agreedFacts', locked: false })).toBe(true);
  });

  test('only minutes are released, and once', () => {
    const document = (kind: CaseDocument['kind'], released?: boolean) => ({ kind, released, locked: false }) as unknown as CaseDocument;
    expect(() => requireReleasable(document('minutes', false))).not.toThrow();
    expect(() => requireReleasable(document('minutes', true))).toThrow(expect.objectContaining({ code: 'DOCUMENT_ALREADY_RELEASED' }));
    expect(() => requireReleasable(document('settlement'))).toThrow(expect.objectContaining({ code: 'DOCUMENT_NOT_RELEASABLE' }));
  });
});

describe('access of a connection', () => {
  test.each([
    ['claimant', 'agreedFacts', false, 'write'],
    ['judge', 'agreedFacts', false, 'read'],
    ['clerk', 'minutes', false, 'write'],
    ['claimant', 'minutes', false, 'read'],
    ['mediator', 'settlement', false, 'write'],
    ['mediator', 'settlement', true, 'read'],
  ] as const)('a %s in %s (locked: %s) may %s', (role, kind, locked, access) => {
    expect(accessOf(role as CaseRole, { kind, locked })).toBe(access);
  });
});

describe('languages of a document', () => {
  const ofCase = ['zh', 'pt-BR', 'en'];

  test('default to the language of the proceedings', () => {
    expect(documentLanguages(undefined, ofCase)).toEqual(['zh']);
    expect(documentLanguages([], ofCase)).toEqual(['zh']);
  });

  test('are the case’s own tags, matched without regard to case', () => {
    expect(documentLanguages(['PT-br', 'en'], ofCase)).toEqual(['pt-BR', 'en']);
  });

  test.each([
    [['fr'], /not a language of this case/],
    [['en', 'EN'], /each language of the document once/],
    [['zh', 'pt-BR', 'en'], /at most 2 languages/],
  ])('%j is refused: %s', (requested, message) => {
    expect(() => documentLanguages(requested, ofCase)).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD', message: expect.stringMatching(message) }));
  });
});

describe('presence', () => {
  const presence = presenceOf({ id: '3f2b0c4e-0000-4000-8000-000000000001', displayName: 'Zhang Wei', role: 'claimant' });

  test('a person keeps one colour from the court’s palette', () => {
    expect(PRESENCE_COLOURS).toContain(presence.colour);
    expect(presenceOf({ id: '3f2b0c4e-0000-4000-8000-000000000001', displayName: 'renamed', role: 'claimant' }).colour).toBe(presence.colour);
  });

  test('the court sets the user; the client keeps only its cursor', () => {
    const state = presentedState({ user: { name: 'Judge Wang', role: 'judge', colour: '#000000', email: 'x@example.com' }, cursor: { anchor: 1, head: 2 }, secret: 'x' }, presence);
    expect(state).toEqual({ user: { name: 'Zhang Wei', role: 'claimant', colour: presence.colour, color: presence.colour }, cursor: { anchor: 1, head: 2 } });
  });

  test('leaving stays leaving; what is not an object is dropped; an oversized cursor is not passed on', () => {
    expect(presentedState(null, presence)).toBeNull();
    expect(presentedState('hello', presence)).toBeUndefined();
    expect(presentedState([1, 2], presence)).toBeUndefined();
    expect(presentedState({ cursor: { anchor: 'x'.repeat(5000) } }, presence)).toEqual({ user: expect.objectContaining({ name: 'Zhang Wei' }) });
  });
});
