import { type Customer } from '../../api/customer';

/**
 * A search as the user typed it, made canonical: trimmed, runs of whitespace collapsed to one
 * space, lower-cased. Rotor matches case-insensitively, so "Acme  Roof " and "acme roof" are
 * one query: one cache entry, one request.
 */
export function normalizeSearchQuery(raw: string): string {
  return raw.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * The texts Rotor's `search` parameter is matched against: first name, last name, company name,
 * email, phone (documented), plus "first last" so that a full name typed with its space finds
 * the person (what the sandbox does; if Rotor does not, a local answer shows a superset of its
 * answer, never less).
 */
function searchableTexts(c: Customer): string[] {
  const texts = [c.firstName, c.lastName, c.companyName, c.email, c.phone].filter(
    (t): t is string => typeof t === 'string',
  );
  if (c.firstName !== undefined && c.lastName !== undefined) texts.push(`${c.firstName} ${c.lastName}`);
  return texts;
}

/**
 * The server's matching rule, applied locally: `query` (already normalized) is a
 * case-insensitive substring of one of the searchable fields. Field text is not normalized
 * further, exactly as Rotor compares it.
 */
export function customerMatches(c: Customer, query: string): boolean {
  if (query === '') return true;
  return searchableTexts(c).some((text) => text.toLowerCase().includes(query));
}

/**
 * Whether every customer matching `refined` also matches `base`, so that a complete answer for
 * `base` filtered with `customerMatches(…, refined)` is the complete answer for `refined`. True
 * when `base` is a substring of `refined`: a field that contains "acme ro" contains "acme".
 */
export function isRefinementOf(refined: string, base: string): boolean {
  return refined.includes(base);
}
