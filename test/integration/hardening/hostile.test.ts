import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type RotorExtensionApi } from '../../../src/main';
import { LABEL_MAX } from '../../../src/recent/model/recentPresentation';
import { inlineElementText } from '../../../src/panel/model/customerHtml';
import { type RecentCustomerItem } from '../../../src/recent/recentTreeItems';
import {
  HOSTILE_ID,
  HOSTILE_LONG_ID,
  HOSTILE_PROTO_ID,
  HOSTILE_TYPES_ID,
  hostileCustomers,
} from '../../sandbox/demoData';
import { EXTENSION_ID, freshState, hoverTexts, openText, positionOf, sandbox } from '../support';
import { figures, useHardening, userTexts } from './figures';
import { closeCustomerPanels, findRows, hoverLinks } from './observe';
import { waitFor } from '../../fixtures/wait';
import { SENTINEL_ID, sentinelCustomer } from './sentinel';

/*
 * Hostile customer data through every surface that shows it, in the real extension host: the
 * hover (markdown), the panel (HTML under a CSP), the Recent Customers tree (labels and
 * tooltips) and the Find Customer rows. Whether anything runs in the rendered webview is checked
 * in the real workbench by test/e2e/hardening.spec.ts.
 */

const HOSTILE = [
  { name: 'payloads in every field', id: HOSTILE_ID },
  { name: 'wrong JSON types', id: HOSTILE_TYPES_ID },
  { name: '100,000-character strings', id: HOSTILE_LONG_ID },
  { name: '__proto__ and constructor keys', id: HOSTILE_PROTO_ID },
  { name: 'sentinel-setting payloads', id: SENTINEL_ID },
] as const;

// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
/** Tags through which markup could run script, load something or take input. */
const DANGEROUS_TAGS =
  /<(img|svg|iframe|frame|object|embed|style|form|input|textarea|base|math|video|audio|source|template)\b/i;
/** Icons the hover draws itself; anything else after `$(` would be API text drawing an icon. */
const OUR_HOVER_ICONS = new Set(['person', 'tag', 'warning', 'error', 'key']);

let document: vscode.TextDocument;

function checkHover(id: string, texts: readonly string[]): void {
  assert.equal(texts.length, 1, `one hover, got ${texts.length}`);
  const markdown = texts[0]!;
  userTexts.push(markdown);
  assert.doesNotMatch(markdown, /^\$\(error\)/, `an error instead of the customer: ${markdown.slice(0, 200)}`);
  assert.ok(markdown.length < 3000, `hover of ${markdown.length} characters`);
  for (const link of hoverLinks(markdown))
    assert.match(
      link.target,
      /^command:rotor\.(openCustomer|copyCustomerId)\?/,
      `foreign link ${link.target.slice(0, 80)}`,
    );
  assert.ok(
    hoverLinks(markdown).some((l) => l.target.includes(id)),
    'our Open link is there',
  );
  assert.doesNotMatch(markdown, /(?<!\\)<[a-z!/]/i, 'unescaped markup in the hover');
  for (const icon of markdown.matchAll(/(?<!\\)\$\(([\w~-]+)\)/g))
    assert.ok(OUR_HOVER_ICONS.has(icon[1]!), `API text draws the icon $(${icon[1]})`);
  assert.doesNotMatch(markdown, INVISIBLE);
}

function mediaFile(name: string): string {
  const root = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath;
  assert.ok(root, 'our extension is not installed');
  return fs.readFileSync(path.join(root, 'media', name), 'utf8');
}

function checkPanelHtml(fullHtml: string): void {
  userTexts.push(fullHtml);
  assert.ok(fullHtml.length < 400_000, `page of ${fullHtml.length} characters`);
  const csp = fullHtml
    .match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1]
    ?.replace(/&#39;/g, "'");
  assert.ok(csp, 'no CSP meta');
  assert.match(csp, /default-src 'none'/);
  const nonce = csp.match(/script-src 'nonce-([^']+)'/)?.[1];
  assert.ok(nonce, `script-src is not nonce-only: ${csp}`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|script-src[^;]*\*/);
  // Our stylesheet and script, inline under the nonce and exactly our media files: no customer
  // data inside them. The rest of the page is checked without them.
  const style = `<style nonce="${nonce}">${inlineElementText(mediaFile('customer.css'), 'style')}</style>`;
  const script = `<script nonce="${nonce}">${inlineElementText(mediaFile('customer.js'), 'script')}</script>`;
  assert.equal(fullHtml.split(style).length, 2, 'our stylesheet, once');
  assert.equal(fullHtml.split(script).length, 2, 'our script, once');
  const html = fullHtml.replace(style, '').replace(script, '');
  assert.doesNotMatch(html, /<script\b/i);
  assert.doesNotMatch(html, /<link\b/i);
  assert.doesNotMatch(html, DANGEROUS_TAGS);
  // Attribute names only: a quoted value holds escaped text, where "onerror=" is harmless.
  for (const tag of html.matchAll(/<[a-zA-Z][^>]*>/g))
    assert.doesNotMatch(
      tag[0].replace(/"[^"]*"/g, '""'),
      /\son[a-z]+\s*=/i,
      `event handler attribute in ${tag[0].slice(0, 120)}`,
    );
  for (const href of html.matchAll(/\bhref="([^"]*)"/g))
    assert.match(href[1]!, /^(mailto:|tel:|https:)/, `href ${href[1]!.slice(0, 80)}`);
  assert.doesNotMatch(html, /(href|src|action|formaction)="\s*(javascript|data|command|vbscript):/i);
  assert.doesNotMatch(html, INVISIBLE);
  const h1 = html.match(/<h1>([^<]*)<\/h1>/)?.[1];
  assert.ok(h1 && h1.trim().length > 0 && h1.length <= 1200, `heading: ${String(h1).slice(0, 80)}`);
}

function checkTreeItem(item: RecentCustomerItem): void {
  const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
  const description = typeof item.description === 'string' ? item.description : '';
  userTexts.push(label, description);
  assert.ok(label.length > 0 && label.length <= LABEL_MAX, `label of ${label.length} characters`);
  assert.ok(description.length <= 60, `description of ${description.length} characters`);
  assert.doesNotMatch(label + description, INVISIBLE);
  assert.doesNotMatch(label + description, /\n/);
  assert.ok((item.accessibilityInformation?.label.length ?? 0) <= 200, 'screen-reader label unbounded');
  item.resolveTooltip();
  const tooltip = item.tooltip;
  assert.ok(tooltip instanceof vscode.MarkdownString);
  assert.equal(tooltip.isTrusted, false);
  assert.notEqual(tooltip.supportHtml, true);
  assert.ok(tooltip.value.length < 4000, `tooltip of ${tooltip.value.length} characters`);
  assert.deepEqual(hoverLinks(tooltip.value), [], 'a link in the tooltip');
  assert.doesNotMatch(tooltip.value, /(?<!\\)<[a-z!/]/i, 'unescaped markup in the tooltip');
}

describe('Hardening: hostile customer data (real extension host)', () => {
  useHardening({ ui: true });
  let api: RotorExtensionApi;

  before(async () => {
    api = await freshState();
    api.services.recent.clear();
    await sandbox().addCustomers([...hostileCustomers(), sentinelCustomer()]);
    document = await openText(HOSTILE.map((h) => `customer=${h.id} ok`).join('\n') + '\n');
  });

  after(async () => {
    api.services.recent.clear();
    await closeCustomerPanels();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sandbox().reset();
  });

  for (const hostile of HOSTILE) {
    it(`${hostile.name}: hover, panel and tree show it as bounded text`, async () => {
      checkHover(hostile.id, await hoverTexts(document, positionOf(document, hostile.id)));

      await vscode.commands.executeCommand('rotor.openCustomer', hostile.id);
      assert.equal(api.panels.viewKindFor(hostile.id), 'customer');
      checkPanelHtml(api.panels.htmlFor(hostile.id) ?? '');
      // Our own script still loads and says hello under the CSP.
      await waitFor('the page script', () => api.panels.isReady(hostile.id));

      // The extension's own provider: its nodes are the bundle's classes, told apart by shape.
      const items = api.recent.provider.getChildren().filter((n): n is RecentCustomerItem => 'customerId' in n);
      const item = items.find((i) => i.customerId === hostile.id);
      assert.ok(item, 'the customer is on the recent list');
      checkTreeItem(item);
      figures.hostileChecks += 3;
      await closeCustomerPanels();
    });
  }

  it('Find Customer rows of hostile customers are bounded, icon-free text', async () => {
    // Matches the first names of the sandbox's hostile customer and of the sentinel.
    const rows = (await findRows('<script>')).filter((r) => r.customer);
    assert.ok(rows.length >= 2, `rows: ${JSON.stringify(rows.map((r) => r.label))}`);
    for (const row of rows) {
      for (const text of [row.label, row.description ?? '', row.detail ?? '']) {
        userTexts.push(text);
        assert.ok(text.length <= 200, `row text of ${text.length} characters`);
        assert.doesNotMatch(text, INVISIBLE);
        assert.doesNotMatch(text, /\$\(/, `API text draws an icon: ${text.slice(0, 80)}`);
      }
      figures.hostileChecks++;
    }
  });
});
