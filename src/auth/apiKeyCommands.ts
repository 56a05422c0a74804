import * as vscode from 'vscode';
import { type Services } from '../services';
import { withCancellableProgress } from '../common/progress';
import { guarded } from '../common/showError';
import { COMMANDS } from '../common/model/commandIds';
import { askForApiKey, checkAndSaveKey, describeAuth } from '../common/apiKeyPrompt';

/** Set API Key, Clear API Key and Test Connection: each acts on the active connection. */
export function registerApiKeyCommands(services: Services): void {
  const { connections, context, log } = services;
  /** " for Work" when there are several connections. */
  const forActive = (): string => (connections.several ? ` for ${connections.active.record.name}` : '');

  const setApiKey = guarded(async (offered?: unknown) => {
    // The connection active when the command started: a switch meanwhile does not move the key.
    const connection = connections.active;
    const note = forActive();
    const candidate = (await askForApiKey(`Rotor: Set API Key${note}`, offered))?.trim();
    if (candidate) await checkAndSaveKey(connection, candidate, log, { savedNote: note });
  });

  const clearApiKey = guarded(async () => {
    const note = forActive();
    await services.apiKey.clear();
    log.info('API key cleared.');
    void vscode.window.showInformationMessage(`Rotor API key${note} removed from this machine.`);
  });

  const testConnection = guarded(async () => {
    const { client, apiKey } = connections.active;
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
