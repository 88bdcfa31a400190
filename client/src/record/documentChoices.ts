// What the form that opens a document offers and accepts, before the court decides: the kinds
// the viewer's role may open (the domain's own rule, imported, not a copy of the table) and at
// least one of the case's languages. The court checks both again, and says so if a choice is
// more than a document holds (two languages). Free of the DOM: unit tests load it in Node.
import type { MessageKey } from '../messages/en.js';
import { DOCUMENT_KINDS, mayCreate, type CaseAction, type CaseRole, type DocumentKind } from './apiTypes.js';

/** The kinds the viewer may open, in the court's order. */
export function creatableKinds(viewer: { readonly you: { readonly role: CaseRole }; readonly may: readonly CaseAction[] }): DocumentKind[] {
  if (!viewer.may.includes('document.create')) return [];
  return DOCUMENT_KINDS.filter((kind) => mayCreate(viewer.you.role, kind));
}

/** The languages ticked for a new document, or what is wrong with the choice. */
export function chosenLanguages(checked: readonly string[]): string[] | { key: MessageKey } {
  return checked.length >= 1 ? [...checked] : { key: 'documents.chooseLanguages' };
}
