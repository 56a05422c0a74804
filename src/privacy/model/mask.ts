import { type Address, type Customer } from '../../api/customer';

/**
 * Screen-share mode's one masking step. Every surface that shows a customer (hover, panel,
 * trees, hints, Find Customer, exports, agent tools, Open as JSON) renders what `maskCustomer`
 * returns, so the unmasked values never reach a renderer, let alone the DOM or a tree item.
 * Pure (no vscode import): unit-tested in Node.
 */

/** `off`: everything as Rotor sent it. `screenShare`: contact details masked, street, location and notes out. */
export type MaskMode = 'off' | 'screenShare';

/** What a masked value is replaced with. */
export const MASK = '•••';

/** Shown instead of each value of a field the extension does not know: it may hold anything. */
export const HIDDEN_VALUE = '(hidden in screen-share mode)';

/** The first character (a whole code point, so an emoji or a surrogate pair is not split). */
function firstChar(text: string): string {
  const first = Array.from(text.trim())[0];
  return first ?? '';
}

/**
 * `jane.doe@acme-roofing.example` → `j•••@a•••.example`: the first character of the local part,
 * the first of the domain's first label, the domain from its last dot kept. A value without `@`,
 * or with nothing before it, is masked whole.
 */
export function maskEmail(email: string): string {
  const value = email.trim();
  const at = value.lastIndexOf('@');
  if (at <= 0) return MASK;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  const lastDot = domain.lastIndexOf('.');
  // The top-level domain is kept only when it looks like one: a short run of letters.
  const tld = lastDot > 0 ? domain.slice(lastDot) : '';
  const keptTld = /^\.\p{L}{1,24}$/u.test(tld) ? tld : '';
  const domainStart = firstChar(domain);
  return `${firstChar(local)}${MASK}@${domainStart && domainStart !== '.' ? domainStart : ''}${MASK}${keptTld}`;
}

/** Digits needed before the last 4 are shown: shorter numbers (extensions, short codes) are masked whole. */
const MIN_DIGITS_TO_SHOW_END = 7;

/**
 * `+1 (555) 010-0142` → `•••-0142`: the last 4 digits of the number, an extension (`ext. 12`,
 * `x12`, `#12`) ignored. Fewer than 7 digits: masked whole, since 4 of them would be most of it.
 */
export function maskPhone(phone: string): string {
  const number = phone.replace(/\s*(?:ext\.?|extension|x|#)\s*\d+\s*$/i, '');
  const digits = number.replace(/[^0-9]/g, '');
  return digits.length >= MIN_DIGITS_TO_SHOW_END ? `${MASK}-${digits.slice(-4)}` : MASK;
}

export interface MaskOptions {
  /** The user chose "Show notes" in this panel: notes pass through unmasked. */
  readonly revealNotes?: boolean;
}

/**
 * The customer as a surface may show it in `mode`. Off: the same object. Screen-share: email and
 * phone masked; street lines, zip and location removed (a zip with the city narrows a home down
 * to a few streets); notes removed unless revealed; the value of every unknown field replaced by
 * HIDDEN_VALUE (their names stay, so the panel says what there is). Name, company, status, city,
 * state, country, tags, source, dates and payment flags stay.
 */
export function maskCustomer(c: Customer, mode: MaskMode, options: MaskOptions = {}): Customer {
  if (mode === 'off') return c;
  const { email, phone, notes, location: _location, address, otherFields, ...rest } = c;
  const masked: { -readonly [K in keyof Customer]?: Customer[K] } = { ...rest };
  if (email !== undefined) masked.email = maskEmail(email);
  if (phone !== undefined) masked.phone = maskPhone(phone);
  if (notes !== undefined && options.revealNotes === true) masked.notes = notes;
  if (address !== undefined) {
    const { street1: _s1, street2: _s2, zip: _zip, ...kept } = address;
    masked.address = kept satisfies Address;
  }
  const hidden: Record<string, unknown> = {};
  for (const key of Object.keys(otherFields)) {
    // defineProperty: a `__proto__` field stays an own, visible entry (as parseCustomer keeps it).
    Object.defineProperty(hidden, key, { value: HIDDEN_VALUE, enumerable: true, writable: true, configurable: true });
  }
  masked.otherFields = hidden;
  return masked as Customer;
}

/** True when `mode` hides something of `c` that its notes action can reveal. */
export function hasHiddenNotes(c: Customer, mode: MaskMode): boolean {
  return mode === 'screenShare' && c.notes !== undefined && c.notes.trim() !== '';
}

/** A lookup-like value with a customer in it, masked; anything else as it is. */
export function maskKnown<T extends { readonly kind: string }>(value: T, mode: MaskMode): T {
  if (mode === 'off' || value.kind !== 'customer' || !('customer' in value)) return value;
  return { ...value, customer: maskCustomer(value.customer as Customer, mode) };
}
