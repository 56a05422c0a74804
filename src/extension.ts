import type * as vscode from 'vscode';
import { registerApiKeyCommands } from './commands/apiKeyCommands';
import { registerOpenCustomer } from './commands/openCustomer';
import { createServices } from './services';
import { registerCustomerPanels } from './webview/customerPanels';

/**
 * Composition root: builds the services once and registers every provider, command and view.
 * Nothing here sends a request, waits for the secret store or loads the HTTP stack.
 */
export function activate(context: vscode.ExtensionContext): void {
  const services = createServices(context);
  void services.apiKey.refreshContext();

  const panels = registerCustomerPanels(services);
  registerApiKeyCommands(services);
  registerOpenCustomer(services, panels);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
