import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SESSION_ENV, sessionEnv } from '../harness/sessionEnv';
import { extensionApi } from './support';

/**
 * code-server is a remote window: machine-scoped `rotor.apiBaseUrl` is read only from the Remote
 * (Machine) settings. The harness writes the sandbox address to both; these tests put another
 * address in the User settings file only, as a user following desktop habits would.
 */
describe('rotor.apiBaseUrl in User settings of a remote window', () => {
  let userSettingsFile: string;
  let original: string;

  before(async () => {
    const api = await extensionApi();
    userSettingsFile = path.resolve(api.services.context.globalStorageUri.fsPath, '..', '..', 'settings.json');
    original = fs.readFileSync(userSettingsFile, 'utf8');
  });
  afterEach(() => fs.writeFileSync(userSettingsFile, original));

  it('is a remote window here, and the effective address is the Remote one', () => {
    assert.ok(vscode.env.remoteName, 'code-server windows are remote');
    assert.equal(
      vscode.workspace.getConfiguration('rotor').inspect('apiBaseUrl')?.globalValue,
      sessionEnv(SESSION_ENV.sandboxUrl),
    );
  });

  it('says nothing while the User value is the one in effect', async () => {
    const api = await extensionApi();
    assert.equal(await api.baseUrlHint.check(), undefined);
  });

  it('says once where to put a User value that is not in effect, and leaves the address alone', async () => {
    const api = await extensionApi();
    const settings = JSON.parse(original) as Record<string, unknown>;
    const misplaced = `http://127.0.0.1:9/misplaced-${Date.now()}`;
    fs.writeFileSync(
      userSettingsFile,
      `// a comment, as users write them\n${JSON.stringify({ ...settings, 'rotor.apiBaseUrl': misplaced }, null, 2)}`,
    );
    const text = await api.baseUrlHint.check();
    assert.match(text ?? '', /set in your User settings, but this is a remote window/);
    assert.match(text ?? '', /Remote settings/);
    assert.ok(text?.includes(sessionEnv(SESSION_ENV.sandboxUrl)), 'names where lookups go');
    assert.equal(await api.baseUrlHint.check(), undefined, 'once per value');
    assert.equal(api.services.settings.apiBaseUrl, sessionEnv(SESSION_ENV.sandboxUrl));
  });
});
