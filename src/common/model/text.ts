import { type Customer } from '../../api/customer';
import { shortId } from '../../api/customerId';

/**
 * Text from the API made safe to show in one line: control characters, NULs and bidi
 * overrides removed (they can make a label lie about what it says), whitespace collapsed,
 * and long values cut with an ellipsis.
 */
export function cleanText(value: string, maxLength = 120): string {
  const cleaned = value
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (cleaned.length <= maxLength) return cleaned;
  // Do not cut a surrogate pair in half.
  let cut = maxLength - 1;
  const code = cleaned.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return cleaned.slice(0, cut) + '…';
}

/** Like cleanText, but keeps line breaks (notes). */
export function cleanMultiline(value: string, maxLength = 20_000): string {
  const lines = value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => cleanText(line, maxLength));
  const joined = lines.join('\n');
  return joined.length <= maxLength ? joined : joined.slice(0, maxLength - 1) + '…';
}

export function fullName(c: Customer): string {
  return cleanText([c.firstName, c.lastName].filter((p) => p && p.trim()).join(' '));
}

/** The name people know the customer by: person, else company, else a short ID. */
export function displayName(c: Customer, maxLength = 80): string {
  const name = fullName(c);
  if (name) return cleanText(name, maxLength);
  if (c.companyName && cleanText(c.companyName)) return cleanText(c.companyName, maxLength);
  return `Customer ${shortId(c.id)}`;
}

/** "Jane Doe · Acme Roofing" (company only when it is not the display name already). */
export function nameAndCompany(c: Customer, maxLength = 80): string {
  const name = displayName(c, maxLength);
  const company = c.companyName ? cleanText(c.companyName, maxLength) : '';
  return company && company !== name ? `${name} · ${company}` : name;
}

export function cityState(c: Customer): string {
  return cleanText([c.address?.city, c.address?.state].filter((p) => p && p.trim()).join(', '), 80);
}

const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/** Formatters by locale: building one costs more than the rest of a hover (about 15 µs). */
const FORMATS = new Map<string | undefined, Intl.RelativeTimeFormat>();

function relativeTimeFormat(locale: string | undefined): Intl.RelativeTimeFormat {
  let format = FORMATS.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    FORMATS.set(locale, format);
  }
  return format;
}

/** "3 minutes ago", "just now", "in 2 hours" in the given locale. */
export function relativeTime(then: number, now: number, locale?: string): string {
  const diff = then - now;
  const abs = Math.abs(diff);
  if (abs < 45_000) return 'just now';
  const format = relativeTimeFormat(locale);
  for (const [unit, ms] of UNITS) {
    if (abs >= ms || unit === 'minute') return format.format(Math.round(diff / ms), unit);
  }
  return 'just now';
}

/**
 * Backslash-escapes `$(`, so API text cannot render as a theme icon in labels that draw them
 * (tree items, quick picks). VS Code's own label parser reads `\$(` as the literal text `$(`.
 */
export function escapeIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}

/**
 * Backslash-escapes the punctuation markdown acts on, so API text can never form syntax: links
 * and images (brackets, parentheses), HTML and entities (< > &), emphasis, code, headings,
 * theme icons ($), and autolinks (the : . @ of URLs and e-mail addresses).
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&:@$]/g, (ch) => `\\${ch}`);
}

/** A locale Intl accepts, so formatting never throws on an odd `vscode.env.language`. */
export function usableLocale(locale: string): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0 ? locale : 'en';
  } catch {
    return 'en';
  }
}
