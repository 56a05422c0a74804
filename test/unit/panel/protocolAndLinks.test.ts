import * as assert from 'node:assert/strict';
import { copyValue } from '../../../src/panel/model/customerHtml';
import { mailtoHref, mapPoint, mapUrl, telHref } from '../../../src/panel/model/customerLinks';
import { escapeAttribute, escapeHtml, truncate, visibleJson } from '../../../src/panel/model/html';
import { isPageUpdate, isPanelMessage } from '../../../src/panel/model/protocol';
import { HOSTILE_STRINGS } from '../../sandbox/demoData';
import { parsedCustomer, rawCustomer } from '../../fixtures/customers';

describe('panel protocol: isPanelMessage', () => {
  it('accepts every message the page may send', () => {
    const valid: unknown[] = [
      { type: 'ready' },
      { type: 'refresh' },
      { type: 'refresh', force: true },
      { type: 'refresh', force: false },
      { type: 'copy', what: 'id' },
      { type: 'copy', what: 'email' },
      { type: 'copy', what: 'phone' },
      { type: 'open', what: 'email' },
      { type: 'open', what: 'phone' },
      { type: 'open', what: 'map' },
      { type: 'openJson' },
      { type: 'command', command: 'setApiKey' },
      { type: 'command', command: 'showLog' },
      { type: 'command', command: 'testConnection' },
      { type: 'command', command: 'openSettings' },
    ];
    for (const m of valid) assert.ok(isPanelMessage(m), JSON.stringify(m));
  });

  it('rejects unknown and malformed messages', () => {
    const invalid: unknown[] = [
      undefined,
      null,
      'refresh',
      42,
      [],
      [{ type: 'ready' }],
      {},
      { type: 'unknown' },
      { type: 'READY' },
      { type: 'refresh', force: 'yes' },
      { type: 'refresh', force: 1 },
      { type: 'copy' },
      { type: 'copy', what: 'apiKey' },
      { type: 'copy', what: 'email', value: 'attacker text' },
      { type: 'open', what: 'javascript:alert(1)' },
      { type: 'open', what: 'map', url: 'https://evil.example' },
      { type: 'command', command: 'workbench.action.quit' },
      { type: 'command', command: 'rotor.setApiKey' },
      { type: 'command', command: 'setApiKey', args: ['x'] },
      { type: 'openJson', content: '{}' },
      { type: 'ready', extra: true },
      Object.assign(Object.create(null) as object, { type: 'ready' }),
      JSON.parse('{"type":"copy","what":"id","__proto__":{"x":1}}'),
      { type: ['ready'] },
    ];
    for (const m of invalid) assert.ok(!isPanelMessage(m), JSON.stringify(m) ?? String(m));
  });
});

describe('panel protocol: isPageUpdate (host to page)', () => {
  it('accepts an update with its main and title, and nothing else', () => {
    assert.ok(isPageUpdate({ type: 'update', main: '<main class="page"></main>', title: 'Jane Doe' }));
    for (const bad of [
      undefined,
      null,
      'update',
      { type: 'update' },
      { type: 'update', main: 1, title: 't' },
      { type: 'update', main: '', title: null },
      { type: 'ready' },
    ]) {
      assert.ok(!isPageUpdate(bad), JSON.stringify(bad));
    }
  });
});

describe('customer links', () => {
  it('builds mailto: only from plain addresses', () => {
    assert.equal(mailtoHref('jane.doe@acmeroofing.example'), 'mailto:jane.doe@acmeroofing.example');
    assert.equal(mailtoHref(' jane+roof@acme.example\u202e '), 'mailto:jane+roof@acme.example');
    for (const bad of [
      '"><script>alert(1)</script>@example.com',
      'javascript:alert(1)',
      'jane@acme.example?cc=boss@acme.example',
      'jane@acme.example&body=x',
      'jane doe@acme.example',
      'jane@',
      '@acme.example',
      'jane@acme',
      'a@b.c%0a',
      `${'a'.repeat(300)}@acme.example`,
      '',
    ]) {
      assert.equal(mailtoHref(bad), undefined, bad);
    }
    assert.equal(mailtoHref(undefined), undefined);
  });

  it('builds tel: from phone numbers only, digits and a leading plus', () => {
    assert.equal(telHref('+1 303-555-0142'), 'tel:+13035550142');
    assert.equal(telHref('(303) 555.0142'), 'tel:3035550142');
    for (const bad of [
      HOSTILE_STRINGS.javascriptUrl,
      'call me',
      '12',
      '9'.repeat(10_000),
      '+1 303 555 0142 <script>',
      'tel:+1303',
      '',
    ]) {
      assert.equal(telHref(bad), undefined, bad);
    }
  });

  it('offers a map only for two finite numbers in latitude/longitude range', () => {
    assert.deepEqual(mapPoint([39.7478, -104.9949]), { lat: 39.7478, lng: -104.9949 });
    assert.equal(
      mapUrl([39.7478, -104.9949]),
      'https://www.openstreetmap.org/?mlat=39.747800&mlon=-104.994900#map=16/39.747800/-104.994900',
    );
    for (const bad of [
      undefined,
      [],
      [0],
      [0, 0],
      [91, 10],
      [10, 181],
      [-104.99, 39.74],
      [1, 2, 3],
      [Number.NaN, 1],
      [1, Number.POSITIVE_INFINITY],
    ]) {
      assert.equal(mapUrl(bad), undefined, JSON.stringify(bad));
    }
    assert.equal(
      mapUrl([1e-7, 2]),
      'https://www.openstreetmap.org/?mlat=0.000000&mlon=2.000000#map=16/0.000000/2.000000',
    );
  });

  it('copies cleaned, uncut values', () => {
    const c = parsedCustomer(rawCustomer({ email: 'jane@acme.example\u202e', phone: `+1 ${'5'.repeat(200)}` }));
    assert.equal(copyValue(c, 'email'), 'jane@acme.example');
    assert.equal(copyValue(c, 'phone')!.length, 203);
    assert.equal(copyValue(parsedCustomer({ id: c.id }), 'email'), undefined);
  });
});

describe('html helpers', () => {
  it('escapes text and attributes', () => {
    assert.equal(
      escapeHtml(`<a href="x" onclick='y'>&amp;</a>`),
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
    assert.equal(escapeAttribute('" onmouseover="x'), '&quot; onmouseover=&quot;x');
  });

  it('writes JSON with invisible characters as escapes, still valid and equal', () => {
    const value = { s: 'a\u202eb\u0000c\u2066d\u2028e', n: 1 };
    const text = visibleJson(value);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(text, /[\u202e\u0000\u2066\u2028]/);
    assert.deepEqual(JSON.parse(text), value);
  });

  it('truncates without splitting surrogate pairs', () => {
    assert.deepEqual(truncate('abc', 5), { text: 'abc', cut: 0 });
    assert.deepEqual(truncate('ab😀', 3), { text: 'ab', cut: 2 });
  });
});
