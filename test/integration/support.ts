import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type RotorExtensionApi } from '../../src/main';
import { SandboxControl } from '../sandbox/control';
import { SESSION_ENV, sessionEnv } from '../harness/sessionEnv';

export const EXTENSION_ID = 'rotor-tools.rotor-customer-lookup';

/** The running extension's services (activate returns them for tests). */
export async function extensionApi(): Promise<RotorExtensionApi> {
  const extension = vscode.extensions.getExtension<RotorExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

export function sandbox(): SandboxControl {
  return new SandboxControl(sessionEnv(SESSION_ENV.sandboxControl).replace(/\/$/, ''));
}

export function testKey(): string {
  return sessionEnv(SESSION_ENV.testKey);
}

/**
 * A clean slate for one test: sandbox reset (faults, counts, quota), the demo key stored,
 * the shared cache emptied and today's local quota count forgotten.
 */
export async function freshState(): Promise<RotorExtensionApi> {
  const api = await extensionApi();
  await sandbox().reset();
  await api.services.apiKey.set(testKey());
  api.services.store.clear();
  api.services.quota.reset();
  return api;
}

let fileCounter = 0;

/**
 * Opens a real file with the given text. A file on disk, not an untitled document: closing it
 * never raises a save prompt, and it goes through the include/exclude globs like a user's log.
 */
export async function openText(content: string, extension = 'log'): Promise<vscode.TextDocument> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rotor-it-'));
  const file = path.join(dir, `sample-${++fileCounter}.${extension}`);
  fs.writeFileSync(file, content);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(document);
  return document;
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The plain text of every hover VS Code would show at a position. */
export async function hoverTexts(document: vscode.TextDocument, position: vscode.Position): Promise<string[]> {
  const hovers =
    (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position)) ?? [];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
}

/** Position just inside the first occurrence of `needle`. */
export function positionOf(document: vscode.TextDocument, needle: string): vscode.Position {
  const offset = document.getText().indexOf(needle);
  if (offset < 0) throw new Error(`${needle} not in document ${JSON.stringify(document.getText().slice(0, 200))}`);
  return document.positionAt(offset + 3);
}
