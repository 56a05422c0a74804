import * as vscode from 'vscode';
import { type RequestLogEntry } from '../api/rotorClient';
import { COMMANDS } from '../common/model/commandIds';

/** One line per request in the "Rotor" output channel: never the key, never customer data. */
export function logRequest(channel: vscode.LogOutputChannel, entry: RequestLogEntry): void {
  const status = entry.status ?? '---';
  const retry = entry.attempt > 0 ? ` (retry ${entry.attempt})` : '';
  const line = `${entry.method} /${entry.path} → ${status}${entry.error ? ` ${entry.error}` : ''} in ${Math.round(entry.durationMs)} ms${retry}`;
  if (entry.error && entry.error !== 'NotFound' && entry.error !== 'Cancelled') channel.warn(line);
  else channel.info(line);
}

/** Cache hits are logged at debug level so the channel shows every lookup when asked to. */
export function logCacheHit(channel: vscode.LogOutputChannel, id: string, kind: 'customer' | 'notFound'): void {
  channel.debug(`cache hit ${id} (${kind})`);
}

/** "Rotor: Show Log" (also the status bar item's click and the Show Log buttons). */
export function registerShowLog(context: vscode.ExtensionContext, channel: vscode.LogOutputChannel): void {
  context.subscriptions.push(vscode.commands.registerCommand(COMMANDS.showLog, () => channel.show()));
}
