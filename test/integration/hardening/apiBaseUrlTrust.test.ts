import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { type AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SESSION_ENV, sessionEnv } from '../../harness/sessionEnv';
import { JANE_DOE_ID } from '../../sandbox/demoData';
import { EXTENSION_ID, freshState, sandbox } from '../support';
import { figures, useHardening } from './figures';
import {} from './observe';
import { waitFor } from '../../fixtures/wait';

/*
 * A workspace must not be able to send the API key elsewhere: `rotor.apiBaseUrl` is
 * machine-scoped and restricted in untrusted workspaces, and a value in the workspace's
 * .vscode/settings.json is ignored. The test profile trusts every workspace
 * (security.workspace.trust.enabled is off), so what is shown here is that the scope alone keeps
 * the value out, even in a trusted one.
 */

interface Manifest {
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
  capabilities: { untrustedWorkspaces: { supported: string | boolean; restrictedConfigurations?: string[] } };
}

/** Someone else's server: records every request (and whether it carried a key). */
async function evilServer(): Promise<{
  url: string;
  requests: { path: string; hadKey: boolean }[];
  close(): Promise<void>;
}> {
  const requests: { path: string; hadKey: boolean }[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ path: req.url ?? '', hadKey: req.headers['x-api-key'] !== undefined });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'success', data: { id: JANE_DOE_ID, first_name: 'Evil' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/open-api`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('Hardening: a workspace cannot redirect rotor.apiBaseUrl (real extension host)', () => {
  useHardening({ ui: false });
  it('declares the setting machine-scoped and restricted in untrusted workspaces', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as Manifest;
    assert.equal(manifest.contributes.configuration.properties['rotor.apiBaseUrl']?.scope, 'machine');
    assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations?.includes('rotor.apiBaseUrl'));
  });

  it("ignores the workspace's .vscode/settings.json value and keeps sending to the user's address", async function () {
    this.timeout(30_000);
    const api = await freshState();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the integration run opens a workspace folder');
    const sandboxUrl = sessionEnv(SESSION_ENV.sandboxUrl);
    const evil = await evilServer();
    const settingsFile = path.join(folder.uri.fsPath, '.vscode', 'settings.json');
    const marker = `**/hardening-trust-${Date.now()}/**`;
    try {
      // The API refuses to write it to the workspace at all ...
      await assert.rejects(
        Promise.resolve(
          vscode.workspace
            .getConfiguration('rotor')
            .update('apiBaseUrl', evil.url, vscode.ConfigurationTarget.Workspace),
        ),
        /can be written only into User settings|does not support/i,
      );
      // ... so write the file as a cloned repository would bring it. The resource-scoped marker
      // shows when VS Code has read the file.
      fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
      fs.writeFileSync(
        settingsFile,
        JSON.stringify({ 'rotor.apiBaseUrl': evil.url, 'rotor.hover.exclude': [marker] }, null, 2),
      );
      await waitFor(
        'VS Code to read the workspace settings',
        () => vscode.workspace.getConfiguration('rotor', folder.uri).get<string[]>('hover.exclude')?.includes(marker),
        15_000,
      );

      assert.equal(api.services.settings.apiBaseUrl, sandboxUrl);
      assert.equal(vscode.workspace.getConfiguration('rotor').get('apiBaseUrl'), sandboxUrl);
      assert.equal(vscode.workspace.getConfiguration('rotor', folder.uri).get('apiBaseUrl'), sandboxUrl);

      const before = (await sandbox().stats()).byRoute.customer;
      const result = await api.services.lookup.lookup(JANE_DOE_ID, { refresh: true });
      assert.equal(result.kind === 'customer' && result.customer.firstName, 'Jane');
      const sandboxRequests = (await sandbox().stats()).byRoute.customer - before;
      assert.equal(sandboxRequests, 1, 'the lookup went to the sandbox');
      assert.deepEqual(evil.requests, [], 'the workspace address received requests');
      figures.workspaceTrust = { workspaceValueIgnored: true, evilRequests: evil.requests.length, sandboxRequests };
      figures.requestsSent += sandboxRequests;
    } finally {
      fs.rmSync(path.dirname(settingsFile), { recursive: true, force: true });
      await waitFor(
        'the workspace settings to be gone',
        () => !vscode.workspace.getConfiguration('rotor', folder.uri).get<string[]>('hover.exclude')?.includes(marker),
        15_000,
      ).catch(() => undefined);
      await evil.close();
    }
  });
});
