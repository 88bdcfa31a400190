// The signed tokens of CrossCourt (jose, HS256 with the court's token key). Each kind of token has
// its own `typ`, so an invitation can never be used as a session and the other way round.
import { compactVerify, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { CourtError } from '../domain/CourtError.js';

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

/**
 * The token's claims if it is well formed, of this type, signed with the key and not expired.
 * Otherwise a CourtError with `expiredCode` (expired) or `invalidCode` (anything else).
 */
export async function verifyToken(
  key: Uint8Array,
  typ: TokenType,
  token: string,
  now: Date,
  codes: { invalid: 'UNAUTHENTICATED' | 'INVITATION_INVALID'; expired: 'SESSION_EXPIRED' | 'INVITATION_EXPIRED' },
  what: string,
): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, key, { typ, algorithms: ['HS256'], issuer: 'crosscourt', currentDate: now, clockTolerance: TOKEN_CLOCK_TOLERANCE_MS / 1000 });
    return payload;
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new CourtError(codes.expired, `the ${what} has expired`);
    throw new CourtError(codes.invalid, `the ${what} is not valid (it is malformed, altered or not issued by this court)`);
  }
}

/**
 * The claims of a token this court signed, whatever its expiry: for telling whose audit log a
 * refused (expired, used) token belongs in. Undefined if the signature or type is wrong.
 */
export async function signedClaims(key: Uint8Array, typ: TokenType, token: string): Promise<JWTPayload | undefined> {
  try {
    const { payload, protectedHeader } = await compactVerify(token, key, { algorithms: ['HS256'] });
    if (protectedHeader.typ !== typ) return undefined;
    return JSON.parse(new TextDecoder().decode(payload)) as JWTPayload;
  } catch {
    return undefined;
  }
}
