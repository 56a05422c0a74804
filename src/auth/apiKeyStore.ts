import * as vscode from 'vscode';

const SECRET_KEY = 'rotor.apiKey';
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

  constructor(private readonly secrets: vscode.SecretStorage) {
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

  async refreshContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', HAS_API_KEY_CONTEXT, (await this.get()) !== undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
