import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CustomerTerminalLinkProvider } from '../../src/hover/customerLinkProviders';
import { JANE_DOE_ID } from '../sandbox/demoData';
import { closeAllEditors, freshState, hoverTexts, openText, positionOf, sandbox } from './support';

const rotor = () => vscode.workspace.getConfiguration('rotor');

async function setGlobal(key: string, value: unknown): Promise<void> {
  await rotor().update(key, value, vscode.ConfigurationTarget.Global);
}

describe('Hover settings and terminal links (real extension host)', () => {
  afterEach(async () => {
    await setGlobal('hover.enabled', undefined);
    await setGlobal('hover.exclude', undefined);
    await setGlobal('hover.include', undefined);
    await sandbox().reset();
    await closeAllEditors();
  });

  it('rotor.hover.enabled = false: no hover, no request', async () => {
    await freshState();
    await setGlobal('hover.enabled', false);
    const doc = await openText(`customer ${JANE_DOE_ID}\n`);
    assert.deepEqual(await hoverTexts(doc, positionOf(doc, JANE_DOE_ID)), []);
    assert.equal((await sandbox().stats()).total, 0);
  });

  it('rotor.hover.exclude keeps matching files out; others still hover', async () => {
    await freshState();
    await setGlobal('hover.exclude', ['**/*.log']);
    const log = await openText(`customer ${JANE_DOE_ID}\n`, 'log');
    assert.deepEqual(await hoverTexts(log, positionOf(log, JANE_DOE_ID)), []);
    const sql = await openText(`select * from jobs where customer_id = '${JANE_DOE_ID}';\n`, 'sql');
    assert.match((await hoverTexts(sql, positionOf(sql, JANE_DOE_ID))).join('\n'), /Jane Doe/);
    assert.equal((await sandbox().stats()).byRoute.customer, 1);
  });

  it('rotor.hover.include limits files on disk to the globs', async () => {
    await freshState();
    await setGlobal('hover.include', ['**/*.sql']);
    const log = await openText(`customer ${JANE_DOE_ID}\n`, 'log');
    assert.deepEqual(await hoverTexts(log, positionOf(log, JANE_DOE_ID)), []);
    const sql = await openText(`-- ${JANE_DOE_ID}\n`, 'sql');
    assert.match((await hoverTexts(sql, positionOf(sql, JANE_DOE_ID))).join('\n'), /Jane Doe/);
  });

  it('finds customer UUIDs in terminal lines and opens the customer from a link', async () => {
    const api = await freshState();
    const provider = new CustomerTerminalLinkProvider(api.services);
    const line = `job 42 done customer=${JANE_DOE_ID.toUpperCase()} trace=${'f'.repeat(32)}`;
    const links = provider.provideTerminalLinks({ line, terminal: undefined as unknown as vscode.Terminal });
    assert.equal(links.length, 1);
    assert.equal(line.substr(links[0]!.startIndex, links[0]!.length).toLowerCase(), JANE_DOE_ID);
    await provider.handleTerminalLink(links[0]!);
    assert.equal(api.panels.viewKindFor(JANE_DOE_ID), 'customer');
    assert.equal((await sandbox().stats()).byRoute.customer, 1);
  });
});
