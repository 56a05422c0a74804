import { type Customer } from '../../../src/api/customer';
import { type CustomerPageModel, type PanelView, renderCustomerPage } from '../../../src/panel/model/customerHtml';
import { parsedCustomer, SAMPLE_ID } from '../../fixtures/customers';

export const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
export const NONCE = 'dGVzdC1ub25jZS0xMjM0NQ==';
export const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
/** Stand-ins for media/customer.css and media/customer.js, which the page carries inline. */
export const ASSETS = {
  style: '.page { color: var(--vscode-foreground); }',
  script: '(() => { "use strict"; })();',
} as const;

export function customerView(
  c: Customer = parsedCustomer(),
  extra: Partial<Extract<PanelView, { kind: 'customer' }>> = {},
): PanelView {
  return { kind: 'customer', customer: c, fetchedAt: NOW - 3 * 60_000, ...extra };
}

/** The page for a view, with fixed clock, locale, time zone, nonce and assets. */
export function page(view: PanelView, overrides: Partial<CustomerPageModel> = {}): string {
  return renderCustomerPage({
    id: SAMPLE_ID,
    view,
    now: NOW,
    locale: 'en',
    timeZone: 'UTC',
    nonce: NONCE,
    cspSource: CSP_SOURCE,
    assets: ASSETS,
    ...overrides,
  });
}

export interface Tag {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&amp;': '&',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(?:lt|gt|quot|#39|amp);/g, (e) => ENTITIES[e]!);
}

/**
 * Every real start tag of the page with its attributes. The renderer double-quotes and escapes
 * every attribute value, so a value never holds `"` or `>` and this scan is exact for our pages;
 * anything it cannot read as a tag is, by construction, text.
 */
export function tags(html: string): Tag[] {
  const out: Tag[] = [];
  for (const m of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    const attributes = new Map<string, string>();
    for (const a of m[2]!.matchAll(/([^\s"'>/=]+)(?:="([^"]*)")?/g))
      attributes.set(a[1]!.toLowerCase(), decodeEntities(a[2] ?? ''));
    out.push({ name: m[1]!.toLowerCase(), attributes });
  }
  return out;
}

/** The text a reader sees: tags (and our script) removed, entities decoded. */
export function visibleText(html: string): string {
  return decodeEntities(html.replace(/<script\b[^>]*><\/script>/g, '').replace(/<[^>]*>/g, ' '));
}

/** The message media/customer.js posts for an element's data attributes (mirrors its toMessage). */
export function messageFromAttributes(attributes: ReadonlyMap<string, string>): unknown {
  const action = attributes.get('data-action');
  const message: Record<string, unknown> = { type: action };
  const what = attributes.get('data-what');
  const command = attributes.get('data-command');
  const force = attributes.get('data-force');
  if (what !== undefined) message.what = what;
  if (command !== undefined) message.command = command;
  if (force === 'true') message.force = true;
  return message;
}
