import type * as vscode from 'vscode';
import { type AgentToolsApi, registerAgentTools } from './agentTools/agentTools';
import { registerApiKeyCommands } from './commands/apiKeyCommands';
import { registerCustomerCommands } from './commands/customerCommands';
import { BaseUrlPlacementHint } from './config/baseUrlPlacement';
import { registerOpenCustomer } from './commands/openCustomer';
import { CustomersInFile } from './fileCustomers/customersInFile';
import { registerCustomersInFileCommands } from './fileCustomers/customersInFileCommands';
import { registerCustomersInFileView } from './fileCustomers/customersInFileView';
import { registerInlayHints } from './hints/customerInlayHints';
import { registerCustomerHover } from './hover/customerHoverProvider';
import { registerCustomerLinks } from './links/customerLinks';
import { type QuotaStatusBar, registerQuotaStatus } from './quota/quotaStatusBar';
import { type Services, createServices } from './services';
import { type FeatureHost } from './shell/featureHost';
import { registerRecentCustomersView } from './views/recentCustomersView';
import { registerFindCustomer } from './search/findCustomer';
import { type CustomerPanelManager, registerCustomerPanels } from './webview/customerPanels';

/** What the features return: the services, so integration tests can reach them in the real host. */
export interface RotorExtensionApi {
  readonly services: Services;
  readonly quotaStatus: QuotaStatusBar;
  readonly panels: CustomerPanelManager;
  readonly baseUrlHint: BaseUrlPlacementHint;
  readonly customersInFile: CustomersInFile;
  readonly agentTools: AgentToolsApi;
}

/**
 * Composition root of the features (dist/main.js): builds the services once and registers every
 * command; providers and views are attached to the shell's delegates (`host`). Loaded by the
 * activation shell on first use. Nothing here sends a request, waits for the secret store or
 * loads the HTTP stack.
 */
export function activateFeatures(context: vscode.ExtensionContext, host: FeatureHost): RotorExtensionApi {
  const services = createServices(context);
  void services.apiKey.refreshContext();

  const panels = registerCustomerPanels(services, host);
  registerApiKeyCommands(services);
  registerOpenCustomer(services, panels);
  const findCustomer = registerFindCustomer(services, panels);
  registerRecentCustomersView(services, panels, host);
  registerCustomerCommands(services);
  registerCustomerHover(services, host);
  registerCustomerLinks(services, host);
  registerInlayHints(services);
  const customersInFile = new CustomersInFile(services.store);
  context.subscriptions.push(
    customersInFile,
    ...registerCustomersInFileView(customersInFile),
    ...registerCustomersInFileCommands(services, customersInFile, panels),
  );
  const agentTools = registerAgentTools(services, findCustomer, host);
  const quotaStatus = registerQuotaStatus(services);
  const baseUrlHint = new BaseUrlPlacementHint(context, services.settings);
  void baseUrlHint.check();
  return { services, quotaStatus, panels, baseUrlHint, customersInFile, agentTools };
}

