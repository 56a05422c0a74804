import * as vscode from 'vscode';
import { InvalidIdError } from '../api/errors';
import { normalizeCustomerId } from '../api/customerId';
import { type Services } from '../services';
import { copyToClipboard } from '../common/clipboard';
import { guarded } from '../common/showError';
import { COMMANDS, VSCODE_COMMANDS } from '../common/model/commandIds';

function requireId(arg: unknown): string {
  const id = typeof arg === 'string' ? normalizeCustomerId(arg) : undefined;
  if (!id) throw new InvalidIdError();
  return id;
}

/** Small commands behind hover links: copy an ID, and look up an ID a hover skipped to save quota. */
export function registerCustomerCommands(services: Services): void {
  const copyId = guarded(async (arg: unknown) => {
    const id = requireId(arg);
    await copyToClipboard(id, 'customer ID');
  });

  const lookUpFromHover = guarded(async (arg: unknown) => {
    const id = requireId(arg);
    // An explicit request: it may use the reserve the hover kept back.
    await services.lookup.lookup(id, { priority: 'user', remember: true });
    // Show the hover again, now answered from the cache.
    await vscode.commands.executeCommand(VSCODE_COMMANDS.showHover);
  });

  services.context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.copyCustomerId, copyId),
    vscode.commands.registerCommand(COMMANDS.lookUpFromHover, lookUpFromHover),
  );
}
