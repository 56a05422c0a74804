import * as vscode from 'vscode';
import { type RotorClient } from '../api/rotorClient';
import { type ApiKeyStore } from '../auth/apiKeyStore';
import { Emitter } from '../common/model/events';
import { VSCODE_COMMANDS } from '../common/model/commandIds';
import { type CustomerLookup } from '../lookup/customerLookup';
import { type CustomerStore } from '../lookup/model/customerStore';
import { type QuotaTracker } from '../quota/model/quotaTracker';
import {
  addConnection,
  type ConnectionRecord,
  CONNECTIONS_STATE_KEY,
  type ConnectionsState,
  DEFAULT_CONNECTION_ID,
  readConnections,
  removeConnection,
  resolveActive,
  storageKeys,
  switchConnection,
} from './model/connections';

/** One connection's services: its key, quota count, client, cache and lookups. */
export interface Connection {
  readonly record: ConnectionRecord;
  readonly apiKey: ApiKeyStore;
  readonly quota: QuotaTracker;
  readonly client: RotorClient;
  readonly store: CustomerStore;
  readonly lookup: CustomerLookup;
  dispose(): void;
}

/** Builds a connection's services (services.ts); `active` says whether it is the one in use. */
export type ConnectionFactory = (record: ConnectionRecord, active: () => boolean) => Connection;

/** Context key: more than one connection exists (Switch and Remove Connection need no stub before). */
export const SEVERAL_CONNECTIONS_CONTEXT = 'rotor.severalConnections';

/** A change of one connection's store: the customer ID, or '' when its cache was cleared. */
export interface StoreChange {
  readonly connection: Connection;
  readonly id: string;
}

/**
 * The connections of this machine and the one in use. Features reach the active connection's
 * services through `Services` (its getters) and listen here for changes of any connection, since
 * a listener on one connection's store would miss a switch.
 */
export class Connections implements vscode.Disposable {
  private state: ConnectionsState;
  private readonly live = new Map<string, Connection>();
  private readonly subscriptions = new Map<string, { dispose(): void }[]>();
  private activeId: string;
  private readonly changed = new Emitter<void>();
  /** The active connection or the list changed (switch, add, remove, workspace preference). */
  readonly onDidChange = this.changed.event;
  private readonly storeChanged = new Emitter<StoreChange>();
  readonly onDidChangeStore = this.storeChanged.event;
  private readonly keyChanged = new Emitter<Connection>();
  /** A connection's API key changed (set, cleared, or changed in another window). */
  readonly onDidChangeKey = this.keyChanged.event;
  private readonly statusChanged = new Emitter<Connection>();
  /** What the status bar shows of a connection changed: its key, what Rotor said about it, its quota count. */
  readonly onDidChangeStatus = this.statusChanged.event;

  constructor(
    private readonly globalState: vscode.Memento,
    private readonly create: ConnectionFactory,
    private readonly preferredName: () => string | undefined,
  ) {
    this.state = readConnections(globalState.get<unknown>(CONNECTIONS_STATE_KEY));
    for (const record of this.state.connections) this.open(record);
    this.activeId = resolveActive(this.state, preferredName()).id;
  }

  get active(): Connection {
    return this.live.get(this.activeId) ?? this.live.get(DEFAULT_CONNECTION_ID)!;
  }

  /** Every connection, Default first. */
  get all(): readonly Connection[] {
    return this.state.connections.map((r) => this.live.get(r.id)!);
  }

  get several(): boolean {
    return this.state.connections.length > 1;
  }

  get(id: string): Connection | undefined {
    return this.live.get(id);
  }

  /** The registry as stored (names, addresses), for the commands' questions. */
  get registry(): ConnectionsState {
    return this.state;
  }

  /**
   * Adds a connection (not yet active). It is live before the registry lists it: `all` and the
   * change listeners (the Recent tree) read the live connections while the registry is saved.
   */
  async add(record: ConnectionRecord): Promise<Connection> {
    const state = addConnection(this.reread(), record);
    const connection = this.open(state.connections.find((c) => c.id === record.id)!);
    try {
      await this.save(state);
    } catch (e) {
      this.close(record.id);
      throw e;
    }
    return connection;
  }

  /** Makes `id` the user's choice; a workspace's `rotor.connection` still wins in that workspace. */
  async switchTo(id: string): Promise<void> {
    await this.save(switchConnection(this.reread(), id));
  }

  /**
   * Removes a connection with its secret, key info, quota count and cache. Default stays in the
   * list with its data cleared. The caller removes its Recent entries and panels afterwards.
   *
   * First its answers stop: requests under way are cancelled and lookups no longer file
   * customers in Recent, so an answer arriving while the data is deleted cannot bring back an
   * entry (or a cache entry) of the connection being removed.
   */
  async remove(id: string): Promise<void> {
    this.reread();
    const connection = this.live.get(id);
    if (!connection) return;
    connection.lookup.pause();
    connection.store.abortAll();
    try {
      await connection.apiKey.clear();
      await connection.apiKey.forgetInfo();
      connection.quota.reset();
      // clear() also aborts a request started meanwhile, sent with the key just deleted.
      connection.store.clear();
      if (id === DEFAULT_CONNECTION_ID) return;
      // The quota tracker wrote an empty record; the connection is gone, so its key goes too.
      await this.globalState.update(storageKeys(id).quota, undefined);
      await this.save(removeConnection(this.state, id));
      this.close(id);
    } finally {
      // Default (or a connection whose removal failed) is still in use.
      if (this.live.get(id) === connection) connection.lookup.resume();
    }
  }

  /**
   * Reads the registry again and picks the active connection again: the workspace's
   * `rotor.connection` changed, or the window got focus after another one may have added or
   * removed a connection.
   */
  refresh(): void {
    this.reread();
    this.update();
  }

  /** Sets the context keys the palette conditions read. */
  async refreshContext(): Promise<void> {
    await vscode.commands.executeCommand(VSCODE_COMMANDS.setContext, SEVERAL_CONNECTIONS_CONTEXT, this.several);
    await this.active.apiKey.refreshContext();
  }

  private open(record: ConnectionRecord): Connection {
    const connection = this.create(record, () => this.activeId === record.id);
    this.live.set(record.id, connection);
    const status = (): void => this.statusChanged.fire(connection);
    this.subscriptions.set(record.id, [
      connection.store.onDidChange((id) => this.storeChanged.fire({ connection, id })),
      connection.apiKey.onDidChange(() => {
        this.keyChanged.fire(connection);
        status();
      }),
      connection.apiKey.onDidChangeInfo(status),
      connection.quota.onDidChange(status),
    ]);
    return connection;
  }

  /** Ends a live connection: its listeners, then its services. */
  private close(id: string): void {
    for (const s of this.subscriptions.get(id) ?? []) s.dispose();
    this.subscriptions.delete(id);
    this.live.get(id)?.dispose();
    this.live.delete(id);
  }

  /**
   * The registry as stored now (globalState is shared by this machine's windows), with live
   * connections for what another window added and none for what it removed. Every change starts
   * from it: a window that wrote back the list it read at start-up would drop a connection
   * another window added since, and leave that connection's secret and data behind.
   */
  private reread(): ConnectionsState {
    const stored = readConnections(this.globalState.get<unknown>(CONNECTIONS_STATE_KEY));
    if (JSON.stringify(stored) === JSON.stringify(this.state)) return this.state;
    for (const record of stored.connections) if (!this.live.has(record.id)) this.open(record);
    for (const id of [...this.live.keys()]) if (!stored.connections.some((c) => c.id === id)) this.close(id);
    this.state = stored;
    this.update(true);
    return stored;
  }

  private async save(state: ConnectionsState): Promise<void> {
    this.state = state;
    await this.globalState.update(CONNECTIONS_STATE_KEY, state);
    this.update(true);
  }

  private update(listChanged = false): void {
    const activeId = resolveActive(this.state, this.preferredName()).id;
    if (activeId === this.activeId && !listChanged) return;
    this.activeId = activeId;
    void this.refreshContext();
    this.changed.fire();
  }

  dispose(): void {
    for (const list of this.subscriptions.values()) for (const s of list) s.dispose();
    for (const connection of this.live.values()) connection.dispose();
    this.changed.dispose();
    this.storeChanged.dispose();
    this.keyChanged.dispose();
    this.statusChanged.dispose();
  }
}
