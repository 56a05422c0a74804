import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type RotorExtensionApi } from '../../../src/main';
import { INACTIVE_ID, JANE_DOE_ID, NON_CUSTOMER_ID, SPARSE_ID } from '../../sandbox/demoData';
import { SANDBOX_KEYS, type SandboxFault } from '../../sandbox/server';
import { freshState, hoverTexts, openText, positionOf, sandbox, testKey } from '../support';
import { figures, useHardening, userTexts } from './figures';
import { closeCustomerPanels, findRows, ui } from './observe';
import { waitFor } from '../../fixtures/wait';

/*
 * After a whole session (key set through the command, lookups through every feature, every kind
 * of error, log output) the API key is nowhere but SecretStorage and the request headers: not in
 * the log files, settings, globalState or workspaceState, stored files, webview HTML,
 * notifications or any text the suite saw. Runs after the other hardening files (alphabetical
 * order), so their texts are scanned too.
 */

interface Finding {
  readonly where: string;
  readonly key: 'demo' | 'noCustomerScope';
}

const KEYS = () => ({ demo: testKey(), noCustomerScope: SANDBOX_KEYS.noCustomerScope }) as const;

/** Looks for every key in `text`, and in its URL- and base64-encoded forms. */
function keysIn(text: string | Buffer, where: string): Finding[] {
  const haystack = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const found: Finding[] = [];
  for (const [name, key] of Object.entries(KEYS()) as ['demo' | 'noCustomerScope', string][]) {
    const forms = [key, encodeURIComponent(key), Buffer.from(key).toString('base64').replace(/=+$/, '')];
    if (forms.some((form) => haystack.includes(form))) found.push({ where, key: name });
  }
  return found;
}

/**
 * The launcher hands the extension host its environment (ROTOR_TEST_KEY among it) in the
 * workbench URL, and code-server keeps the last URL query in user-data/coder.json. That copy is
 * the harness's, not the extension's: the key right after the variable's name is cut out, and
 * any other occurrence in the same file still counts.
 */
function withoutHarnessEcho(content: Buffer): Buffer {
  const text = content.toString('latin1');
  if (!text.includes('ROTOR_TEST_KEY')) return content;
  harnessEchoes += (text.match(/ROTOR_TEST_KEY[\\"]*:[\\"]*/g) ?? []).length;
  return Buffer.from(text.replace(/ROTOR_TEST_KEY[\\"]*:[\\"]*[\x21-\x7e]*?(?=[\\"])/g, 'ROTOR_TEST_KEY'), 'latin1');
}

let harnessEchoes = 0;

/** Every file under `root` (the server's user data: logs, settings, storage), read in full. */
function scanFiles(root: string): { findings: Finding[]; files: number; bytes: number } {
  const findings: Finding[] = [];
  let files = 0;
  let bytes = 0;
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    let content: Buffer;
    try {
      if (fs.statSync(file).size > 20 * 1024 * 1024) continue;
      content = fs.readFileSync(file);
    } catch {
      continue; // sockets, files removed meanwhile
    }
    files++;
    bytes += content.length;
    findings.push(...keysIn(withoutHarnessEcho(content), path.relative(root, file)));
  }
  return { findings, files, bytes };
}

async function withFault(fault: SandboxFault, run: () => Promise<unknown>): Promise<void> {
  await sandbox().setFault(fault);
  try {
    await run();
  } finally {
    await sandbox().setFault(undefined);
  }
}

describe('Hardening: secret hygiene after a full session (real extension host)', () => {
  useHardening({ ui: true });
  let api: RotorExtensionApi;
  const panelHtml: string[] = [];

  before(async function () {
    this.timeout(60_000);
    api = await freshState();
    await api.services.apiKey.clear();
    await vscode.workspace
      .getConfiguration('rotor')
      .update('requestTimeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    await waitFor('the short timeout', () => api.services.settings.requestTimeoutSeconds === 1);
    const keepHtml = (id: string) => panelHtml.push(api.panels.htmlFor(id) ?? '');

    // The key, set the way a user sets it (the command checks it with /auth/test first).
    ui.inputAnswers.push(testKey());
    await vscode.commands.executeCommand('rotor.setApiKey');
    assert.equal(await api.services.apiKey.get(), testKey());

    // Lookups through every feature.
    const doc = await openText(`a=${JANE_DOE_ID} b=${INACTIVE_ID} c=${NON_CUSTOMER_ID} d=${SPARSE_ID}\n`);
    userTexts.push(...(await hoverTexts(doc, positionOf(doc, JANE_DOE_ID))));
    await vscode.commands.executeCommand('rotor.openCustomer', JANE_DOE_ID);
    keepHtml(JANE_DOE_ID);
    await vscode.commands.executeCommand('rotor.openCustomer', NON_CUSTOMER_ID);
    keepHtml(NON_CUSTOMER_ID);
    userTexts.push(...(await findRows('acme roof')).map((r) => `${r.label} ${r.description ?? ''} ${r.detail ?? ''}`));
    await vscode.commands.executeCommand('rotor.recent.refreshAll');
    await vscode.commands.executeCommand('rotor.testConnection');

    // Every kind of error, through the panel, the hover and the notifications.
    const faults: SandboxFault[] = [
      { kind: 'hang' },
      { kind: 'reset' },
      { kind: 'status', status: 500 },
      { kind: 'malformedJson' },
      { kind: 'truncated' },
      { kind: 'contentType', value: 'text/plain' },
    ];
    for (const fault of faults) {
      await withFault(fault, async () => {
        api.services.store.clear();
        await vscode.commands.executeCommand('rotor.openCustomer', INACTIVE_ID);
        keepHtml(INACTIVE_ID);
        await vscode.commands.executeCommand('rotor.testConnection');
      });
    }
    await withFault({ kind: 'status', status: 500 }, async () => {
      await vscode.commands.executeCommand('rotor.refreshCustomer', JANE_DOE_ID);
      keepHtml(JANE_DOE_ID);
      userTexts.push(...(await hoverTexts(doc, positionOf(doc, SPARSE_ID))));
    });
    // A key the server cannot check now: the user saves it anyway.
    ui.answer = (m) => (m.items.includes('Save Anyway') ? 'Save Anyway' : undefined);
    ui.inputAnswers.push(SANDBOX_KEYS.noCustomerScope);
    await withFault({ kind: 'status', status: 503 }, async () => vscode.commands.executeCommand('rotor.setApiKey'));
    assert.equal(await api.services.apiKey.get(), SANDBOX_KEYS.noCustomerScope);
    await vscode.commands.executeCommand('rotor.openCustomer', SPARSE_ID); // 403
    keepHtml(SPARSE_ID);
    await vscode.commands.executeCommand('rotor.testConnection');
    ui.inputAnswers.push(testKey());
    await vscode.commands.executeCommand('rotor.setApiKey');
    await sandbox().revokeKey(testKey()); // 401
    await vscode.commands.executeCommand('rotor.refreshCustomer', JANE_DOE_ID);
    keepHtml(JANE_DOE_ID);
    await vscode.commands.executeCommand('rotor.testConnection');
    await sandbox().reset();
    await sandbox().setQuotaUsed(testKey(), 1000); // 429
    await vscode.commands.executeCommand('rotor.refreshCustomer', JANE_DOE_ID);
    keepHtml(JANE_DOE_ID);
    await vscode.commands.executeCommand('rotor.testConnection');
    await vscode.commands.executeCommand('rotor.recent.refreshAll');
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('rotor')
      .update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    api.services.quota.reset();
    await closeCustomerPanels();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sandbox().reset();
  });

  it('the key is only in SecretStorage and the request headers', async function () {
    this.timeout(30_000);
    const { context, log } = api.services;
    // Where it must be: the secret store, and the requests (the sandbox names the key it got).
    assert.equal(await context.secrets.get('rotor.apiKey'), testKey());
    await api.services.lookup.lookup(JANE_DOE_ID, { refresh: true, force: true }).catch(() => undefined);
    assert.equal((await sandbox().stats()).lastRequest?.apiKey, 'demo');

    // The log channel writes to a file under the host's logs folder: wait until it has our marker.
    const marker = `hardening secret scan ${Date.now()}`;
    log.info(marker);
    const logFolder = context.logUri.fsPath;
    const logText = await waitFor(
      'the Rotor log file to be written',
      () => {
        const files = fs.existsSync(logFolder) ? fs.readdirSync(logFolder).filter((f) => f.endsWith('.log')) : [];
        const text = files.map((f) => fs.readFileSync(path.join(logFolder, f), 'utf8')).join('\n');
        return text.includes(marker) && text;
      },
      10_000,
    );
    assert.match(logText, /GET \/customers\//, 'the scanned log holds the request lines');
    assert.match(logText, /→ (500|503)/, 'and the failures');

    // The scanner finds a key where there is one.
    const planted = fs.mkdtempSync(path.join(os.tmpdir(), 'rotor-planted-'));
    fs.writeFileSync(path.join(planted, 'x.txt'), `noise ${testKey()} noise`);
    assert.deepEqual(scanFiles(planted).findings, [{ where: 'x.txt', key: 'demo' }]);
    fs.rmSync(planted, { recursive: true, force: true });

    const findings: Finding[] = [];
    // Everything the server keeps for this user: logs, User and Machine settings, global and workspace storage.
    const userData = path.resolve(context.globalStorageUri.fsPath, '..', '..', '..');
    assert.ok(fs.existsSync(path.join(userData, 'Machine', 'settings.json')), `not the user data folder: ${userData}`);
    const files = scanFiles(userData);
    findings.push(...files.findings);
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder) findings.push(...scanFiles(folder.uri.fsPath).findings);
    // globalState and workspaceState (in the web workbench they live in the browser, so read them here).
    const state = (memento: vscode.Memento) => JSON.stringify(memento.keys().map((k) => [k, memento.get(k)]));
    findings.push(
      ...keysIn(state(context.globalState), 'globalState'),
      ...keysIn(state(context.workspaceState), 'workspaceState'),
    );
    findings.push(
      ...keysIn(
        JSON.stringify([vscode.workspace.getConfiguration('rotor'), vscode.workspace.getConfiguration('http')]),
        'settings (effective)',
      ),
    );
    findings.push(...keysIn(panelHtml.join('\n'), 'webview HTML'));
    findings.push(...keysIn(ui.seenTexts.join('\n'), 'notifications and status bar'));
    findings.push(...keysIn(userTexts.join('\n'), 'hovers, panels, rows and messages of the suite'));
    assert.ok(
      panelHtml.length >= 10 && ui.seenTexts.length >= 10 && userTexts.length >= 10,
      'the session produced texts to scan',
    );

    const leaks = findings.map((f) => `${f.key} key in ${f.where}`);
    figures.secretScan = {
      locations: files.files + 6,
      bytesScanned: files.bytes + panelHtml.join('').length,
      leaks,
      harnessCopiesIgnored: harnessEchoes,
    };
    assert.deepEqual(leaks, []);
  });
});
