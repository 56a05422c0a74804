/**
 * What a Rotor customer ID is: a UUID, 8-4-4-4-12 hex digits, any case, lower-cased as the
 * canonical form. The client checks every ID against this before it builds a path, and every
 * feature compares IDs in this form. Finding IDs inside text is the hover feature's scanner
 * (hover/model/customerIds.ts).
 */
const HEX = '[0-9a-fA-F]';
const EXACT = new RegExp(`^${HEX}{8}-${HEX}{4}-${HEX}{4}-${HEX}{4}-${HEX}{12}$`);

/** True for a bare UUID string (no surrounding spaces). */
export function isCustomerId(text: string): boolean {
  return text.length === 36 && EXACT.test(text);
}

/** Lower-case canonical form used as the cache key and in requests. */
export function normalizeCustomerId(text: string): string | undefined {
  const t = text.trim();
  return isCustomerId(t) ? t.toLowerCase() : undefined;
}

/** First eight hex digits: enough to tell customers apart in a title. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
