import * as vscode from 'vscode';
import { type RotorError, toRotorError } from '../api/errors';
import { COMMANDS, VSCODE_COMMANDS } from './model/commandIds';
import { type CommandStep, ERROR_STEPS, isCommandStep } from './model/errorSteps';

/** The button label of each next step that runs a command, in notifications. */
const STEP_LABELS: Readonly<Record<CommandStep, string>> = {
  setApiKey: 'Set API Key',
  showLog: 'Show Log',
  testConnection: 'Test Connection',
  openSettings: 'Open Settings',
};

/** Runs a next step that is a command; the only place that knows what each one runs. */
export async function runCommandStep(step: CommandStep): Promise<void> {
  switch (step) {
    case 'setApiKey':
      await vscode.commands.executeCommand(COMMANDS.setApiKey);
      return;
    case 'showLog':
      await vscode.commands.executeCommand(COMMANDS.showLog);
      return;
    case 'testConnection':
      await vscode.commands.executeCommand(COMMANDS.testConnection);
      return;
    case 'openSettings':
      await vscode.commands.executeCommand(VSCODE_COMMANDS.openSettings, 'rotor.apiBaseUrl');
      return;
  }
}

/**
 * Shows one clear message for a failed action, with a button for each next step (ERROR_STEPS).
 * Cancellation is silent. Never shows a stack: the message is the error's own one-liner.
 * `commandSteps: false` leaves the buttons out: they act on the active connection, so a message
 * about another one (Add Connection's new key) must not offer them.
 */
export async function showRotorError(e: unknown, options: { readonly commandSteps?: boolean } = {}): Promise<void> {
  const error: RotorError = toRotorError(e);
  if (error.code === 'Cancelled') return;
  const row = ERROR_STEPS[error.code];
  const steps = options.commandSteps === false ? [] : row.notification.filter(isCommandStep);
  const show = row.warning ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  const choice = await show(error.message, ...steps.map((step) => STEP_LABELS[step]));
  const chosen = steps.find((step) => STEP_LABELS[step] === choice);
  if (chosen) await runCommandStep(chosen);
}

/**
 * Runs a command body; any failure becomes one message instead of an unhandled rejection. The
 * command settles without waiting for the user to close that message, with the body's result
 * (what `executeCommand` hands back, e.g. to tests), or undefined after a failure.
 */
export function guarded<A extends unknown[], R>(
  body: (...args: A) => Promise<R>,
): (...args: A) => Promise<R | undefined> {
  return async (...args: A) => {
    try {
      return await body(...args);
    } catch (e) {
      void showRotorError(e);
      return undefined;
    }
  };
}
