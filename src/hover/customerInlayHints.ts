import * as vscode from 'vscode';
import { nameAndCompany } from '../common/model/text';
import { findCustomerIds } from './model/customerIds';
import { inHoverScope } from './hoverScope';
import { type Services } from '../services';

/**
 * "Jane Doe · Acme Roofing" after UUIDs of customers already in the cache. Reads the cache only:
 * a hint never sends a request, so a log full of IDs costs no quota.
 */
export class CustomerInlayHintsProvider implements vscode.InlayHintsProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;
  private pending?: ReturnType<typeof setTimeout>;
  private readonly subscriptions: { dispose(): void }[];

  constructor(private readonly services: Services) {
    // Many lookups may land at once (Refresh All): repaint hints once.
    this.subscriptions = [
      // Any connection's store (the active one may change under it), and a switch.
      services.connections.onDidChangeStore(() => this.schedule()),
      services.connections.onDidChange(() => this.schedule()),
      services.privacy.onDidChange(() => this.changed.fire()),
    ];
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.changed.fire();
    }, 100);
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    if (!this.services.settings.inlineHintsEnabled || !inHoverScope(this.services.settings, document)) return [];
    const start = document.offsetAt(range.start);
    const text = document.getText(range);
    const hints: vscode.InlayHint[] = [];
    for (const m of findCustomerIds(text)) {
      const entry = this.services.store.peek(m.id);
      if (entry?.kind !== 'customer') continue;
      const hint = new vscode.InlayHint(
        document.positionAt(start + m.end),
        nameAndCompany(this.services.privacy.mask(entry.customer), 40),
        vscode.InlayHintKind.Type,
      );
      hint.paddingLeft = true;
      hint.tooltip = 'Rotor customer (from cache)';
      hints.push(hint);
    }
    return hints;
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

/**
 * Registered when the features load, not by the activation shell: hints come from the cache
 * only, which is empty until then, so a provider at activation would have nothing to show.
 * VS Code asks the visible editors for hints again when a provider is registered.
 */
export function registerInlayHints(services: Services): CustomerInlayHintsProvider {
  const provider = new CustomerInlayHintsProvider(services);
  services.context.subscriptions.push(provider, vscode.languages.registerInlayHintsProvider('*', provider));
  return provider;
}
