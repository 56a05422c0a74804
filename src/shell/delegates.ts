import type * as vscode from 'vscode';
import { type FeatureHost } from './featureHost';
import { CUSTOMER_PANEL_TYPE } from '../common/model/commandIds';

interface Providers {
  hover?: vscode.HoverProvider;
  links?: vscode.DocumentLinkProvider;
  terminal?: vscode.TerminalLinkProvider;
  serializer?: vscode.WebviewPanelSerializer;
  tree?: vscode.TreeDataProvider<unknown>;
}

type Tool = vscode.LanguageModelTool<unknown>;

/**
 * Delegating providers registered at activation. Each asks `load()` for the features on its first
 * call (loading dist/main.js), then forwards to the real provider the features attached.
 * This file is part of the small activation bundle, so it imports nothing at run time; even the
 * API comes from the caller, because every `require('vscode')` makes the extension host resolve
 * the requiring file's real path (about 27 µs each, measured in the benchmark's host). Without
 * this and extension.ts's plain require, "1. Activation cost" missed its target (3.85x, <= 3x):
 * see extension.ts.
 */
export class Delegates implements FeatureHost {
  private readonly providers: Providers = {};
  private readonly tools = new Map<string, Tool>();
  /** The Recent Customers view and its change event, when the shell created it (see the constructor). */
  private readonly delegateView?: { view: vscode.TreeView<unknown>; changed: vscode.EventEmitter<unknown> };

  /**
   * `createView`: whether the Recent Customers view may be on screen before the features load
   * (it was visible when this workspace last ran). Only then does the shell create it: a tree
   * view is one of the dearer registrations (BENCHMARKS.md, "Activation cost", has activation
   * with and without it), and a hidden view needs no provider until it is opened, by which time
   * the idle preload has run. Otherwise the features create it themselves.
   */
  constructor(
    private readonly api: typeof vscode,
    private readonly load: () => void,
    private readonly viewId: string,
    private readonly subscriptions: vscode.Disposable[],
    toolNames: readonly string[] = [],
    createView = true,
  ) {
    if (createView) {
      const changed = new api.EventEmitter<unknown>();
      const view = api.window.createTreeView<unknown>(viewId, {
        treeDataProvider: {
          onDidChangeTreeData: changed.event,
          getTreeItem: (e) => this.ready('tree').getTreeItem(e),
          getChildren: (e) => this.ready('tree').getChildren(e),
          getParent: (e) => this.ready('tree').getParent?.(e),
          resolveTreeItem: (item, e, token) => this.ready('tree').resolveTreeItem?.(item, e, token) ?? item,
        },
        showCollapseAll: false,
      });
      this.delegateView = { view, changed };
      subscriptions.push(view, changed);
    }
    subscriptions.push(
      api.languages.registerHoverProvider('*', { provideHover: (...a) => this.ready('hover').provideHover(...a) }),
      // No resolveDocumentLink: our links carry their target, and VS Code asks for resolving only if it exists.
      api.languages.registerDocumentLinkProvider('*', {
        provideDocumentLinks: (...a) => this.ready('links').provideDocumentLinks(...a),
      }),
      api.window.registerTerminalLinkProvider({
        provideTerminalLinks: (...a) => this.ready('terminal').provideTerminalLinks(...a),
        handleTerminalLink: (link) => this.ready('terminal').handleTerminalLink(link),
      }),
      api.window.registerWebviewPanelSerializer(CUSTOMER_PANEL_TYPE, {
        deserializeWebviewPanel: (panel, state) => this.ready('serializer').deserializeWebviewPanel(panel, state),
      }),
      ...toolNames.map((name) =>
        api.lm.registerTool<unknown>(name, {
          prepareInvocation: (options, token) => this.tool(name).prepareInvocation?.(options, token),
          invoke: (options, token) => this.tool(name).invoke(options, token),
        }),
      ),
    );
  }

  agentTool(name: string, tool: Tool): void {
    this.tools.set(name, tool);
  }

  hoverProvider(provider: vscode.HoverProvider): void {
    this.providers.hover = provider;
  }

  documentLinkProvider(provider: vscode.DocumentLinkProvider): void {
    this.providers.links = provider;
  }

  terminalLinkProvider(provider: vscode.TerminalLinkProvider): void {
    this.providers.terminal = provider;
  }

  webviewPanelSerializer(serializer: vscode.WebviewPanelSerializer): void {
    this.providers.serializer = serializer;
  }

  recentCustomersView<T>(provider: vscode.TreeDataProvider<T>): vscode.TreeView<T> {
    if (!this.delegateView) {
      const view = this.api.window.createTreeView<T>(this.viewId, {
        treeDataProvider: provider,
        showCollapseAll: false,
      });
      this.subscriptions.push(view);
      return view;
    }
    this.providers.tree = provider as vscode.TreeDataProvider<unknown>;
    const { view, changed } = this.delegateView;
    provider.onDidChangeTreeData?.((e) => changed.fire(e));
    return view as vscode.TreeView<T>;
  }

  private tool(name: string): Tool {
    if (!this.tools.has(name)) this.load();
    const tool = this.tools.get(name);
    if (!tool) throw new Error(`Rotor: the tool ${name} did not load`);
    return tool;
  }

  /** The real provider, loading the features first if needed. */
  private ready<K extends keyof Providers>(name: K): NonNullable<Providers[K]> {
    if (!this.providers[name]) this.load();
    const provider = this.providers[name];
    if (!provider) throw new Error(`Rotor: the ${name} feature did not load`);
    return provider;
  }
}
