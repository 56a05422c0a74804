import { type Customer, toApiShape } from '../../api/customer';
import { type RotorError } from '../../api/errors';
import { type PanelMessage } from './protocol';
import { shortId } from '../../api/customerId';
import { cleanFull, mailtoHref, mapPoint, telHref } from './customerLinks';
import { escapeAttribute, escapeHtml, truncate, visibleJson } from './html';
import { cleanMultiline, cleanText, displayName, relativeTime, usableLocale } from '../../common/model/text';
import { presentError } from './errorPresentation';

/**
 * The customer panel's page as one HTML string. Pure: the webview shell builds the model (data,
 * clock, locale, nonce, resource URIs) and sets the result as `webview.html`.
 *
 * Every value from Rotor is cleaned (control characters, NUL and bidi overrides removed),
 * shortened for display with the longer form in a `title`, and escaped; links are built only by
 * `customerLinks`. The only script and stylesheet are our own build output (media/), inline under
 * the page's nonce; there are no inline style attributes or handlers: buttons carry a `data-action` (a PanelMessage in data attributes) that the page script (page.ts) posts.
 */

/** What the panel shows. */
export type PanelView =
  | { readonly kind: 'loading' }
  | { readonly kind: 'customer'; readonly customer: Customer; readonly fetchedAt: number; readonly stale?: RotorError }
  | { readonly kind: 'notFound'; readonly fetchedAt: number }
  | { readonly kind: 'error'; readonly error: RotorError };

export interface CustomerPageModel {
  /** The canonical customer ID the panel is for. */
  readonly id: string;
  readonly view: PanelView;
  /** A refresh is under way: the Refresh button is disabled and the status line says so. */
  readonly busy?: boolean;
  readonly now: number;
  /** BCP 47 tag (vscode.env.language); an unusable one falls back to English. */
  readonly locale: string;
  /** Time zone for the "local time" of a quota reset; default: the host's. For tests. */
  readonly timeZone?: string;
  readonly nonce: string;
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** The page's stylesheet and script, put inline under the nonce. */
  readonly assets: PageAssets;
  /**
   * Screen-share mode: the view's customer is already masked (privacy/model/mask.ts); this only
   * says so and whether notes were held back, so the page offers "Show notes".
   */
  readonly privacy?: { readonly masked: boolean; readonly notesHidden: boolean };
  /**
   * The connection the customer comes from, said at the top when there are several (the same
   * UUID may be another customer in another company). `id` goes into the page's saved state.
   */
  readonly connection?: { readonly id: string; readonly name: string; readonly companyId?: string };
}

/** media/customer.css and media/customer.js: our own build output, never data from Rotor. */
export interface PageAssets {
  readonly style: string;
  readonly script: string;
}

const TICKET_NOTE_TITLE =
  'Copy name, company, status, city, ID and auto-pay as Markdown for a ticket (no contact details)';

/** How much of a value the page shows before cutting it (the full value stays in Open as JSON). */
export const LIMITS = {
  name: 200,
  field: 300,
  /** `title` attributes holding the longer form of a shortened value. */
  title: 1_000,
  tag: 60,
  tags: 50,
  locationNumbers: 20,
  notes: 5_000,
  otherFields: 200,
  otherValue: 2_000,
  rawJson: 64_000,
} as const;

export function contentSecurityPolicy(model: Pick<CustomerPageModel, 'cspSource' | 'nonce'>): string {
  const src = model.cspSource;
  return [
    "default-src 'none'",
    `style-src ${src} 'nonce-${model.nonce}'`,
    `img-src ${src} https: data:`,
    `script-src 'nonce-${model.nonce}'`,
    `font-src ${src}`,
  ].join('; ');
}

/** The panel's tab title: the customer's name, else a short ID. */
export function panelTitle(view: PanelView, id: string): string {
  return view.kind === 'customer' ? displayName(view.customer, 60) : `Customer ${shortId(id)}`;
}

/** The page's `<main>`: all that changes while a panel is open (the host posts it to an open page). */
export function renderCustomerMain(model: CustomerPageModel): string {
  const ctx: RenderContext = { ...model, locale: usableLocale(model.locale) };
  const view = model.view;
  let body: string;
  switch (view.kind) {
    case 'loading':
      body = loadingBody(ctx);
      break;
    case 'customer':
      body = customerBody(ctx, view);
      break;
    case 'notFound':
      body = notFoundBody(ctx, view.fetchedAt);
      break;
    case 'error':
      body = errorBody(ctx, view.error);
      break;
  }
  const c = model.connection;
  const connection = c
    ? `<p class="connection muted">Connection: <strong>${escapeHtml(c.name)}</strong>${c.companyId ? ` · company ${escapeHtml(c.companyId)}` : ''}</p>\n`
    : '';
  return `<main class="page">
${connection}${body}
</main>`;
}

export function renderCustomerPage(model: CustomerPageModel): string {
  const view = model.view;
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(usableLocale(model.locale))}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(model))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${escapeAttribute(model.nonce)}">${inlineElementText(model.assets.style, 'style')}</style>
<title>${escapeHtml(panelTitle(view, model.id))}</title>
</head>
<body data-customer-id="${escapeAttribute(model.id)}"${model.connection ? ` data-connection="${escapeAttribute(model.connection.id)}"` : ''}>
${renderCustomerMain(model)}
<script nonce="${escapeAttribute(model.nonce)}">${inlineElementText(model.assets.script, 'script')}</script>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------
// Pieces

interface RenderContext extends CustomerPageModel {
  readonly locale: string;
}

const NOT_SET = '<span class="muted">Not set</span>';

/** A value cleaned and cut to `max`, with a longer form in `title` when it was cut. */
function textHtml(value: string, max: number): string {
  const short = cleanText(value, max);
  const long = cleanText(value, LIMITS.title);
  return long === short ? escapeHtml(short) : `<span title="${escapeAttribute(long)}">${escapeHtml(short)}</span>`;
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && cleanText(value) !== '';
}

/** A PanelMessage as data attributes; the page script (page.ts) turns them back into the message. */
function actionAttributes(message: PanelMessage): string {
  const attributes = [`data-action="${escapeAttribute(message.type)}"`];
  for (const [key, value] of Object.entries(message)) {
    if (key !== 'type' && value !== undefined) attributes.push(`data-${key}="${escapeAttribute(String(value))}"`);
  }
  return attributes.join(' ');
}

interface ButtonOptions {
  readonly primary?: boolean;
  /** Must start with the visible label (what a voice-control user says). */
  readonly ariaLabel?: string;
  /** A tooltip that adds to the label without replacing it for screen readers. */
  readonly title?: string;
  readonly disabled?: boolean;
  readonly small?: boolean;
}

function button(label: string, message: PanelMessage, options: ButtonOptions = {}): string {
  const classes = ['button', options.primary ? 'primary' : 'secondary', options.small ? 'small' : '']
    .filter(Boolean)
    .join(' ');
  const tooltip = options.title ?? options.ariaLabel;
  const aria =
    (options.ariaLabel ? ` aria-label="${escapeAttribute(options.ariaLabel)}"` : '') +
    (tooltip ? ` title="${escapeAttribute(tooltip)}"` : '');
  const disabled = options.disabled ? ' disabled' : '';
  return `<button type="button" class="${classes}" ${actionAttributes(message)}${aria}${disabled}>${escapeHtml(label)}</button>`;
}

/** A timestamp shown relative ("3 minutes ago"); the page script keeps the text current. */
function relativeTimeHtml(ctx: RenderContext, at: number): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return 'at an unknown time';
  const absolute = new Intl.DateTimeFormat(ctx.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(ctx.timeZone ? { timeZone: ctx.timeZone } : {}),
  }).format(date);
  return `<time datetime="${escapeAttribute(date.toISOString())}" data-ts="${String(at)}" title="${escapeAttribute(absolute)}" aria-live="off">${escapeHtml(relativeTime(at, ctx.now, ctx.locale))}</time>`;
}

function statusBadge(status: string | undefined): string {
  if (!nonEmpty(status)) return '';
  const text = cleanText(status, 30);
  const normalized = cleanText(status).toLowerCase();
  const kind = normalized === 'active' ? 'active' : normalized === 'inactive' ? 'inactive' : 'neutral';
  const label = kind === 'neutral' ? text : kind === 'active' ? 'Active' : 'Inactive';
  const title =
    kind === 'neutral' && text !== cleanText(status, LIMITS.title)
      ? ` title="${escapeAttribute(cleanText(status, LIMITS.title))}"`
      : '';
  return `<span class="badge badge-${kind}"${title}><span class="visually-hidden">Status: </span>${escapeHtml(label)}</span>`;
}

function section(id: string, heading: string, content: string): string {
  return `<section class="section" aria-labelledby="${id}-heading">
<h2 id="${id}-heading">${escapeHtml(heading)}</h2>
${content}
</section>`;
}

function fieldList(rows: readonly (readonly [label: string, valueHtml: string])[]): string {
  return `<dl class="fields">
${rows.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`).join('\n')}
</dl>`;
}

function idRow(id: string): readonly [string, string] {
  return [
    'Customer ID',
    `<code class="id">${escapeHtml(id)}</code> ${button('Copy', { type: 'copy', what: 'id' }, { small: true, ariaLabel: 'Copy customer ID' })}`,
  ];
}

// ---------------------------------------------------------------------------------------------
// Customer

function customerBody(ctx: RenderContext, view: Extract<PanelView, { kind: 'customer' }>): string {
  const c = view.customer;
  const name = displayName(c, LIMITS.name);
  const longName = displayName(c, LIMITS.title);
  const company =
    nonEmpty(c.companyName) && cleanText(c.companyName, LIMITS.name) !== name
      ? `<p class="subtitle">${textHtml(c.companyName, LIMITS.name)}</p>`
      : '';
  const fetched = ctx.busy
    ? `Refreshing… (showing data fetched ${relativeTimeHtml(ctx, view.fetchedAt)})`
    : `Fetched ${relativeTimeHtml(ctx, view.fetchedAt)}`;
  const actions = [
    button(
      ctx.busy ? 'Refreshing…' : 'Refresh',
      { type: 'refresh' },
      { primary: true, disabled: ctx.busy === true, title: 'Ask Rotor again for this customer' },
    ),
    button('Copy ID', { type: 'copy', what: 'id' }),
    nonEmpty(c.email) ? button('Copy email', { type: 'copy', what: 'email' }) : '',
    nonEmpty(c.phone) ? button('Copy phone', { type: 'copy', what: 'phone' }) : '',
    button('Copy as Ticket Note', { type: 'copy', what: 'ticketNote' }, { title: TICKET_NOTE_TITLE }),
    button(
      'Open as JSON',
      { type: 'openJson' },
      ctx.privacy?.masked
        ? { title: 'Open the record in a JSON editor, masked as shown here (screen-share mode is on)' }
        : { title: 'Open the whole record, as Rotor sent it, in a JSON editor' },
    ),
  ].filter(Boolean);
  const maskedNote = ctx.privacy?.masked
    ? '<p class="muted screen-share" role="note">Screen-share mode is on: contact details are masked, street, location and notes hidden.</p>'
    : '';

  return `<header class="header">
<div class="title-row">
<h1${longName !== name ? ` title="${escapeAttribute(longName)}"` : ''}>${escapeHtml(name)}</h1>
${statusBadge(c.status)}
</div>
${company}
<p class="fetched" role="status">${fetched}</p>
${maskedNote}
<div class="toolbar">
${actions.join('\n')}
</div>
</header>
${view.stale ? staleBanner(ctx, view.stale, view.fetchedAt) : ''}
${section(
  'contact',
  'Contact',
  fieldList([
    // Masked values are text, not mailto:/tel: links: opening them would show the original.
    ['Email', ctx.privacy?.masked ? plainHtml(c.email) : emailHtml(c.email)],
    ['Phone', ctx.privacy?.masked ? plainHtml(c.phone) : phoneHtml(c.phone)],
  ]),
)}
${section(
  'place',
  'Address',
  fieldList([
    ['Address', addressHtml(c)],
    [
      'Location',
      ctx.privacy?.masked ? '<span class="muted">Hidden in screen-share mode</span>' : locationHtml(c.location),
    ],
  ]),
)}
${section(
  'details',
  'Details',
  fieldList([
    ['Tags', tagsHtml(c.tags)],
    ...paymentRows(c),
    ['Source', nonEmpty(c.source) ? textHtml(c.source, LIMITS.field) : NOT_SET],
    ['Created', createdHtml(ctx, c.createdAt)],
    idRow(ctx.id),
  ]),
)}
${ctx.privacy?.notesHidden ? hiddenNotesHtml() : notesHtml(c.notes)}
${otherFieldsHtml(c)}
${rawJsonHtml(c)}`;
}

function plainHtml(value: string | undefined): string {
  return nonEmpty(value) ? textHtml(value, LIMITS.field) : NOT_SET;
}

function emailHtml(email: string | undefined): string {
  if (!nonEmpty(email)) return NOT_SET;
  const href = mailtoHref(email);
  if (!href) return textHtml(email, LIMITS.field);
  return `<a href="${escapeAttribute(href)}" ${actionAttributes({ type: 'open', what: 'email' })}>${escapeHtml(cleanText(email, LIMITS.field))}</a>`;
}

function phoneHtml(phone: string | undefined): string {
  if (!nonEmpty(phone)) return NOT_SET;
  const href = telHref(phone);
  if (!href) return textHtml(phone, LIMITS.field);
  return `<a href="${escapeAttribute(href)}" ${actionAttributes({ type: 'open', what: 'phone' })}>${escapeHtml(cleanText(phone, LIMITS.field))}</a>`;
}

function addressHtml(c: Customer): string {
  const a = c.address;
  if (!a) return NOT_SET;
  const cityLine = [
    [a.city, a.state]
      .filter(nonEmpty)
      .map((p) => cleanText(p, LIMITS.field))
      .join(', '),
    nonEmpty(a.zip) ? cleanText(a.zip, LIMITS.field) : '',
  ]
    .filter(Boolean)
    .join(' ');
  const lines = [
    nonEmpty(a.street1) ? textHtml(a.street1, LIMITS.field) : '',
    nonEmpty(a.street2) ? textHtml(a.street2, LIMITS.field) : '',
    cityLine ? escapeHtml(cityLine) : '',
    nonEmpty(a.country) ? textHtml(a.country, LIMITS.field) : '',
  ].filter(Boolean);
  if (lines.length === 0) return NOT_SET;
  return `<address class="address">${lines.map((l) => `<span class="line">${l}</span>`).join('')}</address>`;
}

function locationHtml(location: readonly number[] | undefined): string {
  if (!location) return NOT_SET;
  if (location.length === 0) return '<span class="muted">Empty</span>';
  const shown = location.slice(0, LIMITS.locationNumbers).map((n) => String(n));
  const more = location.length > shown.length ? ` … (${location.length - shown.length} more)` : '';
  const numbers = `<span class="numbers">${escapeHtml(shown.join(', ') + more)}</span>`;
  const point = mapPoint(location);
  if (!point) return numbers;
  const label = `Open in map: ${String(point.lat)}, ${String(point.lng)} on OpenStreetMap, in your browser`;
  return `${numbers} ${button('Open in map', { type: 'open', what: 'map' }, { small: true, ariaLabel: label })} <span class="muted hint">(read as latitude, longitude)</span>`;
}

function tagsHtml(tags: readonly string[]): string {
  const visible = tags.filter(nonEmpty);
  if (visible.length === 0) return '<span class="muted">None</span>';
  const shown = visible.slice(0, LIMITS.tags);
  const more =
    visible.length > shown.length ? `<li class="more muted">+${visible.length - shown.length} more</li>` : '';
  return `<ul class="chips">${shown.map((t) => `<li class="chip">${textHtml(t, LIMITS.tag)}</li>`).join('')}${more}</ul>`;
}

function paymentRows(c: Customer): (readonly [string, string])[] {
  const rows: (readonly [string, string])[] = [];
  if (c.isAutoPay !== undefined || c.hasPaymentMethod === undefined) {
    rows.push(['Auto-pay', c.isAutoPay === undefined ? NOT_SET : c.isAutoPay ? 'On' : 'Off']);
  }
  if (c.hasPaymentMethod !== undefined) rows.push(['Payment method on file', c.hasPaymentMethod ? 'Yes' : 'No']);
  return rows;
}

function createdHtml(ctx: RenderContext, createdAt: string | undefined): string {
  if (!nonEmpty(createdAt)) return NOT_SET;
  const at = Date.parse(createdAt);
  if (Number.isNaN(at)) return textHtml(createdAt, LIMITS.field);
  const date = new Date(at);
  const formatted = new Intl.DateTimeFormat(ctx.locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    ...(ctx.timeZone ? { timeZone: ctx.timeZone } : {}),
  }).format(date);
  return `${escapeHtml(formatted)} <span class="muted">(${relativeTimeHtml(ctx, at)})</span>`;
}

function notesHtml(notes: string | undefined): string {
  if (!nonEmpty(notes)) return '';
  const text = cleanMultiline(notes, LIMITS.notes).replace(/^\n+|\n+$/g, '');
  const cut =
    notes.length > LIMITS.notes
      ? '<p class="muted">The notes are shortened here; Open as JSON shows all of them.</p>'
      : '';
  return section('notes', 'Notes', `<div class="notes">${escapeHtml(text)}</div>${cut}`);
}

function hiddenNotesHtml(): string {
  return section(
    'notes',
    'Notes',
    `<p class="muted">Hidden in screen-share mode.</p>${button('Show notes', { type: 'showNotes' }, { small: true, title: 'Show the notes in this panel' })}`,
  );
}

function otherFieldsHtml(c: Customer): string {
  const entries = Object.entries(c.otherFields);
  if (entries.length === 0) return '';
  const shown = entries.slice(0, LIMITS.otherFields);
  const rows = shown.map(([key, value]): readonly [string, string] => {
    const json = truncate(visibleJson(value), LIMITS.otherValue);
    return [
      cleanText(key, 100) || '(empty name)',
      `<pre class="json">${escapeHtml(json.text)}${json.cut ? '…' : ''}</pre>`,
    ];
  });
  const more =
    entries.length > shown.length ? `<p class="muted">${entries.length - shown.length} more in Open as JSON.</p>` : '';
  return `<details class="section">
<summary><h2 class="summary-heading">Other fields (${entries.length})</h2></summary>
<p class="muted">Fields Rotor sent that this extension does not know or could not read, as JSON.</p>
${fieldList(rows)}
${more}
</details>`;
}

/** The record in Rotor's field names, as Open as JSON shows it (invisible characters escaped). */
export function customerJson(c: Customer): string {
  return visibleJson(toApiShape(c));
}

function rawJsonHtml(c: Customer): string {
  const json = truncate(customerJson(c), LIMITS.rawJson);
  const cut = json.cut
    ? `\n… ${json.cut.toLocaleString('en')} more characters: use Open as JSON for the whole record.`
    : '';
  return `<details class="section">
<summary><h2 class="summary-heading">Raw JSON</h2></summary>
<pre class="json"><code>${escapeHtml(json.text + cut)}</code></pre>
</details>`;
}

// ---------------------------------------------------------------------------------------------
// Loading, not found, errors

function loadingBody(ctx: RenderContext): string {
  return `<header class="header">
<h1>Customer ${escapeHtml(shortId(ctx.id))}</h1>
</header>
<p class="loading" role="status"><span class="spinner" aria-hidden="true"></span>Looking up the customer in Rotor…</p>
${fieldList([idRow(ctx.id)])}`;
}

function notFoundBody(ctx: RenderContext, fetchedAt: number): string {
  return `<header class="header">
<h1>Customer ${escapeHtml(shortId(ctx.id))}</h1>
</header>
<div class="banner banner-warning" role="alert">
<h2>Customer not found</h2>
<p>Rotor has no customer with this ID for your API key's company. Check that the ID is complete and belongs to this company; a deleted customer is not found either.</p>
<p class="muted">Checked ${relativeTimeHtml(ctx, fetchedAt)}.</p>
<div class="actions">${button(ctx.busy ? 'Checking…' : 'Check again', { type: 'refresh' }, { primary: true, disabled: ctx.busy === true })}</div>
</div>
${fieldList([idRow(ctx.id)])}`;
}

function errorBanner(ctx: RenderContext, error: RotorError, heading: string, extra = ''): string {
  const p = presentError(error, ctx.locale, ctx.timeZone);
  const actions = p.actions.map((a) =>
    button(a.message.type === 'refresh' && ctx.busy ? 'Working…' : a.label, a.message, {
      primary: a.primary === true,
      disabled: a.message.type === 'refresh' && ctx.busy === true,
    }),
  );
  return `<div class="banner ${extra ? 'banner-warning' : 'banner-error'}" role="alert">
<h2>${escapeHtml(heading || p.title)}</h2>
<p>${escapeHtml(p.detail)}</p>
${extra}
${actions.length ? `<div class="actions">${actions.join('\n')}</div>` : ''}
</div>`;
}

function staleBanner(ctx: RenderContext, error: RotorError, fetchedAt: number): string {
  const p = presentError(error, ctx.locale, ctx.timeZone);
  return errorBanner(
    ctx,
    error,
    `${p.title}: showing the last known data`,
    `<p>The data below was fetched ${relativeTimeHtml(ctx, fetchedAt)}.</p>`,
  );
}

function errorBody(ctx: RenderContext, error: RotorError): string {
  return `<header class="header">
<h1>Customer ${escapeHtml(shortId(ctx.id))}</h1>
</header>
${ctx.busy ? '<p class="loading" role="status"><span class="spinner" aria-hidden="true"></span>Trying again…</p>' : ''}
${errorBanner(ctx, error, '')}
${fieldList([idRow(ctx.id)])}`;
}

/** The value the host copies for Copy email / Copy phone: cleaned, never cut. */
export function copyValue(c: Customer, what: 'email' | 'phone'): string | undefined {
  const value = what === 'email' ? c.email : c.phone;
  return nonEmpty(value) ? cleanFull(value) : undefined;
}

/**
 * Text for a raw-text element (`<style>`, `<script>`): `</style` or `</script` inside it would end
 * the element early, so `</` before the tag name becomes `<\/`, which reads the same in CSS and in a
 * JavaScript string, template or regular expression. Our build output has none today; this keeps
 * it so.
 */
export function inlineElementText(text: string, element: 'style' | 'script'): string {
  return text.replace(new RegExp(`</(${element})`, 'gi'), '<\\/$1');
}
