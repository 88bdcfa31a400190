// TEST HOOK, not an API: `window.crosscourtRecord` lets end-to-end tests (and a support engineer
// at the browser console) read what the record pages did without scraping them. Nothing in the
// app reads it.
//
//   window.crosscourtRecord = {
//     route: 'case',                        // the page shown (router.ts Route['name'])
//     principal: { kind, displayName, … },  // who is signed in, or null
//     upload: { percent: 100, state: 'done', evidenceId: '…' } | null,  // the last evidence upload
//     verification: {                       // the verify page's result, or null before it ran
//       state: 'running' | 'done' | 'error',
//       signatureValid: true,               // the tree head's Ed25519 signature, checked with WebCrypto
//       treeSize: 7, rootHash: '…',
//       entries: [{ seq: 0, type: 'case.created', status: 'verified' | 'failed' | 'pending', reason?: 'ROOT_MISMATCH' }],
//       error?: 'CODE',
//     },
//     document: {                           // the document page's state, or null elsewhere
//       id: '…', access: 'write' | 'read', languages: ['en'],
//       connection: 'connecting' | 'synced' | 'offline' | 'refused', reason?: 'ACCESS_REVOKED' | 'DOCUMENT_NOT_RELEASED' | …,
//       present: [{ name, role }],          // the others in the document now
//       denied: 0,                          // "permission denied" messages the court sent
//       texts: { en: '…' },                 // each language's text, blocks joined by newlines
//     } | null,
//     trial: {                              // the case page's asynchronous trial panel, or null elsewhere
//       inbox: 'connecting' | 'connected' | 'offline',   // its socket for the court's pushes
//       pushes: ['round:served', 'round:changed', …],   // the pushes it received, in order
//     } | null,
//   }
import type { PrincipalView } from './apiTypes.js';
import type { EntryStatus } from './ledgerVerification.js';

export interface UploadState {
  state: 'uploading' | 'done' | 'failed';
  percent: number;
  evidenceId?: string;
  code?: string;
}

export interface VerificationState {
  state: 'running' | 'done' | 'error';
  signatureValid: boolean | null;
  treeSize: number | null;
  rootHash: string | null;
  entries: Array<{ seq: number; type: string | null; status: EntryStatus['status']; reason?: string }>;
  error?: string;
}

export interface DocumentHookState {
  id: string;
  access: 'write' | 'read';
  languages: string[];
  connection: 'connecting' | 'synced' | 'offline' | 'refused';
  reason?: string;
  present: Array<{ name: string; role: string }>;
  denied: number;
  texts: Record<string, string>;
}

export interface TrialHookState {
  inbox: 'connecting' | 'connected' | 'offline';
  pushes: string[];
}

export interface RecordHook {
  route: string;
  principal: PrincipalView | null;
  upload: UploadState | null;
  verification: VerificationState | null;
  document: DocumentHookState | null;
  trial: TrialHookState | null;
}

declare global {
  interface Window {
    crosscourtRecord?: RecordHook;
  }
}

export function installRecordHook(): RecordHook {
  const hook: RecordHook = { route: '', principal: null, upload: null, verification: null, document: null, trial: null };
  window.crosscourtRecord = hook;
  return hook;
}
