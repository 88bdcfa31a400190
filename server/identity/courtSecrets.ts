// The court's two keys, created on first start and kept in the record store so that they survive
// restarts and every node of a multi-node deployment uses the same ones:
//   - the Ed25519 key that signs ledger tree heads (its public half is published for verifiers);
//   - the HMAC key that signs session tokens and invitation links.
// Whoever can read the store can read these; protect the data folder or Redis accordingly.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { RecordStore } from '../store/RecordStore.js';
import { RecordConflictError } from '../store/storeErrors.js';

export interface CourtSecrets {
  readonly ledgerPrivateKey: KeyObject;
  readonly ledgerPublicKey: KeyObject;
  readonly tokenKey: Uint8Array;
}

interface StoredSecrets {
  ledgerPrivateKeyPem: string;
  tokenKey: string;
}

const KIND = 'courtSecret';
const ID = 'court';

export async function loadCourtSecrets(store: RecordStore): Promise<CourtSecrets> {
  let stored = await store.getRecord<StoredSecrets>(KIND, ID);
  if (stored === undefined) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const fresh: StoredSecrets = {
      ledgerPrivateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      tokenKey: randomBytes(32).toString('base64'),
    };
    try {
      await store.commit({ puts: [{ kind: KIND, id: ID, value: fresh, expectedVersion: 0 }] });
    } catch (error) {
      if (!(error instanceof RecordConflictError)) throw error; // another node created them first
    }
    stored = await store.getRecord<StoredSecrets>(KIND, ID);
  }
  const ledgerPrivateKey = createPrivateKey(stored!.value.ledgerPrivateKeyPem);
  return { ledgerPrivateKey, ledgerPublicKey: createPublicKey(ledgerPrivateKey), tokenKey: Buffer.from(stored!.value.tokenKey, 'base64') };
}
