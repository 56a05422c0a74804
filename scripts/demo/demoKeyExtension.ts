import * as fs from 'node:fs';
import * as path from 'node:path';
import { extensionId } from '../../test/harness/repo';

/**
 * The demo's one click to a working key. The extension keeps its key in SecretStorage only, and
 * nothing outside VS Code can write that store (in code-server it is the user's own browser), so
 * the demo installs this small companion extension next to ours. At start-up it offers
 * "Use the Demo Key" when no key is set; the click runs our "Rotor: Set API Key" with the sandbox's
 * (fake) key as its argument, which checks it with the sandbox and stores it like a pasted one.
 * Generated into the demo's temp folder, so the key is written nowhere else.
 */

export const DEMO_KEY_EXTENSION = { publisher: 'rotor-demo', name: 'demo-key', version: '0.0.1' } as const;
export const USE_DEMO_KEY_TITLE = 'Use the Demo Key';
export const DEMO_KEY_OFFER = 'Rotor demo: the local sandbox accepts a demo key.';

/** The companion's files (pure, unit-tested); `demoKey` is the sandbox's fake key. */
export function demoKeyExtensionFiles(demoKey: string): Readonly<Record<string, string>> {
  const manifest = {
    ...DEMO_KEY_EXTENSION,
    displayName: 'Rotor demo: demo key',
    description: 'Offers the local Rotor sandbox demo key (npm run demo only).',
    engines: { vscode: '^1.95.0' },
    extensionDependencies: [extensionId()],
    activationEvents: ['onStartupFinished'],
    main: './extension.js',
    contributes: { commands: [{ command: 'rotorDemo.useDemoKey', title: USE_DEMO_KEY_TITLE, category: 'Rotor Demo' }] },
  };
  const extension = `'use strict';
const vscode = require('vscode');
const DEMO_KEY = ${JSON.stringify(demoKey)};
const useDemoKey = () => vscode.commands.executeCommand('rotor.setApiKey', DEMO_KEY);

exports.activate = async (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('rotorDemo.useDemoKey', useDemoKey));
  let hasKey = false;
  try {
    const rotor = await vscode.extensions.getExtension(${JSON.stringify(extensionId())}).activate();
    hasKey = Boolean(await rotor.services.apiKey.get());
  } catch {
    // Offer the key anyway: a second Set API Key only replaces it with the same one.
  }
  if (hasKey) return;
  const choice = await vscode.window.showInformationMessage(${JSON.stringify(DEMO_KEY_OFFER)}, ${JSON.stringify(USE_DEMO_KEY_TITLE)});
  if (choice) await useDemoKey();
};
`;
  return { 'package.json': `${JSON.stringify(manifest, null, 2)}\n`, 'extension.js': extension };
}

/** Writes the companion into `folder`; returns it (an extension folder to link or develop). */
export function writeDemoKeyExtension(folder: string, demoKey: string): string {
  fs.mkdirSync(folder, { recursive: true });
  for (const [name, text] of Object.entries(demoKeyExtensionFiles(demoKey)))
    fs.writeFileSync(path.join(folder, name), text);
  return folder;
}

/** Installs the companion into a code-server extensions folder the way the harness links ours. */
export function linkDemoKeyExtension(folder: string, extensionsDir: string): void {
  const { publisher, name, version } = DEMO_KEY_EXTENSION;
  fs.symlinkSync(folder, path.join(extensionsDir, `${publisher}.${name}-${version}`), 'dir');
}
