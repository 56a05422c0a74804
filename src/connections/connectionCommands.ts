import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { parseBaseUrl } from '../api/baseUrl';
import { toRotorError } from '../api/errors';
import { askForApiKey, checkAndSaveKey } from '../common/apiKeyPrompt';
import { COMMANDS } from '../common/model/commandIds';
import { guarded } from '../common/showError';
import { escapeIcons } from '../common/model/text';
import { type CustomerPanels } from '../panel/customerPanels';
import { type Services } from '../services';
import { type Connection } from './connections';
import { DEFAULT_CONNECTION_ID, validateName } from './model/connections';

/** Add, Switch and Remove Connection. */
export function registerConnectionCommands(services: Services, panels: CustomerPanels): vscode.Disposable[] {
  const { connections, log, settings } = services;

  const addConnection = guarded(async () => {
    const title = 'Rotor: Add Connection';
    const name = (
      await vscode.window.showInputBox({
        title: `${title} (1/3)`,
        prompt:
          'A name for this Rotor account, e.g. the company: shown in the status bar, panels and Recent Customers.',
        ignoreFocusOut: true,
        validateInput: (value) => validateName(value, connections.registry),
      })
    )?.trim();
    if (!name) return;
    const address = await vscode.window.showInputBox({
      title: `${title} (2/3)`,
      prompt: 'The Rotor API address of this account. Its key is sent there: https, or http on this machine only.',
      value: settings.apiBaseUrl,
      ignoreFocusOut: true,
      validateInput: (value) => {
        try {
          parseBaseUrl(value);
          return undefined;
        } catch (e) {
          return toRotorError(e).message;
        }
      },
    });
    if (address === undefined) return;
    const candidate = (await askForApiKey(`${title} (3/3)`))?.trim();
    if (!candidate) return;
    // Kept in machine-local state only (never a setting a workspace could write).
    const connection = await connections.add({
      id: randomBytes(4).toString('hex'),
      name,
      baseUrl: parseBaseUrl(address).href,
    });
    // The new connection is not active yet: its errors offer no Set API Key (nor Open Settings),
    // which would change the active connection's key (or Default's address).
    const saved = await checkAndSaveKey(connection, candidate, log, {
      savedNote: ` for ${name}`,
      commandSteps: false,
      rejectedMessage: `Rotor rejected the API key for "${name}", so the connection was not added. Run "Rotor: Add Connection" again with a key of that account.`,
    });
    if (!saved) {
      // Nothing of a connection whose key was refused stays behind.
      await connections.remove(connection.record.id);
      return;
    }
    log.info(`Connection added: ${connection.record.name}.`);
    await switchTo(connection);
  });

  const switchTo = async (connection: Connection): Promise<void> => {
    await connections.switchTo(connection.record.id);
    const active = connections.active;
    if (active !== connection) {
      // The workspace names another connection (rotor.connection): it stays in use in this window.
      void vscode.window.showInformationMessage(
        `This workspace uses the Rotor connection "${active.record.name}" (setting rotor.connection). "${connection.record.name}" is used in other windows.`,
      );
      return;
    }
    // The name is the user's text: a `$(…)` in it is shown as typed, not as an icon.
    vscode.window.setStatusBarMessage(`$(check) Rotor: using ${escapeIcons(connection.record.name)}`, 4000);
  };

  const pick = async (title: string, placeHolder: string): Promise<Connection | undefined> => {
    const active = connections.active;
    const items = connections.all.map((connection) => ({
      label: escapeIcons(connection.record.name),
      description: connection === active ? 'active' : '',
      detail: connection.record.baseUrl ?? `${settings.apiBaseUrl} (setting rotor.apiBaseUrl)`,
      connection,
    }));
    return (await vscode.window.showQuickPick(items, { title, placeHolder }))?.connection;
  };

  const switchConnection = guarded(async () => {
    const connection = await pick('Rotor: Switch Connection', 'The Rotor connection to use');
    if (connection) await switchTo(connection);
  });

  const removeConnection = guarded(async () => {
    const connection = await pick('Rotor: Remove Connection', 'The Rotor connection to remove');
    if (!connection) return;
    const { id, name } = connection.record;
    const isDefault = id === DEFAULT_CONNECTION_ID;
    const recentCount = services.recent.list().filter((e) => e.connectionId === id).length;
    const action = isDefault ? 'Clear' : 'Remove';
    const choice = await vscode.window.showWarningMessage(
      isDefault ? `Clear the API key and data of "${name}"?` : `Remove the Rotor connection "${name}"?`,
      {
        modal: true,
        detail: `Its API key, quota count, key info, cached customers and ${recentCount} recent ${recentCount === 1 ? 'customer' : 'customers'} are deleted from this machine. Nothing changes in Rotor.`,
      },
      action,
    );
    if (choice !== action) return;
    // Removed first (which stops its answers), then its panels and Recent entries: the other way
    // round, a lookup answering while the data was deleted filed the customer in Recent again.
    await connections.remove(id);
    panels.closeConnection(id);
    services.recent.removeConnection(id);
    log.info(`Connection ${isDefault ? 'cleared' : 'removed'}: ${name}.`);
    vscode.window.setStatusBarMessage(
      `$(check) Rotor: ${isDefault ? 'cleared' : 'removed'} ${escapeIcons(name)}`,
      4000,
    );
  });

  return [
    vscode.commands.registerCommand(COMMANDS.addConnection, addConnection),
    vscode.commands.registerCommand(COMMANDS.switchConnection, switchConnection),
    vscode.commands.registerCommand(COMMANDS.removeConnection, removeConnection),
  ];
}
