/** One `payload` entry of the web workbench URL, e.g. ['extensionDevelopmentPath', uri]. */
export type PayloadEntry = readonly [key: string, value: string];

/**
 * code-server's remote authority is literally `remote` (see the workbench configuration meta
 * tag), so a path on the server machine is `vscode-remote://remote/abs/path`.
 */
export const remoteUri = (absolutePath: string): string => `vscode-remote://remote${absolutePath}`;

/** The workbench URL that opens `folder` and hands `payload` to the workbench. */
export function workbenchUrl(serverUrl: string, folder: string, payload: readonly PayloadEntry[] = []): string {
  const url = new URL(serverUrl);
  url.searchParams.set('folder', folder);
  if (payload.length > 0) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}
