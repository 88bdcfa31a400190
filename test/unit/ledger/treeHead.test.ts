import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { hashFromHex } from '../../../server/domain/ledger/hashing.js';
import {
  createTreeHead,
  ed25519PublicKeyFromRaw,
  rawEd25519PublicKey,
  signTreeHead,
  treeHeadBytes,
  verifyTreeHead,
  type SignedTreeHead,
} from '../../../server/domain/ledger/treeHead.js';

const ROOT = '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328';
const head = { treeSize: 8, rootHash: ROOT, timestamp: '2025-03-14T09:26:53.589Z' };

let privateKey: KeyObject;
let publicKey: KeyObject;

beforeAll(() => {
  ({ privateKey, publicKey } = generateKeyPairSync('ed25519'));
});

/** The hex text with one bit of the digit at `at` flipped (still valid hex). */
function flipHexBit(text: string, at = 0): string {
  const digit = (parseInt(text[at]!, 16) ^ 1).toString(16);
  return text.slice(0, at) + digit + text.slice(at + 1);
}

describe('a tree head has exactly one byte form to sign', () => {
  test('the bytes are the context string, then RFC 9162 TreeHeadDataV2 with no extensions', () => {
    const bytes = Buffer.from(treeHeadBytes(head));
    expect(bytes.length).toBe(75);
    expect(bytes.subarray(0, 24).toString('latin1')).toBe('CrossCourt tree head v1\0');
    expect(bytes.readBigUInt64BE(24)).toBe(BigInt(Date.parse(head.timestamp)));
    expect(bytes.readBigUInt64BE(32)).toBe(8n);
    expect(bytes[40]).toBe(32);
    expect(bytes.subarray(41, 73).toString('hex')).toBe(ROOT);
    expect(bytes.subarray(73).toString('hex')).toBe('0000');
    expect(bytes.toString('hex')).toBe(
      '43726f7373436f7572742074726565206865616420763100' + '0000019593fa5d95' /* 1741944413589 ms */ + '0000000000000008' + '20' + ROOT + '0000',
    );
  });

  test('the same head always gives the same bytes, whatever the key order', () => {
    const reordered = { timestamp: head.timestamp, rootHash: ROOT, treeSize: 8 };
    expect(Buffer.from(treeHeadBytes(reordered)).equals(Buffer.from(treeHeadBytes(head)))).toBe(true);
  });

  test.each([
    ['a root in upper-case hex', { rootHash: ROOT.toUpperCase() }, /rootHash must be 64 lowercase hex digits/],
    ['a root one byte short', { rootHash: ROOT.slice(2) }, /rootHash/],
    ['a negative size', { treeSize: -1 }, /treeSize/],
    ['a time without milliseconds', { timestamp: '2025-03-14T09:26:53Z' }, /timestamp/],
    ['a time with an offset instead of Z', { timestamp: '2025-03-14T10:26:53.589+01:00' }, /timestamp/],
    ['a day that does not exist', { timestamp: '2025-02-30T00:00:00.000Z' }, /timestamp/],
    ['a time before 1970', { timestamp: '1969-12-31T23:59:59.999Z' }, /timestamp/],
  ])('a head with %s has no byte form', (_name, change, message) => {
    expect(() => treeHeadBytes({ ...head, ...change })).toThrow(message);
  });

  test('createTreeHead writes the root in hex and the time in UTC', () => {
    const created = createTreeHead(8, hashFromHex(ROOT), new Date(Date.UTC(2025, 2, 14, 9, 26, 53, 589)));
    expect(created).toEqual(head);
  });
});

describe('a signed tree head verifies only as signed, by the log key', () => {
  test('a head signed with the log key verifies with its public key', () => {
    const signed = signTreeHead(head, privateKey);
    expect(signed).toMatchObject(head);
    expect(signed.signature).toMatch(/^[0-9a-f]{128}$/);
    expect(verifyTreeHead(signed, publicKey)).toBe(true);
  });

  test.each([
    ['a flipped bit in the signature', (s: SignedTreeHead) => ({ ...s, signature: flipHexBit(s.signature, 10) })],
    ['a flipped bit in the root', (s: SignedTreeHead) => ({ ...s, rootHash: flipHexBit(s.rootHash, 63) })],
    ['a tree size one larger', (s: SignedTreeHead) => ({ ...s, treeSize: s.treeSize + 1 })],
    ['a time one millisecond later', (s: SignedTreeHead) => ({ ...s, timestamp: '2025-03-14T09:26:53.590Z' })],
  ])('a head with %s does not verify', (_name, tamper) => {
    expect(verifyTreeHead(tamper(signTreeHead(head, privateKey)), publicKey)).toBe(false);
  });

  test('a head signed by another key does not verify', () => {
    const other = generateKeyPairSync('ed25519');
    expect(verifyTreeHead(signTreeHead(head, other.privateKey), publicKey)).toBe(false);
  });

  test.each([
    ['a signature in upper-case hex', (s: SignedTreeHead) => ({ ...s, signature: s.signature.toUpperCase() })],
    ['a truncated signature', (s: SignedTreeHead) => ({ ...s, signature: s.signature.slice(0, 126) })],
    ['a signature in base64', (s: SignedTreeHead) => ({ ...s, signature: Buffer.from(s.signature, 'hex').toString('base64') })],
    ['no signature', (s: SignedTreeHead) => ({ ...s, signature: undefined })],
    ['an unparseable time', (s: SignedTreeHead) => ({ ...s, timestamp: 'yesterday' })],
  ])('a head with %s is refused, not thrown on', (_name, tamper) => {
    const malformed = tamper(signTreeHead(head, privateKey)) as unknown as SignedTreeHead;
    expect(verifyTreeHead(malformed, publicKey)).toBe(false);
  });

  test('a key of the wrong kind is a TypeError naming it', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => signTreeHead(head, rsa.privateKey)).toThrow(/privateKey must be an Ed25519 private KeyObject/);
    expect(() => signTreeHead(head, publicKey)).toThrow(/privateKey must be an Ed25519 private KeyObject/);
    expect(() => verifyTreeHead(signTreeHead(head, privateKey), privateKey)).toThrow(/publicKey must be an Ed25519 public KeyObject/);
  });

  test('an offline verifier holding only the raw 32-byte public key can verify', () => {
    const raw = rawEd25519PublicKey(publicKey);
    expect(raw).toHaveLength(32);
    const signed = signTreeHead(head, privateKey);
    expect(verifyTreeHead(signed, ed25519PublicKeyFromRaw(raw))).toBe(true);
    expect(() => ed25519PublicKeyFromRaw(raw.subarray(1))).toThrow(/raw must be a 32-byte Ed25519 public key/);
  });
});
