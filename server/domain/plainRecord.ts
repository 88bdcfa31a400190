// Whether a value parsed from JSON (a payload, a token's header) is a plain record of fields:
// an object, not null, not an array. Shared by the server and the page.

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
