import * as vscode from 'vscode';
import { type AuthInfo } from '../api/customer';
import { keyFingerprint } from '../core/quota/quotaTracker';

const SECRET_KEY = 'rotor.apiKey';
/** What `/auth/test` said about a key (company, scopes): not secret, kept to show in the status bar. */
const KEY_INFO_STATE = 'rotor.keyInfo.v1';

interface StoredKeyInfo {
  readonly fingerprint: string;
  readonly companyId?: string;
  readonly scopes: readonly string[];
}
export const HAS_API_KEY_CONTEXT = 'rotor.hasApiKey';

/**
 * The API key lives only in SecretStorage (the OS keychain on desktop). This wrapper caches it
 * in memory for the request path, keeps the `rotor.hasApiKey` context key in step, and picks up
 * a key changed in another window through `SecretStorage.onDidChange`.
 */
export class ApiKeyStore implements vscode.Disposable {
  private cached: Promise<string | undefined> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key !== SECRET_KEY) return;
      this.cached = undefined;
      void this.refreshContext();
      this.changed.fire();
    });
  }

  get(): Promise<string | undefined> {
    this.cached ??= Promise.resolve(this.secrets.get(SECRET_KEY)).then(
      (key) => (key && key.trim() ? key.trim() : undefined),
      () => undefined,
    );
    return this.cached;
  }

  async set(key: string): Promise<void> {
    await this.secrets.store(SECRET_KEY, key.trim());
    this.cached = Promise.resolve(key.trim());
    await this.refreshContext();
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
    this.cached = Promise.resolve(undefined);
    await this.refreshContext();
    this.changed.fire();
  }

  /** Remembers what Rotor said about this key (company and scopes), by fingerprint only. */
  async rememberAuth(key: string, info: AuthInfo): Promise<void> {
    const stored: StoredKeyInfo = { fingerprint: keyFingerprint(key.trim()), scopes: [...info.scopes], ...(info.companyId ? { companyId: info.companyId } : {}) };
    await this.state.update(KEY_INFO_STATE, stored);
    this.changed.fire();
  }

  /** The remembered company and scopes of `key`, if it was checked on this machine. */
  authInfo(key: string): { companyId?: string; scopes: readonly string[] } | undefined {
    const stored = this.state.get<Partial<StoredKeyInfo>>(KEY_INFO_STATE);
    if (!stored || stored.fingerprint !== keyFingerprint(key) || !Array.isArray(stored.scopes)) return undefined;
    return { scopes: stored.scopes.filter((s): s is string => typeof s === 'string'), ...(typeof stored.companyId === 'string' ? { companyId: stored.companyId } : {}) };
  }

  async refreshContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', HAS_API_KEY_CONTEXT, (await this.get()) !== undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
