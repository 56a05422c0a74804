import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type RotorExtensionApi } from '../../../src/main';
import { JANE_DOE_ID } from '../../sandbox/demoData';
import { freshState, sandbox } from '../support';
import { figures, useHardening, userTexts } from './figures';
import { closeCustomerPanels, customerTabs, ui } from './observe';

/*
 * Junk where a customer ID belongs, through the commands that take one as an argument (links,
 * tree, scripts): each is refused before anything is sent, with one warning that explains what
 * an ID looks like. The client itself refuses them too (a second line of defence).
 */

const FULLWIDTH = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const ARABIC_INDIC = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));

const paste = (() => {
  // 10 kB of a log with a real customer ID in the middle: a paste is not an ID even if it holds one.
  const line = '2026-11-26T10:00:00Z INFO worker=7 job=sync status=ok took=12ms\n';
  const half = line.repeat(Math.ceil(5000 / line.length));
  return `${half}customer=${JANE_DOE_ID}\n${half}`.slice(0, 10_240);
})();

const JUNK: readonly { name: string; input: string }[] = [
  { name: 'empty string', input: '' },
  { name: 'only spaces', input: '   ' },
  { name: '10 kB paste', input: paste },
  { name: 'path traversal', input: '../auth/test' },
  { name: 'traversal after an ID', input: `${JANE_DOE_ID}/../../auth/test` },
  { name: 'URL-encoded slashes', input: '..%2F..%2Fauth%2Ftest' },
  { name: 'ID with an encoded slash', input: `${JANE_DOE_ID}%2F..%2Fauth%2Ftest` },
  { name: 'query string after an ID', input: `${JANE_DOE_ID}?search=a` },
  { name: 'full-width digits', input: FULLWIDTH(JANE_DOE_ID) },
  { name: 'Arabic-Indic digits', input: ARABIC_INDIC(JANE_DOE_ID) },
  { name: 'Cyrillic look-alike letters', input: JANE_DOE_ID.replace(/a/g, '\u0430').replace(/e/g, '\u0435') },
  { name: 'UUID with spaces for dashes', input: JANE_DOE_ID.replace(/-/g, ' ') },
  { name: 'UUID with a space inside', input: `${JANE_DOE_ID.slice(0, 10)} ${JANE_DOE_ID.slice(10)}` },
  { name: 'zero-width space inside', input: `${JANE_DOE_ID.slice(0, 10)}\u200b${JANE_DOE_ID.slice(10)}` },
  { name: 'NUL inside', input: `${JANE_DOE_ID.slice(0, 10)}\u0000${JANE_DOE_ID.slice(11)}` },
  { name: 'two IDs', input: `${JANE_DOE_ID} ${JANE_DOE_ID}` },
];

const INVALID_ID = /^That is not a customer ID: Rotor customer IDs are UUIDs like [0-9a-f-]{36}\.$/;

describe('Hardening: junk input where a customer ID belongs (real extension host)', () => {
  useHardening({ ui: true });
  let api: RotorExtensionApi;

  before(async () => {
    api = await freshState();
    await closeCustomerPanels();
  });

  after(async () => {
    await closeCustomerPanels();
    await sandbox().reset();
  });

  for (const junk of JUNK) {
    it(`Open Customer refuses ${junk.name} locally`, async () => {
      ui.clear();
      const before = (await sandbox().stats()).total;
      const tabs = customerTabs().length;
      await vscode.commands.executeCommand('rotor.openCustomer', junk.input);
      // The ID-taking hover commands share the check; Look Up would otherwise send a request.
      await vscode.commands.executeCommand('rotor.lookUpFromHover', junk.input);
      await assert.rejects(api.services.lookup.lookup(junk.input), { message: INVALID_ID });
      await assert.rejects(api.services.client.getCustomer(junk.input), { message: INVALID_ID });

      const requests = (await sandbox().stats()).total - before;
      assert.equal(requests, 0, `${requests} request(s) reached the sandbox`);
      assert.deepEqual(
        ui.messages.map((m) => [m.level, m.text.match(INVALID_ID) ? 'invalid id' : m.text]),
        [
          ['warning', 'invalid id'],
          ['warning', 'invalid id'],
        ],
      );
      assert.equal(customerTabs().length, tabs, 'a panel opened');
      userTexts.push(...ui.messages.map((m) => m.text));
      figures.junkInputs.push({ input: junk.name, requests, message: ui.messages[0]!.text });
    });
  }

  it('control: the same ID with surrounding whitespace (a copied line) is accepted and costs one request', async () => {
    const before = (await sandbox().stats()).byRoute.customer;
    await vscode.commands.executeCommand('rotor.openCustomer', `  ${JANE_DOE_ID.toUpperCase()}\n`);
    assert.equal((await sandbox().stats()).byRoute.customer - before, 1);
    assert.equal(api.panels.viewKindFor(JANE_DOE_ID), 'customer');
    assert.deepEqual(ui.messages, []);
  });
});
