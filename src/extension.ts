import type * as vscode from 'vscode';

/** Composition root: builds the services and registers every provider, command and view. */
export function activate(_context: vscode.ExtensionContext): void {
  // Features are registered here as they land.
}

export function deactivate(): void {
  // Disposables registered on the context are disposed by VS Code.
}
