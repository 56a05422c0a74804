import * as vscode from 'vscode';
import { type AuthInfo } from '../api/customer';
import { AuthenticationRequiredError, isWellFormedApiKey, type RotorError, toRotorError } from '../api/errors';
import { type RotorClient } from '../api/rotorClient';
import { type ApiKeyStore } from '../auth/apiKeyStore';
import { withCancellableProgress } from './progress';
import { showRotorError } from './showError';

/** Where a key is checked and stored: one connection's client (its address) and key store. */
export interface KeyTarget {
  readonly client: RotorClient;
  readonly apiKey: ApiKeyStore;
}

export function describeAuth(info: AuthInfo): string {
  const company = info.companyId ? `company ${info.companyId}` : 'your company';
  const scopes = info.scopes.length ? info.scopes.join(', ') : 'no scopes';
  const warning =
    info.scopes.length && !info.scopes.includes('customers:read')
      ? ' This key cannot read customers (customers:read is missing): ask your Rotor admin for a key with that scope.'
      : '';
  return `Rotor key works for ${company}. Scopes: ${scopes}.${warning}`;
}

/**
 * Asks for an API key (Set API Key, Add Connection); a caller may offer one (the demo's "Use the
 * demo key"): it is checked the same way. The input box is a password box.
 */
export function askForApiKey(title: string, offered?: unknown): Thenable<string | undefined> {
  return typeof offered === 'string' && isWellFormedApiKey(offered.trim())
    ? Promise.resolve(offered)
    : vscode.window.showInputBox({
        title,
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
}

export interface CheckAndSaveOptions {
  /** Appended to "API key saved", e.g. " for Work". */
  readonly savedNote?: string;
  /**
   * False when the target is not the active connection (Add Connection): the error's next-step
   * buttons (Set API Key, Open Settings) act on the active one and would change another
   * connection's key or address.
   */
  readonly commandSteps?: boolean;
  /** Shown instead of the error's own message when Rotor rejects the key (which names Set API Key). */
  readonly rejectedMessage?: string;
}

/**
 * Checks `candidate` with Rotor's `/auth/test` at the target's address, without storing it
 * first, and stores it when Rotor accepts it (or when Rotor could not say and the user chooses
 * Save Anyway). Returns whether the key was stored. Only the target's key store is written.
 */
export async function checkAndSaveKey(
  target: KeyTarget,
  candidate: string,
  log: vscode.LogOutputChannel,
  { savedNote = '', commandSteps = true, rejectedMessage }: CheckAndSaveOptions = {},
): Promise<boolean> {
  const rejected = async (error: RotorError): Promise<void> => {
    if (rejectedMessage) await vscode.window.showErrorMessage(rejectedMessage);
    else await showRotorError(error, { commandSteps });
  };
  let info: AuthInfo | undefined;
  let failure: RotorError | undefined;
  await withCancellableProgress('Checking the key with Rotor…', async (signal) => {
    try {
      info = await target.client.withApiKey(candidate).testAuth({ signal, force: true });
    } catch (e) {
      failure = toRotorError(e);
    }
  });
  if (info) {
    if (!info.authenticated) {
      await rejected(new AuthenticationRequiredError());
      return false;
    }
    await target.apiKey.set(candidate);
    await target.apiKey.rememberAuth(candidate, info);
    log.info('API key saved after a successful auth test.');
    void vscode.window.showInformationMessage(`API key saved${savedNote}. ${describeAuth(info)}`);
    return true;
  }
  if (!failure || failure.code === 'Cancelled') return false;
  if (failure.code === 'AuthenticationRequired') {
    await rejected(failure);
    return false;
  }
  if (failure.code === 'InvalidBaseUrl') {
    await showRotorError(failure, { commandSteps });
    return false;
  }
  // Rotor could not say yes or no (offline, server error, quota): let the user decide.
  const saveAnyway = 'Save Anyway';
  const choice = await vscode.window.showWarningMessage(`The key could not be checked: ${failure.message}`, saveAnyway);
  if (choice !== saveAnyway) return false;
  await target.apiKey.set(candidate);
  log.info('API key saved without a successful auth test.');
  void vscode.window.showInformationMessage(`API key saved${savedNote} (not verified).`);
  return true;
}
