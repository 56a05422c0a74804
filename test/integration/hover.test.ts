import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HOSTILE_ID, JANE_DOE_ID, NON_CUSTOMER_ID, hostileCustomers } from '../sandbox/demoData';
import { closeAllEditors, freshState, hoverTexts, openText, positionOf, sandbox, testKey } from './support';

const REQUEST_ID = '3f2c1e4b-0000-4000-8000-00000000beef';

describe('Hover over customer UUIDs (real extension host)', () => {
  afterEach(async () => {
    await sandbox().reset();
    await closeAllEditors();
  });

  it('shows the customer name, and a second hover sends no request', async () => {
    await freshState();
    const doc = await openText(`2026-11-26 INFO charge ok customer=${JANE_DOE_ID} req=${REQUEST_ID}\n`);
    const first = (await hoverTexts(doc, positionOf(doc, JANE_DOE_ID))).join('\n');
    assert.match(first, /Jane Doe/);
    assert.match(first, /command:rotor\.openCustomer/);
    const before = (await sandbox().stats()).byRoute.customer;
    assert.equal(before, 1);
    const second = (await hoverTexts(doc, positionOf(doc, JANE_DOE_ID))).join('\n');
    assert.match(second, /Jane Doe/);
    assert.equal((await sandbox().stats()).byRoute.customer, before, 'the second hover came from the cache');
  });

  it('a UUID that is not a customer costs one request however often it is hovered', async () => {
    await freshState();
    const doc = await openText(`trace ${NON_CUSTOMER_ID}\n`);
    for (let i = 0; i < 3; i++) {
      const text = (await hoverTexts(doc, positionOf(doc, NON_CUSTOMER_ID))).join('\n');
      assert.match(text, /No Rotor customer with this ID/);
    }
    assert.equal((await sandbox().stats()).byCustomerId[NON_CUSTOMER_ID], 1);
  });

  it('offers to set a key when there is none, and sends nothing', async () => {
    const api = await freshState();
    await api.services.apiKey.clear();
    const doc = await openText(`customer ${JANE_DOE_ID}\n`);
    const text = (await hoverTexts(doc, positionOf(doc, JANE_DOE_ID))).join('\n');
    assert.match(text, /command:rotor\.setApiKey/);
    assert.equal((await sandbox().stats()).total, 0);
  });

  it('renders hostile customer data as text with no foreign command link', async () => {
    await freshState();
    await sandbox().addCustomers(hostileCustomers());
    const doc = await openText(`customer ${HOSTILE_ID}\n`);
    const text = (await hoverTexts(doc, positionOf(doc, HOSTILE_ID))).join('\n');
    assert.doesNotMatch(text, /Rotor: /, 'a customer, not an error');
    const links = [...text.matchAll(/(?<!\\)\]\(([^ )]+)/g)].map((m) => m[1]!.split('?')[0]);
    assert.ok(links.length > 0);
    for (const link of links) assert.match(link!, /^command:rotor\./, `unexpected link ${link}`);
  });

  it('keeps the quota reserve: a hover skips the lookup and offers [Look up]', async () => {
    const api = await freshState();
    const limit = api.services.settings.quota.dailyLimit;
    const reserve = api.services.settings.quota.hoverReserve;
    // Spend all but (reserve - 1) of today's requests locally.
    for (let i = 0; i < limit - reserve + 1; i++) api.services.quota.record(testKey(), 200);
    const doc = await openText(`customer ${JANE_DOE_ID}\n`);
    const text = (await hoverTexts(doc, positionOf(doc, JANE_DOE_ID))).join('\n');
    assert.match(text, /Skipped to save quota/);
    assert.match(text, /command:rotor\.lookUpFromHover/);
    assert.equal((await sandbox().stats()).total, 0);
    // An explicit lookup still goes through.
    await vscode.commands.executeCommand('rotor.lookUpFromHover', JANE_DOE_ID);
    assert.equal((await sandbox().stats()).byRoute.customer, 1);
  });

  it('after a 429 answers from the cache only, and the status bar says so', async () => {
    const api = await freshState();
    const doc = await openText(`a ${JANE_DOE_ID} b ${NON_CUSTOMER_ID}\n`);
    assert.match((await hoverTexts(doc, positionOf(doc, JANE_DOE_ID))).join('\n'), /Jane Doe/);
    await sandbox().setQuotaUsed(testKey(), 1000);
    // The first uncached lookup learns of the 429 ...
    assert.match((await hoverTexts(doc, positionOf(doc, NON_CUSTOMER_ID))).join('\n'), /quota/i);
    const sent = (await sandbox().stats()).total;
    // ... after which nothing is sent at all, and known customers still show.
    assert.match((await hoverTexts(doc, positionOf(doc, NON_CUSTOMER_ID))).join('\n'), /quota/i);
    assert.match((await hoverTexts(doc, positionOf(doc, JANE_DOE_ID))).join('\n'), /Jane Doe/);
    assert.equal((await sandbox().stats()).total, sent, 'nothing is sent after the 429');
    assert.equal(api.services.quota.snapshot(testKey()).exhausted, true);
    await api.quotaStatus.update();
    assert.match(api.quotaStatus.text, /circle-slash/);
  });

  it('links customer UUIDs in documents', async () => {
    await freshState();
    const doc = await openText(`a ${JANE_DOE_ID} b ${REQUEST_ID}\n`);
    const links =
      (await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri)) ?? [];
    const ours = links.filter((l) => l.target?.scheme === 'command');
    assert.equal(ours.length, 2);
    assert.equal(doc.getText(ours[0]!.range), JANE_DOE_ID);
    assert.equal((await sandbox().stats()).total, 0, 'links cost nothing until clicked');
  });

  it('shows inline hints only for customers already in the cache', async () => {
    await freshState();
    const doc = await openText(`a ${JANE_DOE_ID} b ${REQUEST_ID}\n`);
    const range = new vscode.Range(0, 0, 1, 0);
    let hints =
      (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, range)) ??
      [];
    assert.equal(hints.length, 0);
    await hoverTexts(doc, positionOf(doc, JANE_DOE_ID));
    const sent = (await sandbox().stats()).total;
    hints =
      (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, range)) ??
      [];
    assert.equal(hints.length, 1);
    const label = typeof hints[0]!.label === 'string' ? hints[0]!.label : hints[0]!.label.map((p) => p.value).join('');
    assert.match(label, /Jane Doe · Acme Roofing/);
    assert.equal((await sandbox().stats()).total, sent, 'hints never send a request');
  });
});
