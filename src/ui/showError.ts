import vscode = require('vscode');
import { type RotorError, toRotorError } from '../api/errors';

const SET_KEY = 'Set API Key';
const SHOW_LOG = 'Show Log';
const OPEN_SETTINGS = 'Open Settings';

/** The next step a user can take for an error, as a button label and what it runs. */
function actionsFor(error: RotorError): string[] {
  switch (error.code) {
    case 'ApiKeyMissing':
    case 'InvalidApiKey':
    case 'AuthenticationRequired':
      return [SET_KEY];
    case 'InvalidBaseUrl':
      return [OPEN_SETTINGS];
    case 'Network':
    case 'Timeout':
    case 'ServerError':
    case 'BadResponse':
      return [SHOW_LOG];
    default:
      return [];
  }
}

/**
 * Shows one clear message for a failed action, with a button for the next step. Cancellation is
 * silent. Never shows a stack: the message is the error's own one-liner.
 */
export async function showRotorError(e: unknown): Promise<void> {
  const error = toRotorError(e);
  if (error.code === 'Cancelled') return;
  const show = error.code === 'NotFound' || error.code === 'InvalidId' || error.code === 'QuotaReserve' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  const choice = await show(error.message, ...actionsFor(error));
  if (choice === SET_KEY) await vscode.commands.executeCommand('rotor.setApiKey');
  else if (choice === SHOW_LOG) await vscode.commands.executeCommand('rotor.showLog');
  else if (choice === OPEN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openSettings', 'rotor.apiBaseUrl');
}

/**
 * Runs a command body; any failure becomes one message instead of an unhandled rejection. The
 * command settles without waiting for the user to close that message, with the body's result
 * (what `executeCommand` hands back, e.g. to tests), or undefined after a failure.
 */
export function guarded<A extends unknown[], R>(body: (...args: A) => Promise<R>): (...args: A) => Promise<R | undefined> {
  return async (...args: A) => {
    try {
      return await body(...args);
    } catch (e) {
      void showRotorError(e);
      return undefined;
    }
  };
}
