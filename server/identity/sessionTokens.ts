// The signed tokens of CrossCourt (HS256 with the court's token key: signed by jose, checked with
// node's HMAC). Each kind of token has its own `typ`, so an invitation can never be used as a
// session and the other way round.
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import { CourtError } from '../domain/CourtError.js';
import { isPlainRecord } from '../domain/plainRecord.js';

/** Leeway for the clocks of those who check a token's expiry. */
export const TOKEN_CLOCK_TOLERANCE_MS = 5_000;

export type TokenType = 'crosscourt-access+jwt' | 'crosscourt-invitation+jwt';

export async function signToken(key: Uint8Array, typ: TokenType, claims: JWTPayload, issuedAt: Date, expiresAt: Date): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ })
    .setIssuer('crosscourt')
    .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key);
}

/** Each token key imported once: createHmac with raw bytes imports them again on every check. */
const hmacKeys = new WeakMap<Uint8Array, KeyObject>();

function hmacKey(key: Uint8Array): KeyObject {
  let imported = hmacKeys.get(key);
  if (imported === undefined) hmacKeys.set(key, (imported = createSecretKey(key)));
  return imported;
}

/** The protected header signToken writes for each type, as it appears in the token. */
const signedHeaders = new Map<TokenType, string>();

function signedHeader(typ: TokenType): string {
  let encoded = signedHeaders.get(typ);
  if (encoded === undefined) signedHeaders.set(typ, (encoded = Buffer.from(JSON.stringify({ alg: 'HS256', typ })).toString('base64url')));
  return encoded;
}

/** The signature, header and claims of a compact token, base64url without padding. */
const SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * The claims of a compact HS256 token of type `typ` whose signature is the key's, whatever its
 * expiry; undefined for anything else. Checked with node's HMAC, synchronously: jose's check goes
 * through WebCrypto and costs a connection about 0.25 ms of the event loop, this about 10 µs.
 * (Tokens are still signed by jose: signToken.)
 */
function signedPayload(key: Uint8Array, typ: TokenType, token: string): JWTPayload | undefined {
  if (typeof token !== 'string') return undefined;
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => SEGMENT.test(part))) return undefined;
  const [header64, payload64, signature64] = parts as [string, string, string];
  const expected = createHmac('sha256', hmacKey(key)).update(`${header64}.${payload64}`).digest();
  const given = Buffer.from(signature64, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    // Only what signToken makes: HS256, this type, no extensions that change how to read it.
    // (Its own encoding of that header, the usual case, needs no decoding.)
    if (header64 !== signedHeader(typ)) {
      const header: unknown = JSON.parse(Buffer.from(header64, 'base64url').toString('utf8'));
      if (!isPlainRecord(header) || header.alg !== 'HS256' || header.typ !== typ || 'crit' in header || 'b64' in header) return undefined;
    }
    const payload: unknown = JSON.parse(Buffer.from(payload64, 'base64url').toString('utf8'));
    return isPlainRecord(payload) ? (payload as JWTPayload) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The token's claims if it is well formed, of this type, signed with the key, issued by this
 * court and not expired (TOKEN_CLOCK_TOLERANCE_MS of leeway, as for `nbf`). Otherwise a
 * CourtError with `expiredCode` (expired) or `invalidCode` (anything else).
 */
export function verifyToken(
  key: Uint8Array,
  typ: TokenType,
  token: string,
  now: Date,
  codes: { invalid: 'UNAUTHENTICATED' | 'INVITATION_INVALID'; expired: 'SESSION_EXPIRED' | 'INVITATION_EXPIRED' },
  what: string,
): JWTPayload {
  const invalid = () => new CourtError(codes.invalid, `the ${what} is not valid (it is malformed, altered or not issued by this court)`);
  const payload = signedPayload(key, typ, token);
  if (payload === undefined || payload.iss !== 'crosscourt') throw invalid();
  const { exp, nbf, iat } = payload;
  if (typeof exp !== 'number' || (nbf !== undefined && typeof nbf !== 'number') || (iat !== undefined && typeof iat !== 'number')) throw invalid();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const tolerance = TOKEN_CLOCK_TOLERANCE_MS / 1000;
  if (nbf !== undefined && nbf > nowSeconds + tolerance) throw invalid();
  if (exp <= nowSeconds - tolerance) throw new CourtError(codes.expired, `the ${what} has expired`);
  return payload;
}

/**
 * The claims of a token this court signed, whatever its expiry: for telling whose audit log a
 * refused (expired, used) token belongs in. Undefined if the signature or type is wrong.
 */
export function signedClaims(key: Uint8Array, typ: TokenType, token: string): JWTPayload | undefined {
  return signedPayload(key, typ, token);
}
