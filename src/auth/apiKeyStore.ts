import * as vscode from 'vscode';
import { type AuthInfo } from '../api/customer';
import { keyFingerprint } from '../quota/model/quotaTracker';

const UNKNOWN = Symbol('unknown');

interface StoredKeyInfo {
  readonly fingerprint: string;
  readonly companyId?: string;
  readonly scopes: readonly string[];
}
export const HAS_API_KEY_CONTEXT = 'rotor.hasApiKey';

/** Where one connection keeps its key and what `/auth/test` said about it (connections/model `storageKeys`). */
export interface ApiKeyStorage {
  readonly secret: string;
  /** Not secret (company, scopes, by key fingerprint): kept to show in the status bar. */
  readonly keyInfo: string;
  /** Whether this is the active connection, whose key `rotor.hasApiKey` reflects. */
  readonly active: () => boolean;
}

/**
 * The API key lives only in SecretStorage (the OS keychain on desktop). This wrapper caches it
 * in memory for the request path, keeps the `rotor.hasApiKey` context key in step, and picks up
 * a key changed in another window through `SecretStorage.onDidChange`.
 */
export class ApiKeyStore implements vscode.Disposable {
  private cached: Promise<string | undefined> | undefined;
  /** The key value listeners were last told about; UNKNOWN until first read. */
  private announced: string | undefined | typeof UNKNOWN = UNKNOWN;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the key's value really changes (set, cleared, or changed in another window). */
  readonly onDidChange = this.changed.event;
  private readonly infoChanged = new vscode.EventEmitter<void>();
  /** Fires when what Rotor said about the key (company, scopes) was remembered. */
  readonly onDidChangeInfo = this.infoChanged.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
    private readonly keys: ApiKeyStorage,
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key !== keys.secret) return;
      this.cached = undefined;
      void this.get().then((value) => this.changedTo(value));
    });
  }

  get(): Promise<string | undefined> {
    this.cached ??= Promise.resolve(this.secrets.get(this.keys.secret)).then(
      (key) => {
        const value = key && key.trim() ? key.trim() : undefined;
        if (this.announced === UNKNOWN) this.announced = value;
        return value;
      },
      () => undefined,
    );
    return this.cached;
  }

  async set(key: string): Promise<void> {
    const value = key.trim();
    await this.secrets.store(this.keys.secret, value);
    this.cached = Promise.resolve(value);
    await this.changedTo(value);
  }

  async clear(): Promise<void> {
    await this.secrets.delete(this.keys.secret);
    this.cached = Promise.resolve(undefined);
    await this.changedTo(undefined);
  }

  /** Tells listeners once per real change: storing the same key again clears no cache. */
  private async changedTo(value: string | undefined): Promise<void> {
    if (value === this.announced) return;
    this.announced = value;
    await this.refreshContext();
    this.changed.fire();
  }

  /** Remembers what Rotor said about this key (company and scopes), by fingerprint only. */
  async rememberAuth(key: string, info: AuthInfo): Promise<void> {
    const stored: StoredKeyInfo = {
      fingerprint: keyFingerprint(key.trim()),
      scopes: [...info.scopes],
      ...(info.companyId ? { companyId: info.companyId } : {}),
    };
    await this.state.update(this.keys.keyInfo, stored);
    this.infoChanged.fire();
  }

  /** The remembered company and scopes of `key`, if it was checked on this machine. */
  authInfo(key: string): { companyId?: string; scopes: readonly string[] } | undefined {
    const stored = this.state.get<Partial<StoredKeyInfo>>(this.keys.keyInfo);
    if (!stored || stored.fingerprint !== keyFingerprint(key) || !Array.isArray(stored.scopes)) return undefined;
    return {
      scopes: stored.scopes.filter((s): s is string => typeof s === 'string'),
      ...(typeof stored.companyId === 'string' ? { companyId: stored.companyId } : {}),
    };
  }

  /** What Rotor said about the key last read, without waiting for the secret store (for rendering). */
  currentAuthInfo(): { companyId?: string; scopes: readonly string[] } | undefined {
    return typeof this.announced === 'string' ? this.authInfo(this.announced) : undefined;
  }

  /** Forgets what Rotor said about the key (Remove Connection). */
  async forgetInfo(): Promise<void> {
    await this.state.update(this.keys.keyInfo, undefined);
  }

  async refreshContext(): Promise<void> {
    if (!this.keys.active()) return;
    await vscode.commands.executeCommand('setContext', HAS_API_KEY_CONTEXT, (await this.get()) !== undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
    this.infoChanged.dispose();
  }
}
