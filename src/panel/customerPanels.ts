import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { isPlainObject } from '../api/customer';
import { type RotorError, toRotorError } from '../api/errors';
import { type LookupResult } from '../lookup/model/customerStore';
import {
  copyValue,
  customerJson,
  type CustomerPageModel,
  type PanelView,
  panelTitle,
  renderCustomerMain,
  renderCustomerPage,
} from './model/customerHtml';
import { mailtoHref, mapUrl, telHref } from './model/customerLinks';
import { normalizeCustomerId } from '../api/customerId';
import { type Services } from '../services';
import { type Connection } from '../connections/connections';
import { connectionKey, DEFAULT_CONNECTION_ID } from '../connections/model/connections';
import { type FeatureHost } from '../shell/featureHost';
import { type CopyTarget, isPanelMessage, type OpenTarget, type PageUpdate, type PanelMessage } from './model/protocol';
import { type CopiedValue, copyToClipboard } from '../common/clipboard';
import { COMMANDS, CUSTOMER_PANEL_TYPE } from '../common/model/commandIds';
import { ERROR_STEPS } from '../common/model/errorSteps';
import { runCommandStep } from '../common/showError';
import { hasHiddenNotes } from '../privacy/model/mask';
import { ticketNote } from '../privacy/model/ticketNote';
import { PanelPageAssets } from './pageAssets';

/** What a customer panel shows when it opens: a lookup's result, or the error it ended with. */
export type PanelState =
  { readonly kind: 'result'; readonly result: LookupResult } | { readonly kind: 'error'; readonly error: RotorError };

const COPIED: Readonly<Record<CopyTarget, CopiedValue>> = {
  id: 'customer ID',
  email: 'email address',
  phone: 'phone number',
  ticketNote: 'ticket note',
};

const OPEN_SCHEMES: Readonly<Record<OpenTarget, string>> = { email: 'mailto', phone: 'tel', map: 'https' };

const WEBVIEW_OPTIONS: vscode.WebviewOptions = {
  enableScripts: true,
  enableForms: false,
  enableCommandUris: false,
  // The page's stylesheet and script are inline (pageAssets.ts): it loads no file of ours.
  localResourceRoots: [],
};

/**
 * The customer panel: one webview per customer (`rotor.customer`), revealed when already open,
 * restored after a reload from the ID alone. The HTML comes from the pure
 * `panel/model/customerHtml`; this shell builds its model, keeps it current (own lookups, other
 * features' refreshes through `store.onDidChange`) and does what the page asks (protocol.ts).
 */
export function registerCustomerPanels(services: Services, host: FeatureHost): CustomerPanels {
  const manager = new CustomerPanels(services);
  host.webviewPanelSerializer({
    deserializeWebviewPanel: (panel, state: unknown) => {
      manager.restore(panel, state);
      return Promise.resolve();
    },
  });
  services.context.subscriptions.push(
    manager,
    vscode.commands.registerCommand(COMMANDS.refreshCustomer, (id?: unknown) => manager.target(id)?.refresh(false)),
    vscode.commands.registerCommand(COMMANDS.openCustomerJson, (id?: unknown) => manager.target(id)?.openJson()),
  );
  return manager;
}

/**
 * The panel service: one panel per customer ID. Features call `show`; `htmlFor`, `viewKindFor`
 * and `isReady` exist for the integration tests; `restore` is what the serializer calls.
 */
export class CustomerPanels implements vscode.Disposable {
  private readonly panels = new Map<string, CustomerPanel>();
  private lastActive: CustomerPanel | undefined;
  private readonly assets: PanelPageAssets;

  constructor(private readonly services: Services) {
    this.assets = new PanelPageAssets(services.context.extensionPath);
  }

  /**
   * Opens or reveals the panel for `id` of `connection` (the active one by default). Without a
   * state the panel looks the customer up itself.
   */
  show(rawId: string, state?: PanelState, connection = this.services.connections.active): void {
    const id = normalizeCustomerId(rawId);
    if (!id) return;
    const existing = this.panels.get(connectionKey(connection.record.id, id));
    if (existing) {
      existing.reveal();
      if (state) existing.applyState(state);
      return;
    }
    const webviewPanel = vscode.window.createWebviewPanel(
      CUSTOMER_PANEL_TYPE,
      `Customer ${id.slice(0, 8)}`,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { ...WEBVIEW_OPTIONS, retainContextWhenHidden: false, enableFindWidget: true },
    );
    const panel = this.adopt(webviewPanel, id, connection);
    if (state) panel.applyState(state);
    else void panel.load({ refresh: false, remember: true });
  }

  /** A panel VS Code brings back after a reload: its state holds only `{ id, connection? }`. */
  restore(webviewPanel: vscode.WebviewPanel, state: unknown): void {
    const id = isPlainObject(state) && typeof state.id === 'string' ? normalizeCustomerId(state.id) : undefined;
    const connectionId =
      isPlainObject(state) && typeof state.connection === 'string' ? state.connection : DEFAULT_CONNECTION_ID;
    // A removed connection's panel does not come back (nor does it ask another company).
    const connection = this.services.connections.get(connectionId);
    if (!id || !connection || this.panels.has(connectionKey(connectionId, id))) {
      webviewPanel.dispose();
      return;
    }
    webviewPanel.webview.options = WEBVIEW_OPTIONS;
    const panel = this.adopt(webviewPanel, id, connection);
    if (!panel.showKnown()) void panel.load({ refresh: false, remember: false });
  }

  /**
   * The panel a command acts on: the one for the ID argument (of the active connection), else the
   * active (or last active) one.
   */
  target(arg: unknown): CustomerPanel | undefined {
    const id = typeof arg === 'string' ? normalizeCustomerId(arg) : undefined;
    if (id) return this.panels.get(connectionKey(this.services.connections.active.record.id, id));
    const active = [...this.panels.values()].find((p) => p.active);
    return active ?? this.lastActive;
  }

  /** The HTML currently set on the panel of `id` of a connection (the active one by default), if one is open. */
  htmlFor(id: string, connectionId?: string): string | undefined {
    return this.find(id, connectionId)?.html;
  }

  /** What the panel of `id` shows: loading, customer, notFound or error. */
  viewKindFor(id: string): PanelView['kind'] | undefined {
    return this.find(id)?.viewKind;
  }

  /** True once the page script of the panel of `id` has said "ready" (it loaded under the CSP). */
  isReady(id: string): boolean {
    return this.find(id)?.ready ?? false;
  }

  /** The panel of `id` of a connection (the active one by default): for tests. */
  private find(id: string, connectionId = this.services.connections.active.record.id): CustomerPanel | undefined {
    const canonical = normalizeCustomerId(id);
    return canonical ? this.panels.get(connectionKey(connectionId, canonical)) : undefined;
  }

  /** Remove Connection: that connection's panels close. */
  closeConnection(connectionId: string): void {
    for (const panel of [...this.panels.values()]) if (panel.connection.record.id === connectionId) panel.dispose();
  }

  private adopt(webviewPanel: vscode.WebviewPanel, id: string, connection: Connection): CustomerPanel {
    const key = connectionKey(connection.record.id, id);
    const panel = new CustomerPanel(this.services, this.assets, connection, webviewPanel, id, {
      onDidActivate: (p) => (this.lastActive = p),
      onDidDispose: (p) => {
        if (this.panels.get(key) === p) this.panels.delete(key);
        if (this.lastActive === p) this.lastActive = undefined;
      },
    });
    this.panels.set(key, panel);
    this.lastActive = panel;
    return panel;
  }

  /** Forget Customer Data: every open panel closes (each holds a customer record in memory). */
  closeAll(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }

  dispose(): void {
    this.closeAll();
  }
}

interface PanelHooks {
  onDidActivate(panel: CustomerPanel): void;
  onDidDispose(panel: CustomerPanel): void;
}

class CustomerPanel {
  private view: PanelView = { kind: 'loading' };
  private busy = false;
  /** 'Show notes' was chosen in screen-share mode; reset whenever the mode changes. */
  private notesRevealed = false;
  private disposed = false;
  private controller: AbortController | undefined;
  private readonly subscriptions: { dispose(): unknown }[] = [];
  html = '';
  ready = false;
  /** The HTML last set as webview.html: what VS Code loads when it (re)creates the page. */
  private documentHtml = '';

  constructor(
    private readonly services: Services,
    private readonly assets: PanelPageAssets,
    /** The connection the customer comes from: its store, lookups and key, whichever is active. */
    readonly connection: Connection,
    private readonly panel: vscode.WebviewPanel,
    readonly id: string,
    private readonly hooks: PanelHooks,
  ) {
    const media = vscode.Uri.joinPath(services.context.extensionUri, 'media');
    panel.iconPath = {
      light: vscode.Uri.joinPath(media, 'customer-light.svg'),
      dark: vscode.Uri.joinPath(media, 'customer-dark.svg'),
    };
    this.subscriptions.push(
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active) hooks.onDidActivate(this);
        // A hidden page is gone (no retainContextWhenHidden); it says "ready" again when shown.
        if (!e.webviewPanel.visible) this.ready = false;
      }),
      panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      // Another feature (hover, tree, search) refreshed this customer: show its data.
      connection.store.onDidChange((changed) => {
        if (changed === this.id) this.showKnown();
      }),
      // The header names the connection once there are several.
      services.connections.onDidChange(() => this.render()),
      // Screen-share mode on or off: the open page gets its new, (un)masked <main> at once.
      services.privacy.onDidChange(() => {
        this.notesRevealed = false;
        this.render();
      }),
      connection.apiKey.onDidChange(() => {
        if (this.view.kind === 'error' && ERROR_STEPS[this.view.error.code].newKeyMayFix)
          void this.load({ refresh: true, remember: true });
      }),
    );
  }

  get viewKind(): PanelView['kind'] {
    return this.view.kind;
  }

  get active(): boolean {
    return !this.disposed && this.panel.active;
  }

  reveal(): void {
    if (!this.disposed) this.panel.reveal(undefined, false);
  }

  /** Shows what a lookup elsewhere (Open Customer) found, unless the panel already shows newer data. */
  applyState(state: PanelState): void {
    if (state.kind === 'error') {
      this.showError(state.error);
    } else if (
      !this.isNewerThanShown(state.result.fetchedAt) &&
      !(state.result.kind === 'customer' && state.result.stale)
    ) {
      return;
    } else {
      this.showResult(state.result);
    }
    this.render();
  }

  /**
   * Shows data known without a request (the store's cache, else the recent list) when it is newer
   * than what the panel shows. Returns whether anything is known.
   */
  showKnown(): boolean {
    const entry = this.connection.store.peek(this.id);
    const recent = entry ? undefined : this.services.recent.get(connectionKey(this.connection.record.id, this.id));
    const known: Extract<PanelView, { kind: 'customer' | 'notFound' }> | undefined = entry
      ? entry.kind === 'customer'
        ? { kind: 'customer', customer: entry.customer, fetchedAt: entry.fetchedAt }
        : { kind: 'notFound', fetchedAt: entry.fetchedAt }
      : recent && { kind: 'customer', customer: recent.customer, fetchedAt: recent.fetchedAt };
    if (!known) return false;
    if (this.isNewerThanShown(known.fetchedAt)) {
      this.view = known;
      this.render();
    }
    return true;
  }

  /** Looks the customer up (Refresh, Retry, first open); one lookup at a time. */
  async load(options: {
    readonly refresh: boolean;
    readonly remember: boolean;
    readonly force?: boolean;
  }): Promise<void> {
    if (this.busy || this.disposed) return;
    const controller = new AbortController();
    this.controller = controller;
    this.busy = true;
    this.render();
    try {
      const result = await this.connection.lookup.lookup(this.id, {
        priority: 'user',
        remember: options.remember,
        refresh: options.refresh,
        force: options.force === true,
        signal: controller.signal,
      });
      if (!this.disposed) this.showResult(result);
    } catch (e) {
      if (!this.disposed) this.showError(toRotorError(e));
    } finally {
      this.busy = false;
      this.controller = undefined;
      this.render();
    }
  }

  refresh(force: boolean): Promise<void> {
    return this.load({ refresh: true, remember: true, force });
  }

  async openJson(): Promise<void> {
    if (this.view.kind !== 'customer') return;
    // In screen-share mode the JSON editor gets the masked record too (notes withheld, whatever the panel shows).
    const document = await vscode.workspace.openTextDocument({
      language: 'json',
      content: customerJson(this.services.privacy.mask(this.view.customer)),
    });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  }

  /**
   * Shows the current view. An open page that said "ready" gets the new `<main>` as a message;
   * otherwise (first render, page not loaded yet, panel hidden, message not delivered) the page
   * is rebuilt from `webview.html`.
   */
  render(): void {
    if (this.disposed) return;
    const webview = this.panel.webview;
    const privacy = this.services.privacy;
    // The one masking step, before anything is rendered: the page never receives the originals.
    const view: PanelView =
      this.view.kind === 'customer'
        ? { ...this.view, customer: privacy.mask(this.view.customer, { revealNotes: this.notesRevealed }) }
        : this.view;
    const notesHidden =
      this.view.kind === 'customer' && !this.notesRevealed && hasHiddenNotes(this.view.customer, privacy.mode);
    const model: CustomerPageModel = {
      id: this.id,
      view,
      privacy: { masked: privacy.on, notesHidden },
      busy: this.busy,
      ...this.connectionModel(),
      now: Date.now(),
      locale: vscode.env.language,
      nonce: randomBytes(16).toString('base64'),
      cspSource: webview.cspSource,
      assets: this.assets.get(),
    };
    this.html = renderCustomerPage(model);
    const title = panelTitle(this.view, this.id);
    this.panel.title = title;
    if (this.ready && this.panel.visible) {
      this.postUpdate(renderCustomerMain(model), title);
      return;
    }
    this.rebuild();
  }

  /** The connection line of the page: when there are several, or this one is not Default (restore). */
  private connectionModel(): Pick<CustomerPageModel, 'connection'> {
    const { record, apiKey } = this.connection;
    if (!this.services.connections.several && record.id === DEFAULT_CONNECTION_ID) return {};
    const companyId = apiKey.currentAuthInfo()?.companyId;
    return { connection: { id: record.id, name: record.name, ...(companyId ? { companyId } : {}) } };
  }

  /** Sets the whole page: the page script starts again and says "ready" again. */
  private rebuild(): void {
    this.ready = false;
    this.documentHtml = this.html;
    this.panel.webview.html = this.html;
  }

  private postUpdate(main: string, title: string): void {
    const html = this.html;
    void this.panel.webview.postMessage({ type: 'update', main, title } satisfies PageUpdate).then(
      (delivered) => {
        if (!delivered && !this.disposed && this.html === html) this.rebuild();
      },
      () => undefined,
    );
  }

  private isNewerThanShown(fetchedAt: number): boolean {
    const v = this.view;
    return v.kind === 'loading' || v.kind === 'error' || fetchedAt > v.fetchedAt;
  }

  private showResult(result: LookupResult): void {
    this.view =
      result.kind === 'customer'
        ? {
            kind: 'customer',
            customer: result.customer,
            fetchedAt: result.fetchedAt,
            ...(result.stale ? { stale: result.stale } : {}),
          }
        : { kind: 'notFound', fetchedAt: result.fetchedAt };
  }

  /** With data on screen an error becomes a banner above it (last known data); else the error page. */
  private showError(error: RotorError): void {
    if (error.code === 'Cancelled' && this.view.kind !== 'loading') return;
    this.view = this.view.kind === 'customer' ? { ...this.view, stale: error } : { kind: 'error', error };
  }

  private onMessage(message: unknown): void {
    if (this.disposed || !isPanelMessage(message)) return;
    void this.handle(message).catch((e: unknown) => {
      this.services.log.warn(`Customer panel: ${message.type} failed: ${toRotorError(e).message}`);
    });
  }

  private async handle(message: PanelMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        // VS Code reloads a page that was hidden from the last webview.html: bring it up to date.
        if (this.documentHtml !== this.html) this.render();
        return;
      case 'refresh':
        return this.refresh(message.force === true);
      case 'copy':
        return this.copy(message.what);
      case 'open':
        return this.open(message.what);
      case 'openJson':
        return this.openJson();
      case 'showNotes':
        this.notesRevealed = true;
        this.render();
        return;
      case 'command':
        // isPanelMessage let only the command steps through: nothing else is ever run for the page.
        return runCommandStep(message.command);
    }
  }

  private async copy(what: CopyTarget): Promise<void> {
    let value: string | undefined;
    if (what === 'id') value = this.id;
    else if (this.view.kind !== 'customer') return;
    else if (what === 'ticketNote') value = ticketNote(this.view.customer, this.services.privacy.mode);
    else {
      value = copyValue(this.view.customer, what);
      // The page shows the value masked: copying the original is a choice the user makes.
      if (value && !(await this.services.privacy.confirmUnmaskedCopy(COPIED[what]))) return;
    }
    if (!value) return;
    await copyToClipboard(value, COPIED[what]);
  }

  /** Opens mailto:, tel: or the map, built again here from the panel's own data, never from the page. */
  private async open(what: OpenTarget): Promise<void> {
    if (this.view.kind !== 'customer') return;
    const c = this.view.customer;
    const href = what === 'email' ? mailtoHref(c.email) : what === 'phone' ? telHref(c.phone) : mapUrl(c.location);
    if (!href) return;
    const uri = vscode.Uri.parse(href, true);
    if (uri.scheme !== OPEN_SCHEMES[what]) return;
    await vscode.env.openExternal(uri);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.controller?.abort();
    this.hooks.onDidDispose(this);
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.panel.dispose();
  }
}
