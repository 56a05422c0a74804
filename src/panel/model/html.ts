/**
 * HTML helpers for pages built as strings (the customer panel). Every value that did not come
 * from this extension's own code goes through one of these before it reaches markup, in the
 * manner of the markdown preview's `src/util/dom.ts`.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text content: `<`, `>`, `&` and both quotes become entities, so markup in data shows as text. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}

/** An attribute value; always used inside double quotes. Same escapes: both quotes included. */
export function escapeAttribute(value: string): string {
  return escapeHtml(value);
}

/**
 * Characters that can make a JSON text lie about what it says (bidi overrides, zero-width
 * marks, C1 controls, line separators). `JSON.stringify` escapes only U+0000–U+001F.
 */
const INVISIBLE_IN_JSON = /[\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g;

/**
 * Pretty JSON whose every string is visible as written: the characters above become `\uXXXX`
 * escapes. They can only occur inside JSON strings, so the text stays valid, equivalent JSON.
 */
export function visibleJson(value: unknown, indent = 2): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, null, indent);
  } catch {
    text = undefined;
  }
  if (text === undefined) return 'null';
  return text.replace(INVISIBLE_IN_JSON, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Cuts `text` to `max` characters (not splitting a surrogate pair); the count of what was cut, if anything. */
export function truncate(text: string, max: number): { readonly text: string; readonly cut: number } {
  if (text.length <= max) return { text, cut: 0 };
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return { text: text.slice(0, end), cut: text.length - end };
}
