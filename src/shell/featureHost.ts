import type * as vscode from 'vscode';

/**
 * What the activation shell (src/extension.ts) registers with VS Code on the features' behalf.
 * The shell registers cheap delegates at activation; the features bundle (dist/main.js) loads on
 * first use and attaches the real providers here instead of registering them itself, so nothing
 * is registered twice.
 */
export interface FeatureHost {
  hoverProvider(provider: vscode.HoverProvider): void;
  documentLinkProvider(provider: vscode.DocumentLinkProvider): void;
  terminalLinkProvider(provider: vscode.TerminalLinkProvider): void;
  webviewPanelSerializer(serializer: vscode.WebviewPanelSerializer): void;
  /** The Recent Customers tree view: the shell's if it created one at activation, else created here with `provider`. */
  recentCustomersView<T>(provider: vscode.TreeDataProvider<T>): vscode.TreeView<T>;
  /** A language model tool (its name is in AGENT_TOOL_NAMES); the shell registered a delegate for it. */
  agentTool(name: string, tool: vscode.LanguageModelTool<unknown>): void;
}
