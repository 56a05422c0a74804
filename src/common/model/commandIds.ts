/**
 * Every command, view and panel ID the extension registers or runs, so that no feature spells
 * one by hand. package.json declares the same IDs; test/unit/shell/commandStubs.test.ts fails
 * until the two agree. Plain strings in a plain object: the activation shell bundles this file
 * too.
 */
export const COMMANDS = {
  openCustomer: 'rotor.openCustomer',
  findCustomer: 'rotor.findCustomer',
  setApiKey: 'rotor.setApiKey',
  clearApiKey: 'rotor.clearApiKey',
  testConnection: 'rotor.testConnection',
  addConnection: 'rotor.addConnection',
  switchConnection: 'rotor.switchConnection',
  removeConnection: 'rotor.removeConnection',
  showLog: 'rotor.showLog',
  copyCustomerId: 'rotor.copyCustomerId',
  lookUpFromHover: 'rotor.lookUpFromHover',
  resumeRequests: 'rotor.resumeRequests',
  goToRecentCustomer: 'rotor.goToRecentCustomer',
  recentOpen: 'rotor.recent.open',
  recentRefresh: 'rotor.recent.refresh',
  recentCopyId: 'rotor.recent.copyId',
  recentCopyEmail: 'rotor.recent.copyEmail',
  recentCopyTicketNote: 'rotor.recent.copyTicketNote',
  recentPin: 'rotor.recent.pin',
  recentUnpin: 'rotor.recent.unpin',
  recentRemove: 'rotor.recent.remove',
  recentRefreshAll: 'rotor.recent.refreshAll',
  recentClear: 'rotor.recent.clear',
  refreshCustomer: 'rotor.refreshCustomer',
  openCustomerJson: 'rotor.openCustomerJson',
  toggleScreenShareMode: 'rotor.toggleScreenShareMode',
  forgetCustomerData: 'rotor.forgetCustomerData',
  showCustomersInFile: 'rotor.showCustomersInFile',
  lookUpAllCustomersInFile: 'rotor.lookUpAllCustomersInFile',
  exportCustomersInFile: 'rotor.exportCustomersInFile',
  customersInFileRevealNext: 'rotor.customersInFile.revealNext',
  customersInFileOpen: 'rotor.customersInFile.open',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** VS Code's own commands the extension runs. */
export const VSCODE_COMMANDS = {
  openSettings: 'workbench.action.openSettings',
  showHover: 'editor.action.showHover',
  setContext: 'setContext',
} as const;

/** The Recent Customers tree view (package.json `views`). */
export const RECENT_VIEW_ID = 'rotor.recentCustomers';

/**
 * workspaceState key: whether the Recent Customers view was visible when this workspace last
 * ran. The shell creates the view at activation only then (see src/shell/delegates.ts).
 */
export const RECENT_VIEW_VISIBLE_STATE_KEY = 'rotor.recentCustomers.visible';

/** The Customers in File tree view (package.json `views`). */
export const CUSTOMERS_IN_FILE_VIEW_ID = 'rotor.customersInFile';

/** The customer panel's webview type: its serializer and `activeWebviewPanelId` in `when` clauses. */
export const CUSTOMER_PANEL_TYPE = 'rotor.customer';

/**
 * The language model tools of package.json (`contributes.languageModelTools`). The activation
 * shell registers a delegate for each, so an agent can call one before anything else loaded the
 * features; test/unit/agentTools checks this list against the manifest.
 */
export const AGENT_TOOL_NAMES = {
  getCustomer: 'rotor_getCustomer',
  findCustomers: 'rotor_findCustomers',
  customersInFile: 'rotor_customersInFile',
} as const;
