import type * as vscode from 'vscode';
import { registerApiKeyCommands } from './commands/apiKeyCommands';
import { registerCustomerCommands } from './commands/customerCommands';
import { registerOpenCustomer } from './commands/openCustomer';
import { registerInlayHints } from './hints/customerInlayHints';
import { registerCustomerHover } from './hover/customerHoverProvider';
import { registerCustomerLinks } from './links/customerLinks';
import { type QuotaStatusBar, registerQuotaStatus } from './quota/quotaStatusBar';
import { type Services, createServices } from './services';
import { registerRecentCustomersView } from './views/recentCustomersView';
import { registerFindCustomer } from './search/findCustomer';
import { type CustomerPanelManager, registerCustomerPanels } from './webview/customerPanels';

/** What activate returns: the services, so integration tests can reach them in the real host. */
export interface RotorExtensionApi {
  readonly services: Services;
  readonly quotaStatus: QuotaStatusBar;
  readonly panels: CustomerPanelManager;
}

/**
 * Composition root: builds the services once and registers every provider, command and view.
 * Nothing here sends a request, waits for the secret store or loads the HTTP stack.
 */
export function activate(context: vscode.ExtensionContext): RotorExtensionApi {
  const services = createServices(context);
  void services.apiKey.refreshContext();

  const panels = registerCustomerPanels(services);
  registerApiKeyCommands(services);
  registerOpenCustomer(services, panels);
  registerFindCustomer(services, panels);
  registerRecentCustomersView(services, panels);
  registerCustomerCommands(services);
  registerCustomerHover(services);
  registerCustomerLinks(services);
  registerInlayHints(services);
  const quotaStatus = registerQuotaStatus(services);
  return { services, quotaStatus, panels };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
