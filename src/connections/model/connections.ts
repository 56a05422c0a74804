/**
 * Named Rotor connections (issue #18): each is a name, an API base URL, a key in SecretStorage
 * and its own quota count, key info and cache. The registry lives in globalState, which is
 * machine-local (never registered for Settings Sync) and which no workspace can write: so a
 * workspace can only *name* a connection (`rotor.connection`), never define one or its address.
 *
 * Migration: before the first Add Connection there is no registry, and the one connection is
 * "Default" (id `default`). It keeps the storage keys the extension used before connections
 * existed, and its address stays the machine-scoped `rotor.apiBaseUrl` setting, so an existing
 * key and settings keep working without a prompt.
 */

export const CONNECTIONS_STATE_KEY = 'rotor.connections.v1';
export const DEFAULT_CONNECTION_ID = 'default';
export const DEFAULT_CONNECTION_NAME = 'Default';
export const MAX_CONNECTION_NAME_LENGTH = 40;

export interface ConnectionRecord {
  readonly id: string;
  readonly name: string;
  /** Absent for Default, whose address is the `rotor.apiBaseUrl` setting. */
  readonly baseUrl?: string;
}

export interface ConnectionsState {
  /** Default first, then the others in the order they were added. */
  readonly connections: readonly ConnectionRecord[];
  /** The connection the user last switched to. */
  readonly activeId: string;
}

/** Where a connection's data is stored: Default keeps the keys of the single-key extension. */
export interface ConnectionStorageKeys {
  readonly secret: string;
  readonly quota: string;
  readonly keyInfo: string;
}

export function storageKeys(id: string): ConnectionStorageKeys {
  const suffix = id === DEFAULT_CONNECTION_ID ? '' : `.${id}`;
  return { secret: `rotor.apiKey${suffix}`, quota: `rotor.quota.v1${suffix}`, keyInfo: `rotor.keyInfo.v1${suffix}` };
}

const DEFAULT_RECORD: ConnectionRecord = { id: DEFAULT_CONNECTION_ID, name: DEFAULT_CONNECTION_NAME };
const ID_PATTERN = /^[a-z0-9]{1,32}$/;

/**
 * The registry as stored, or the implied one (Default alone) when there is none yet. Unreadable
 * records are dropped; Default is always there (Remove Connection clears its data instead).
 */
export function readConnections(raw: unknown): ConnectionsState {
  const stored =
    typeof raw === 'object' && raw !== null ? (raw as Partial<Record<keyof ConnectionsState, unknown>>) : {};
  const list = Array.isArray(stored.connections) ? (stored.connections as unknown[]) : [];
  const connections: ConnectionRecord[] = [DEFAULT_RECORD];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const r = item as Partial<Record<keyof ConnectionRecord, unknown>>;
    if (typeof r.id !== 'string' || !ID_PATTERN.test(r.id) || typeof r.name !== 'string') continue;
    if (r.id === DEFAULT_CONNECTION_ID) {
      if (!validateName(r.name, { connections, activeId: DEFAULT_CONNECTION_ID }, DEFAULT_CONNECTION_ID))
        connections[0] = { ...DEFAULT_RECORD, name: r.name.trim() };
      continue;
    }
    if (typeof r.baseUrl !== 'string' || validateName(r.name, { connections, activeId: DEFAULT_CONNECTION_ID }))
      continue;
    if (connections.some((c) => c.id === r.id)) continue;
    connections.push({ id: r.id, name: r.name.trim(), baseUrl: r.baseUrl });
  }
  const activeId =
    typeof stored.activeId === 'string' && connections.some((c) => c.id === stored.activeId)
      ? stored.activeId
      : DEFAULT_CONNECTION_ID;
  return { connections, activeId };
}

/** Why `name` cannot name a connection, or undefined when it can (`exceptId`: the one being renamed). */
export function validateName(name: string, state: ConnectionsState, exceptId?: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return 'A connection needs a name.';
  if (trimmed.length > MAX_CONNECTION_NAME_LENGTH)
    return `A connection name has at most ${MAX_CONNECTION_NAME_LENGTH} characters.`;
  // Control characters would garble the status bar, trees and panel headers.
  if (/\p{Cc}/u.test(trimmed)) return 'A connection name cannot contain line breaks or control characters.';
  if (state.connections.some((c) => c.id !== exceptId && sameName(c.name, trimmed)))
    return `There is already a connection named "${trimmed}".`;
  return undefined;
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

/** The registry with a new connection (not yet active). Throws on an invalid name or id. */
export function addConnection(state: ConnectionsState, record: ConnectionRecord): ConnectionsState {
  const problem = validateName(record.name, state);
  if (problem) throw new Error(problem);
  if (!ID_PATTERN.test(record.id) || state.connections.some((c) => c.id === record.id))
    throw new Error(`Invalid connection id ${record.id}`);
  return { ...state, connections: [...state.connections, { ...record, name: record.name.trim() }] };
}

/** The registry without `id`; Default stays (its data is cleared instead). The active one falls back to Default. */
export function removeConnection(state: ConnectionsState, id: string): ConnectionsState {
  if (id === DEFAULT_CONNECTION_ID) return state;
  const connections = state.connections.filter((c) => c.id !== id);
  return { connections, activeId: state.activeId === id ? DEFAULT_CONNECTION_ID : state.activeId };
}

export function switchConnection(state: ConnectionsState, id: string): ConnectionsState {
  return state.connections.some((c) => c.id === id) ? { ...state, activeId: id } : state;
}

/**
 * The connection in use: the workspace's `rotor.connection` when it names one (by name, case
 * insensitively), else the one the user last switched to, else Default.
 */
export function resolveActive(state: ConnectionsState, preferredName?: string): ConnectionRecord {
  const preferred = preferredName?.trim() ? state.connections.find((c) => sameName(c.name, preferredName)) : undefined;
  return preferred ?? state.connections.find((c) => c.id === state.activeId) ?? state.connections[0] ?? DEFAULT_RECORD;
}

/**
 * The key a record is filed under in lists shared by all connections (Recent Customers, panels):
 * the bare customer ID for Default, as before connections existed, else `<connection id>:<customer id>`.
 */
export function connectionKey(connectionId: string, customerId: string): string {
  return connectionId === DEFAULT_CONNECTION_ID ? customerId : `${connectionId}:${customerId}`;
}

export function parseConnectionKey(key: string): { connectionId: string; customerId: string } {
  const colon = key.indexOf(':');
  return colon < 0
    ? { connectionId: DEFAULT_CONNECTION_ID, customerId: key }
    : { connectionId: key.slice(0, colon), customerId: key.slice(colon + 1) };
}
