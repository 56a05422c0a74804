import type * as vscode from 'vscode';
import { type AgentToolsApi, registerAgentTools } from './agentTools/agentTools';
import { warmUpUndici } from './api/undiciTransport';
import { registerApiKeyCommands } from './auth/apiKeyCommands';
import { registerCustomerCommands } from './hover/hoverCommands';
import { registerOpenCustomer } from './lookup/openCustomer';
import { registerShowLog } from './lookup/requestLog';
import { registerInlayHints } from './hover/customerInlayHints';
import { BaseUrlPlacementHint } from './common/baseUrlPlacement';
import { CustomersInFile } from './fileCustomers/customersInFile';
import { registerCustomersInFileCommands } from './fileCustomers/customersInFileCommands';
import { registerCustomersInFileView } from './fileCustomers/customersInFileView';
import { registerCustomerHover } from './hover/customerHoverProvider';
import { registerCustomerLinks } from './hover/customerLinkProviders';
import { type QuotaStatusBar, registerQuotaStatus } from './quota/quotaStatusBar';
import { type Services, createServices } from './services';
import { type FeatureHost } from './shell/featureHost';
import { type RecentCustomersView, registerRecentCustomersView } from './recent/recentCustomersView';
import { type FindCustomerApi, registerFindCustomer } from './search/findCustomer';
import { type CustomerPanels, registerCustomerPanels } from './panel/customerPanels';
import { registerPrivacyCommands } from './privacy/privacyCommands';
import { registerConnectionCommands } from './connections/connectionCommands';

/**
 * What the features return, so integration tests reach the running extension's own objects in
 * the real host (not copies built from their separately compiled classes, which `instanceof`
 * would not recognize).
 */
export interface RotorExtensionApi {
  readonly services: Services;
  readonly quotaStatus: QuotaStatusBar;
  readonly panels: CustomerPanels;
  readonly search: FindCustomerApi;
  readonly recent: RecentCustomersView;
  readonly baseUrlHint: BaseUrlPlacementHint;
  readonly customersInFile: CustomersInFile;
  readonly agentTools: AgentToolsApi;
  /** Compiles the HTTP stack without sending anything to Rotor (the shell calls it in idle time). */
  readonly warmUp: () => Promise<void>;
  /** The editor providers themselves, so the benchmark times their own work apart from VS Code's. */
  readonly providers: {
    readonly hover: vscode.HoverProvider;
    readonly links: vscode.DocumentLinkProvider;
    readonly inlayHints: vscode.InlayHintsProvider;
  };
}

/**
 * Composition root of the features (dist/main.js): builds the services once and registers every
 * command; providers and views are attached to the shell's delegates (`host`). Loaded by the
 * activation shell on first use. Nothing here sends a request, waits for the secret store or
 * loads the HTTP stack.
 */
export function activateFeatures(context: vscode.ExtensionContext, host: FeatureHost): RotorExtensionApi {
  const services = createServices(context);
  void services.connections.refreshContext();

  const panels = registerCustomerPanels(services, host);
  registerApiKeyCommands(services);
  context.subscriptions.push(...registerConnectionCommands(services, panels));
  registerShowLog(services.context, services.log);
  registerOpenCustomer(services, panels);
  const search = registerFindCustomer(services, panels);
  const recent = registerRecentCustomersView(services, panels, host);
  registerCustomerCommands(services);
  const hover = registerCustomerHover(services, host);
  const links = registerCustomerLinks(services, host);
  const inlayHints = registerInlayHints(services);
  const customersInFile = new CustomersInFile(services.connections);
  context.subscriptions.push(
    customersInFile,
    ...registerCustomersInFileView(customersInFile, services.privacy),
    ...registerCustomersInFileCommands(services, customersInFile, panels),
  );
  context.subscriptions.push(...registerPrivacyCommands(services, panels, search));
  const agentTools = registerAgentTools(services, search, host);
  const quotaStatus = registerQuotaStatus(services);
  const baseUrlHint = new BaseUrlPlacementHint(context, services.settings);
  void baseUrlHint.check();
  return {
    services,
    quotaStatus,
    panels,
    search,
    recent,
    baseUrlHint,
    customersInFile,
    agentTools,
    providers: { hover, links, inlayHints },
    warmUp: () => warmUpUndici().catch(() => undefined),
  };
}
