import * as vscode from 'vscode';
import { type RequestLogEntry, RotorClient } from './api/rotorClient';
import { ApiKeyStore } from './auth/apiKeyStore';
import { Settings } from './common/settings';
import { CustomerStore } from './lookup/model/customerStore';
import { QuotaTracker } from './quota/model/quotaTracker';
import { isForgotten, RecentCustomers } from './recent/model/recentCustomers';
import { TransportLoader } from './api/transportLoader';
import { logRequest } from './lookup/requestLog';
import { Emitter, type Subscription } from './common/model/events';
import { CustomerLookup } from './lookup/customerLookup';
import { ScreenShareMode } from './privacy/screenShare';
import { type Connection, Connections } from './connections/connections';
import { type ConnectionRecord, storageKeys } from './connections/model/connections';

/** Every long-lived service, built once by the composition root and handed to each feature. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly settings: Settings;
  /** Every connection; the five below are the active one's, read at the time of use. */
  readonly connections: Connections;
  readonly apiKey: ApiKeyStore;
  readonly quota: QuotaTracker;
  readonly client: RotorClient;
  readonly store: CustomerStore;
  readonly lookup: CustomerLookup;
  readonly recent: RecentCustomers;
  readonly log: vscode.LogOutputChannel;
  /** Screen-share mode: the one masking step every surface runs before it renders a customer. */
  readonly privacy: ScreenShareMode;
  /** Every request attempt sent to Rotor (retries included): lets a caller say what its work cost. */
  readonly onDidSendRequest: (listener: (entry: RequestLogEntry) => void) => Subscription;
}

/**
 * Builds the services. Cheap and synchronous: nothing here sends a request, reads the secret
 * or loads undici (the transport loads on the first request).
 */
export function createServices(context: vscode.ExtensionContext): Services {
  const settings = new Settings();
  const log = vscode.window.createOutputChannel('Rotor', { log: true });
  const requests = new Emitter<RequestLogEntry>();
  const transports = new TransportLoader(() => settings.transport);
  const recent = new RecentCustomers(context.globalState, () => settings.recentMaxItems);
  // Entries not viewed for rotor.recent.retentionDays go before anything reads the list.
  recent.dropOlderThan(settings.recentRetentionDays);

  /** One connection's services. globalState is machine-local: no key is registered with setKeysForSync. */
  const createConnection = (record: ConnectionRecord, active: () => boolean): Connection => {
    const keys = storageKeys(record.id);
    const apiKey = new ApiKeyStore(context.secrets, context.globalState, { ...keys, active });
    const quota = new QuotaTracker(context.globalState, () => settings.quota, Date.now, keys.quota);
    // Default's address is the machine-scoped setting; the others' is in the machine-local registry.
    const baseUrl = record.baseUrl;
    const client = new RotorClient({
      transport: () => transports.get(),
      apiKey: () => apiKey.get(),
      baseUrl: baseUrl === undefined ? () => settings.apiBaseUrl : () => baseUrl,
      gate: quota,
      onRequest: (entry) => {
        logRequest(log, entry);
        requests.fire(entry);
      },
      onUnexpectedError: (description) =>
        log.error(
          `Unexpected failure in a Rotor request (shown to the user as an unreadable response): ${description}`,
        ),
    });
    const store = new CustomerStore({
      fetchCustomer: (id, options) => client.getCustomer(id, options),
      ttlMs: () => settings.cacheTtlMs,
      maxEntries: settings.cacheMaxEntries,
    });
    // After a reload the recent list is the last known data: hints, tree and panels use it without a request.
    for (const entry of recent.list())
      if (entry.connectionId === record.id && !isForgotten(entry)) store.prime(entry.customer, entry.fetchedAt);
    const lookup = new CustomerLookup(store, recent, log, record.id);
    // A new key (or none) makes cached answers of the old key moot.
    const keyChange = apiKey.onDidChange(() => store.clear());
    return {
      record,
      apiKey,
      quota,
      client,
      store,
      lookup,
      dispose: () => {
        keyChange.dispose();
        apiKey.dispose();
        quota.dispose();
        store.dispose();
      },
    };
  };
  const connections = new Connections(context.globalState, createConnection, () => settings.preferredConnection);
  // Entries of connections that no longer exist go too, now and whenever one is removed (here or
  // in another window): no tree group, panel or lookup could use them.
  const retainRecent = (): void => void recent.retainConnections(connections.all.map((c) => c.record.id));
  retainRecent();
  const privacy = new ScreenShareMode();

  context.subscriptions.push(
    log,
    connections,
    privacy,
    { dispose: () => requests.dispose() },
    { dispose: () => recent.dispose() },
    { dispose: () => void transports.dispose() },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (
        e.affectsConfiguration('http.proxy') ||
        e.affectsConfiguration('http.proxyStrictSSL') ||
        e.affectsConfiguration('rotor.requestTimeoutSeconds')
      )
        transports.reset();
      if (e.affectsConfiguration('rotor.connection')) connections.refresh();
    }),
    // Another window may have added or removed a connection while this one was in the background.
    vscode.window.onDidChangeWindowState((state) => {
      if (state.focused) connections.refresh();
    }),
    connections.onDidChange(retainRecent),
  );
  return {
    context,
    settings,
    connections,
    get apiKey() {
      return connections.active.apiKey;
    },
    get quota() {
      return connections.active.quota;
    },
    get client() {
      return connections.active.client;
    },
    get store() {
      return connections.active.store;
    },
    get lookup() {
      return connections.active.lookup;
    },
    recent,
    log,
    privacy,
    onDidSendRequest: requests.event,
  };
}
