import * as vscode from 'vscode';
import { type RotorExtensionApi } from '../../src/extension';
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
  await api.services.context.globalState.update('rotor.quota.v1', undefined);
  return api;
}

/** Opens an untitled document with the given text and language. */
export async function openText(content: string, language = 'log'): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ content, language });
  await vscode.window.showTextDocument(document);
  return document;
}

/** The plain text of every hover VS Code would show at a position. */
export async function hoverTexts(document: vscode.TextDocument, position: vscode.Position): Promise<string[]> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position)) ?? [];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
}

/** Position just inside the first occurrence of `needle`. */
export function positionOf(document: vscode.TextDocument, needle: string): vscode.Position {
  const offset = document.getText().indexOf(needle);
  if (offset < 0) throw new Error(`${needle} not in document`);
  return document.positionAt(offset + 3);
}
