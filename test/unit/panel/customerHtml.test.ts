import * as assert from 'node:assert/strict';
import {
  ApiKeyMissingError,
  AuthenticationRequiredError,
  BadResponseError,
  InsufficientScopeError,
  InvalidApiKeyError,
  InvalidBaseUrlError,
  NetworkError,
  QuotaExhaustedError,
  QuotaReserveError,
  type RotorError,
  ServerError,
  TimeoutError,
} from '../../../src/api/errors';
import {
  contentSecurityPolicy,
  type CustomerPageModel,
  LIMITS,
  panelTitle,
  renderCustomerMain,
  renderCustomerPage,
} from '../../../src/panel/model/customerHtml';
import { isPanelMessage } from '../../../src/panel/model/protocol';
import { HOSTILE_STRINGS, hostileCustomers, LONG_STRING } from '../../sandbox/demoData';
import { parsedCustomer, rawCustomer, SAMPLE_ID, sdkDriftCustomer } from '../../fixtures/customers';
import {
  ASSETS,
  CSP_SOURCE,
  customerView,
  messageFromAttributes,
  NONCE,
  NOW,
  page,
  tags,
  visibleText,
} from './pageHelpers';

/** Characters that must never reach the page as such (they are stripped or escaped). */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'srcset',
  'poster',
  'background',
  'cite',
]);

function cspOf(html: string): string {
  const meta = tags(html).find(
    (t) => t.name === 'meta' && t.attributes.get('http-equiv') === 'Content-Security-Policy',
  );
  assert.ok(meta, 'no CSP meta');
  return meta.attributes.get('content')!;
}

/** The page's structural safety, whatever the data: our nonce'd script and stylesheet only, no handlers, no style attributes, only our link schemes. */
function assertSafePage(html: string): void {
  const all = tags(html);
  const scripts = all.filter((t) => t.name === 'script');
  assert.equal(scripts.length, 1, 'exactly one script element');
  assert.equal(scripts[0]!.attributes.get('nonce'), NONCE);
  assert.equal(scripts[0]!.attributes.get('src'), undefined);
  assert.equal((html.match(/<script/gi) ?? []).length, 1, 'no other <script');
  assert.ok(html.includes(`<script nonce="${NONCE}">${ASSETS.script}</script>`), 'our script, inline');
  const styles = all.filter((t) => t.name === 'style');
  assert.equal(styles.length, 1, 'exactly one style element');
  assert.equal(styles[0]!.attributes.get('nonce'), NONCE);
  assert.equal((html.match(/<style/gi) ?? []).length, 1, 'no other <style');
  assert.ok(html.includes(`<style nonce="${NONCE}">${ASSETS.style}</style>`), 'our stylesheet, inline');
  assert.doesNotMatch(html, /<link/i);
  assert.doesNotMatch(html, /<img/i);
  assert.doesNotMatch(html, /<(iframe|object|embed|form|base|svg|math)\b/i);
  for (const t of all) {
    for (const [name, value] of t.attributes) {
      assert.ok(!name.startsWith('on'), `event handler attribute ${name} on <${t.name}>`);
      assert.notEqual(name, 'style', `inline style on <${t.name}>`);
      if (URL_ATTRIBUTES.has(name))
        assert.doesNotMatch(value, /^\s*(javascript|command|data|vbscript|file):/i, `${name}="${value}"`);
    }
    const href = t.attributes.get('href');
    if (href !== undefined && t.name === 'a') assert.match(href, /^(mailto|tel):/, `link ${href}`);
  }
  assert.doesNotMatch(html, INVISIBLE, 'bidi override, NUL or control character in the page');
  const csp = cspOf(html);
  assert.match(csp, new RegExp(`script-src 'nonce-${NONCE.replace(/[+/=]/g, (c) => `\\${c}`)}'`));
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
}

describe('customer page: rendering', () => {
  it('lays out every field of a full customer', () => {
    const html = page(customerView());
    const text = visibleText(html);
    assertSafePage(html);
    assert.match(html, /<h1>Jane Doe<\/h1>/);
    assert.match(text, /Acme Roofing/);
    assert.match(html, /class="badge badge-active"/);
    assert.match(text, /Status:\s+Active/);
    assert.match(html, /href="mailto:jane\.doe@acmeroofing\.example"/);
    assert.match(html, /href="tel:\+13035550142"/);
    assert.match(text, /1200 Larimer St/);
    assert.match(text, /Suite 300/);
    assert.match(text, /Denver, CO 80204/);
    assert.match(text, /39\.7478, -104\.9949/);
    assert.match(html, /data-action="open" data-what="map"/);
    assert.match(html, /<li class="chip">vip<\/li><li class="chip">residential<\/li>/);
    assert.match(text, /Auto-pay\s+On/);
    assert.match(text, /Referral/);
    assert.match(text, /December 27, 2019 at 6:11 PM/);
    assert.match(text, /\(\s*\d+ years ago\s*\)/);
    assert.match(html, /<div class="notes">Gate code 4411\.\nDog in the yard\.<\/div>/);
    assert.ok(html.includes(`<code class="id">${SAMPLE_ID}</code>`));
    assert.match(html, /<summary><h2 class="summary-heading">Raw JSON<\/h2><\/summary>/);
    assert.match(html, /&quot;first_name&quot;: &quot;Jane&quot;/);
    assert.match(text, /Fetched\s+3 minutes ago/);
    assert.match(html, /<p class="fetched" role="status">/);
    assert.match(html, /<dl class="fields">/);
    assert.doesNotMatch(html, /Other fields/);
    assert.equal(panelTitle(customerView(), SAMPLE_ID), 'Jane Doe');
  });

  it('offers Refresh, Copy ID, Copy email, Copy phone and Open as JSON as real buttons', () => {
    const buttons = tags(page(customerView())).filter((t) => t.name === 'button');
    const actions = buttons.map((b) => JSON.stringify(messageFromAttributes(b.attributes)));
    for (const expected of [
      { type: 'refresh' },
      { type: 'copy', what: 'id' },
      { type: 'copy', what: 'email' },
      { type: 'copy', what: 'phone' },
      { type: 'openJson' },
      { type: 'open', what: 'map' },
    ]) {
      assert.ok(actions.includes(JSON.stringify(expected)), `missing ${JSON.stringify(expected)}`);
    }
    for (const b of buttons) assert.equal(b.attributes.get('type'), 'button');
  });

  it('shows a sparse customer without inventing data', () => {
    const c = parsedCustomer({ id: SAMPLE_ID, first_name: 'Sparse' });
    const html = page(customerView(c));
    const text = visibleText(html);
    assertSafePage(html);
    assert.match(html, /<h1>Sparse<\/h1>/);
    assert.doesNotMatch(html, /class="badge/);
    assert.doesNotMatch(html, /mailto:|tel:/);
    assert.doesNotMatch(html, /data-what="email"|data-what="phone"|data-what="map"/);
    assert.match(text, /Email\s+Not set/);
    assert.match(text, /Address\s+Not set/);
    assert.match(text, /Tags\s+None/);
    assert.doesNotMatch(text, /Notes/);
  });

  it('falls back to the company, then to a short ID, for the title', () => {
    assert.equal(
      panelTitle(customerView(parsedCustomer({ id: SAMPLE_ID, company_name: 'Acme Roofing' })), SAMPLE_ID),
      'Acme Roofing',
    );
    assert.equal(
      panelTitle(customerView(parsedCustomer({ id: SAMPLE_ID })), SAMPLE_ID),
      `Customer ${SAMPLE_ID.slice(0, 8)}`,
    );
    assert.equal(panelTitle({ kind: 'loading' }, SAMPLE_ID), `Customer ${SAMPLE_ID.slice(0, 8)}`);
  });

  it('shows the SDK drift: payment method on file instead of auto-pay, no street2', () => {
    const text = visibleText(page(customerView(parsedCustomer(sdkDriftCustomer()))));
    assert.match(text, /Payment method on file\s+Yes/);
    assert.doesNotMatch(text, /Auto-pay/);
    assert.doesNotMatch(text, /Suite 300/);
    assert.match(text, /Location\s+Not set/);
  });

  it('shows other statuses neutrally and inactive as such', () => {
    assert.match(
      page(customerView(parsedCustomer(rawCustomer({ status: 'inactive' })))),
      /badge badge-inactive"><span class="visually-hidden">Status: <\/span>Inactive</,
    );
    assert.match(
      page(customerView(parsedCustomer(rawCustomer({ status: 'on hold' })))),
      /badge badge-neutral"><span class="visually-hidden">Status: <\/span>on hold</,
    );
  });

  it('offers the map only for two plausible coordinates', () => {
    assert.doesNotMatch(page(customerView(parsedCustomer(rawCustomer({ location: [0] })))), /data-what="map"/);
    assert.doesNotMatch(page(customerView(parsedCustomer(rawCustomer({ location: [0, 0] })))), /data-what="map"/);
    assert.doesNotMatch(
      page(customerView(parsedCustomer(rawCustomer({ location: [-104.99, 39.74] })))),
      /data-what="map"/,
    );
    assert.doesNotMatch(page(customerView(parsedCustomer(rawCustomer({ location: [1, 2, 3] })))), /data-what="map"/);
    assert.match(visibleText(page(customerView(parsedCustomer(rawCustomer({ location: [0] }))))), /Location\s+0\b/);
  });

  it('puts unknown fields in a collapsed "Other fields" section as escaped JSON', () => {
    const c = parsedCustomer(
      rawCustomer({ balance_cents: 12_550, custom_fields: { gate_code: '<1234>', pets: ['dog'] } }),
    );
    const html = page(customerView(c));
    assertSafePage(html);
    assert.match(
      html,
      /<details class="section">\n<summary><h2 class="summary-heading">Other fields \(2\)<\/h2><\/summary>/,
    );
    assert.match(html, /<dt>balance_cents<\/dt><dd><pre class="json">12550<\/pre><\/dd>/);
    assert.match(html, /&quot;gate_code&quot;: &quot;&lt;1234&gt;&quot;/);
  });

  it('formats dates in the given locale and survives an unusable one', () => {
    assert.match(visibleText(page(customerView(), { locale: 'de' })), /27\. Dezember 2019/);
    assert.match(page(customerView(), { locale: 'de' }), /<html lang="de">/);
    const html = page(customerView(), { locale: 'not a locale!!' });
    assert.match(html, /<html lang="en">/);
  });

  it('says a refresh is under way and disables Refresh', () => {
    const html = page(customerView(), { busy: true });
    assert.match(html, /Refreshing…/);
    const refresh = tags(html).find((t) => t.name === 'button' && t.attributes.get('data-action') === 'refresh');
    assert.ok(refresh?.attributes.has('disabled'));
  });
});

describe('customer page: security', () => {
  it("has a CSP under which only our nonce'd stylesheet and script apply", () => {
    const html = page(customerView());
    const csp = cspOf(html);
    assert.equal(csp, contentSecurityPolicy({ cspSource: CSP_SOURCE, nonce: NONCE }));
    assert.match(csp, /^default-src 'none'; /);
    assert.ok(csp.includes(`style-src ${CSP_SOURCE} 'nonce-${NONCE}';`));
    assert.ok(csp.includes(`script-src 'nonce-${NONCE}'`));
    assert.ok(csp.includes(`img-src ${CSP_SOURCE} https: data:`));
    assert.doesNotMatch(csp, /unsafe/);
    assertSafePage(html);
  });

  it('keeps a stylesheet or script that contains a closing tag inside its element', () => {
    const breakout = '</ScRiPt></style><img src=x onerror="alert(1)"><script>alert(2)</script>';
    const html = page(customerView(), { assets: { style: `.a{}${breakout}`, script: `const s = '${breakout}';` } });
    // A browser ends a raw-text element at the first `</style` or `</script` (any case).
    const style = /<style nonce="[^"]*">([^]*?)<\/style/i.exec(html);
    const script = /<script nonce="[^"]*">([^]*?)<\/script/i.exec(html);
    assert.equal(style?.[1], `.a{}</ScRiPt><\\/style><img src=x onerror="alert(1)"><script>alert(2)</script>`);
    assert.equal(
      script?.[1],
      `const s = '<\\/ScRiPt></style><img src=x onerror="alert(1)"><script>alert(2)<\\/script>';`,
    );
    const rest = html.replace(style![0], '').replace(script![0], '');
    assert.doesNotMatch(rest, /<img|<script|<style|alert/i);
  });

  it('shows every hostile customer as text', () => {
    for (const raw of hostileCustomers()) {
      const c = parsedCustomer(raw);
      for (const view of [customerView(c), customerView(c, { stale: new ServerError(500) })]) {
        const html = page(view, { id: c.id });
        assertSafePage(html);
      }
    }
  });

  it('escapes markup and strips bidi overrides and NUL from what the reader sees', () => {
    const [hostile] = hostileCustomers();
    const html = page(customerView(parsedCustomer(hostile)));
    const text = visibleText(html);
    assert.ok(text.includes('<script>alert("rotor")</script>'), 'the script tag shows as text');
    assert.ok(text.includes('<img src=x onerror="alert(1)">'), 'the img tag shows as text');
    assert.ok(html.includes('&lt;script&gt;alert(&quot;rotor&quot;)&lt;/script&gt;'));
    assert.ok(!text.includes('\u202E') && !text.includes('\u0000') && !text.includes('\u2066'));
    assert.match(text, /Invoice gnp\.exe for Acme/);
    assert.match(text, /before after/);
    // Not an address or a phone number: shown as text, never as a link.
    assert.doesNotMatch(html, /href="mailto:/);
    assert.doesNotMatch(html, /href="tel:/);
    assert.match(text, /javascript:alert\(document\.domain\)/);
    // The raw JSON keeps the characters visible as escapes.
    assert.ok(html.includes('\\u202e'));
    assert.ok(html.includes('\\u0000'));
    // The unknown key `<b><script>…</script></b>` is text too.
    assert.match(html, /<dt>&lt;b&gt;&lt;script&gt;/);
  });

  it('cuts 100,000-character values, keeping a longer form in title and the whole one for Open as JSON', () => {
    const long = hostileCustomers()[2]!;
    const c = parsedCustomer(long);
    const html = page(customerView(c), { id: c.id });
    assertSafePage(html);
    assert.ok(!html.includes(LONG_STRING), 'the full 100k string is not in the page');
    assert.ok(html.length < 400_000, `page is ${html.length} characters`);
    const h1 = html.match(/<h1(?: title="([^"]*)")?>([^<]*)<\/h1>/);
    assert.ok(h1);
    assert.ok(h1[2]!.length <= LIMITS.name, `h1 is ${h1[2]!.length} characters`);
    assert.ok(h1[2]!.endsWith('…'));
    if (h1[1] !== undefined) assert.ok(h1[1].length <= LIMITS.title);
    for (const t of tags(html))
      for (const value of t.attributes.values()) assert.ok(value.length <= LIMITS.title, 'attribute too long');
    assert.match(html, /Open as JSON shows all of them/);
    assert.match(html, /more characters: use Open as JSON for the whole record/);
    assert.match(visibleText(html), /\+450 more/);
    assert.match(visibleText(html), /\(980 more\)/);
  });

  it('puts the ID in the body for state, and no other data in attributes the script reads', () => {
    const html = page(customerView());
    const body = tags(html).find((t) => t.name === 'body')!;
    assert.deepEqual([...body.attributes.keys()], ['data-customer-id']);
    assert.equal(body.attributes.get('data-customer-id'), SAMPLE_ID);
  });

  it('never renders an API key it is not given (no secret inputs at all)', () => {
    const html = renderCustomerPage({
      id: SAMPLE_ID,
      view: customerView(),
      now: NOW,
      locale: 'en',
      nonce: NONCE,
      cspSource: CSP_SOURCE,
      assets: ASSETS,
    });
    assert.doesNotMatch(html, /x-api-key|apiKey/i);
  });

  it('turns every data-action element into a message the host accepts', () => {
    const views = [
      customerView(),
      customerView(parsedCustomer(hostileCustomers()[0]!), {
        stale: new QuotaExhaustedError(new Date(NOW + 3600_000)),
      }),
      { kind: 'loading' } as const,
      { kind: 'notFound', fetchedAt: NOW } as const,
      ...allErrors().map((error) => ({ kind: 'error', error }) as const),
    ];
    let count = 0;
    for (const view of views) {
      for (const t of tags(page(view))) {
        if (!t.attributes.has('data-action')) continue;
        count++;
        const message = messageFromAttributes(t.attributes);
        assert.ok(isPanelMessage(message), JSON.stringify(message));
      }
    }
    assert.ok(count > 20);
  });

  it('uses the mirrored hostile strings only as text', () => {
    for (const value of Object.values(HOSTILE_STRINGS)) {
      const c = parsedCustomer(
        rawCustomer({
          first_name: value,
          notes: value,
          email: value,
          phone: value,
          tags: [value],
          source: value,
          status: value,
        }),
      );
      assertSafePage(page(customerView(c)));
    }
  });
});

function allErrors(): RotorError[] {
  return [
    new ApiKeyMissingError(),
    new InvalidApiKeyError(),
    new AuthenticationRequiredError(),
    new InsufficientScopeError(),
    new QuotaExhaustedError(new Date(Date.UTC(2026, 10, 27))),
    new QuotaReserveError(42),
    new NetworkError('ECONNREFUSED'),
    new TimeoutError('headers', 10_000),
    new ServerError(500),
    new BadResponseError('not JSON'),
    new InvalidBaseUrlError('not https'),
  ];
}

describe('customer page: loading, not found and errors', () => {
  function buttonsOf(html: string): string[] {
    return tags(html)
      .filter((t) => t.name === 'button')
      .map((t) => JSON.stringify(messageFromAttributes(t.attributes)));
  }

  it('shows a loading state', () => {
    const html = page({ kind: 'loading' });
    assertSafePage(html);
    assert.match(html, /<p class="loading" role="status">/);
    assert.match(html, /Looking up the customer/);
  });

  it('shows not found with Check again', () => {
    const html = page({ kind: 'notFound', fetchedAt: NOW - 60_000 });
    assertSafePage(html);
    assert.match(html, /role="alert">\n<h2>Customer not found<\/h2>/);
    assert.ok(buttonsOf(html).includes(JSON.stringify({ type: 'refresh' })));
    assert.match(visibleText(html), /Checked\s+1 minute ago/);
  });

  const expectations: [RotorError, string, unknown[]][] = [
    [new ApiKeyMissingError(), 'No API key', [{ type: 'command', command: 'setApiKey' }]],
    [new InvalidApiKeyError(), 'API key not usable', [{ type: 'command', command: 'setApiKey' }]],
    [
      new AuthenticationRequiredError(),
      'API key rejected',
      [{ type: 'command', command: 'setApiKey' }, { type: 'refresh' }],
    ],
    [
      new InsufficientScopeError(),
      'No access to customers',
      [
        { type: 'command', command: 'testConnection' },
        { type: 'command', command: 'setApiKey' },
      ],
    ],
    [
      new QuotaExhaustedError(new Date(Date.UTC(2026, 10, 27))),
      'Daily quota used up',
      [{ type: 'refresh', force: true }],
    ],
    [new QuotaReserveError(42), 'Skipped to save quota', [{ type: 'refresh' }]],
    [
      new NetworkError('ECONNREFUSED'),
      'Rotor could not be reached',
      [{ type: 'refresh' }, { type: 'command', command: 'showLog' }],
    ],
    [
      new TimeoutError('headers', 10_000),
      'Rotor did not answer in time',
      [{ type: 'refresh' }, { type: 'command', command: 'showLog' }],
    ],
    [new ServerError(500), 'Rotor had a server error', [{ type: 'refresh' }, { type: 'command', command: 'showLog' }]],
    [
      new BadResponseError('not JSON'),
      'Unreadable answer from Rotor',
      [{ type: 'refresh' }, { type: 'command', command: 'showLog' }],
    ],
    [
      new InvalidBaseUrlError('not https'),
      'API address not usable',
      [{ type: 'command', command: 'openSettings' }, { type: 'refresh' }],
    ],
  ];
  for (const [error, title, next] of expectations) {
    it(`shows ${error.code} with its next step`, () => {
      const html = page({ kind: 'error', error });
      assertSafePage(html);
      assert.match(html, new RegExp(`<div class="banner banner-error" role="alert">\\n<h2>${title}</h2>`));
      const buttons = buttonsOf(html);
      for (const n of next)
        assert.ok(
          buttons.includes(JSON.stringify(n)),
          `${error.code}: missing ${JSON.stringify(n)} in ${buttons.join(' ')}`,
        );
      assert.ok(buttons.includes(JSON.stringify({ type: 'copy', what: 'id' })));
    });
  }

  it('says until when the quota is used up, in UTC and local time', () => {
    const html = page(
      { kind: 'error', error: new QuotaExhaustedError(new Date(Date.UTC(2026, 10, 27))) },
      { timeZone: 'America/Denver' },
    );
    assert.match(visibleText(html), /until 00:00 UTC \(05:00 PM local time\)/);
  });

  it('shows a warning banner above last known data when a refresh failed', () => {
    const html = page(
      customerView(parsedCustomer(), { stale: new NetworkError('ECONNREFUSED'), fetchedAt: NOW - 2 * 3600_000 }),
    );
    assertSafePage(html);
    const banner = html.indexOf('<div class="banner banner-warning" role="alert">');
    assert.ok(banner > 0);
    assert.ok(banner < html.indexOf('id="contact-heading"'), 'banner above the data');
    assert.match(html, /Rotor could not be reached: showing the last known data/);
    assert.match(visibleText(html), /The data below was fetched\s+2 hours ago/);
    assert.match(html, /<h1>Jane Doe<\/h1>/);
  });
});

describe('customer page: the update an open page gets', () => {
  it("is exactly the full page's <main>, for every view, with no script in it", () => {
    const views = [
      { kind: 'loading' } as const,
      customerView(),
      { kind: 'notFound', fetchedAt: NOW } as const,
      { kind: 'error', error: new NetworkError('reset') } as const,
    ];
    for (const view of views) {
      const model: CustomerPageModel = {
        id: SAMPLE_ID,
        view,
        now: NOW,
        locale: 'en',
        timeZone: 'UTC',
        nonce: NONCE,
        cspSource: CSP_SOURCE,
        assets: ASSETS,
      };
      const main = renderCustomerMain(model);
      assert.ok(main.startsWith('<main class="page">') && main.endsWith('</main>'), view.kind);
      assert.ok(renderCustomerPage(model).includes(main), view.kind);
      assert.ok(!/<script/i.test(main), view.kind);
    }
  });
});
