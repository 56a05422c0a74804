import * as vscode from 'vscode';

/** What can be copied, as the status bar names it. */
export type CopiedValue = 'customer ID' | 'email address' | 'phone number' | 'ticket note' | `customers as ${string}`;

/** Copies `value` and says so in the status bar for a moment: one wording for every Copy. */
export async function copyToClipboard(value: string, what: CopiedValue): Promise<void> {
  await vscode.env.clipboard.writeText(value);
  vscode.window.setStatusBarMessage(`$(check) Copied ${what}`, 2500);
}
