import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SESSION_ENV, sessionEnv } from '../harness/sessionEnv';

const EXTENSION_ID = 'rotor-tools.rotor-customer-lookup';

describe('Smoke: the extension in a real VS Code', () => {
  it('is installed and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded in the extension host`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('reaches the Rotor sandbox from the extension host', async () => {
    const response = await fetch(`${sessionEnv(SESSION_ENV.sandboxControl)}stats`);
    assert.equal(response.status, 200, `sandbox control API answered ${response.status}`);
  });

  it('points rotor.apiBaseUrl at the sandbox', () => {
    const baseUrl = vscode.workspace.getConfiguration('rotor').get<string>('apiBaseUrl');
    assert.equal(baseUrl, sessionEnv(SESSION_ENV.sandboxUrl));
  });
});
