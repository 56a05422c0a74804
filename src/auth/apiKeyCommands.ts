import * as vscode from 'vscode';
import { type AuthInfo } from '../api/customer';
import { AuthenticationRequiredError, isWellFormedApiKey, type RotorError, toRotorError } from '../api/errors';
import { type RotorClient } from '../api/rotorClient';
import { type Services } from '../services';
import { withCancellableProgress } from '../common/progress';
import { guarded, showRotorError } from '../common/showError';
import { COMMANDS } from '../common/model/commandIds';

function describeAuth(info: AuthInfo): string {
  const company = info.companyId ? `company ${info.companyId}` : 'your company';
  const scopes = info.scopes.length ? info.scopes.join(', ') : 'no scopes';
  const warning =
    info.scopes.length && !info.scopes.includes('customers:read')
      ? ' This key cannot read customers (customers:read is missing): ask your Rotor admin for a key with that scope.'
      : '';
  return `Rotor key works for ${company}. Scopes: ${scopes}.${warning}`;
}

/** Asks `/auth/test` with a candidate key, without storing it first. */
function testKey(client: RotorClient, key: string, signal: AbortSignal): Promise<AuthInfo> {
  return client.withApiKey(key).testAuth({ signal, force: true });
}

export function registerApiKeyCommands(services: Services): void {
  const { apiKey, client, context, log } = services;

  /** Asks for the key; a caller may offer one (the demo's "Use the demo key"): it is checked the same way. */
  const askForKey = (offered: unknown): Thenable<string | undefined> =>
    typeof offered === 'string' && isWellFormedApiKey(offered.trim())
      ? Promise.resolve(offered)
      : vscode.window.showInputBox({
          title: 'Rotor: Set API Key',
          prompt: "Paste your Rotor API key. It is kept in VS Code's secret storage and sent only to Rotor.",
          password: true,
          ignoreFocusOut: true,
          validateInput: (value) => {
            if (!value.trim()) return 'The key cannot be empty.';
            return isWellFormedApiKey(value.trim())
              ? undefined
              : 'A Rotor API key has no spaces, line breaks or non-ASCII characters.';
          },
        });

  const setApiKey = guarded(async (offered?: unknown) => {
    const candidate = (await askForKey(offered))?.trim();
    if (!candidate) return;
    let info: AuthInfo | undefined;
    let failure: RotorError | undefined;
    await withCancellableProgress('Checking the key with Rotor…', async (signal) => {
      try {
        info = await testKey(client, candidate, signal);
      } catch (e) {
        failure = toRotorError(e);
      }
    });
    if (info) {
      if (!info.authenticated) {
        await showRotorError(new AuthenticationRequiredError());
        return;
      }
      await apiKey.set(candidate);
      await apiKey.rememberAuth(candidate, info);
      log.info('API key saved after a successful auth test.');
      void vscode.window.showInformationMessage(`API key saved. ${describeAuth(info)}`);
      return;
    }
    if (!failure || failure.code === 'Cancelled') return;
    if (failure.code === 'AuthenticationRequired' || failure.code === 'InvalidBaseUrl') {
      await showRotorError(failure);
      return;
    }
    // Rotor could not say yes or no (offline, server error, quota): let the user decide.
    const saveAnyway = 'Save Anyway';
    const choice = await vscode.window.showWarningMessage(
      `The key could not be checked: ${failure.message}`,
      saveAnyway,
    );
    if (choice === saveAnyway) {
      await apiKey.set(candidate);
      log.info('API key saved without a successful auth test.');
      void vscode.window.showInformationMessage('API key saved (not verified).');
    }
  });

  const clearApiKey = guarded(async () => {
    await apiKey.clear();
    log.info('API key cleared.');
    void vscode.window.showInformationMessage('Rotor API key removed from this machine.');
  });

  const testConnection = guarded(async () => {
    const info = await withCancellableProgress('Testing the Rotor connection…', (signal) =>
      client.testAuth({ signal }),
    );
    const key = await apiKey.get();
    if (key) await apiKey.rememberAuth(key, info);
    void vscode.window.showInformationMessage(describeAuth(info));
  });

  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.setApiKey, setApiKey),
    vscode.commands.registerCommand(COMMANDS.clearApiKey, clearApiKey),
    vscode.commands.registerCommand(COMMANDS.testConnection, testConnection),
  );
}
