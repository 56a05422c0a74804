import * as vscode from 'vscode';

/**
 * Runs `body` with an AbortSignal that aborts when `token` is cancelled: how a VS Code
 * cancellation (a hover moved away, a Cancel button) reaches a Rotor request.
 */
export async function abortOnCancel<T>(
  token: vscode.CancellationToken,
  body: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const subscription = token.onCancellationRequested(() => controller.abort());
  try {
    return await body(controller.signal);
  } finally {
    subscription.dispose();
  }
}

/** A notification with `title` and a Cancel button that aborts the work's signal. */
export function withCancellableProgress<T>(
  title: string,
  body: (signal: AbortSignal, progress: vscode.Progress<{ message?: string; increment?: number }>) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (progress, token) => abortOnCancel(token, (signal) => body(signal, progress)),
  );
}
