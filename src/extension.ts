// `import vscode = require` and (in delegates.ts) the API object handed over rather than a second
// import: esbuild then emits one plain require instead of copying the API object into a namespace
// per module. Measured on 2026-12-03 (in-host benchmark, this tree): with `import * as vscode` here
// and in delegates.ts, "1. Activation cost" went from 2.68x to 3.85x of an empty extension
// (target <= 3x; evaluation 0.56 -> 1.18 ms). The features bundle uses `import * as`: no row times it.
import vscode = require('vscode');
import type * as features from './main';
import { STUB_COMMANDS } from './shell/commandStubs';
import { Delegates } from './shell/delegates';
import { AGENT_TOOL_NAMES, RECENT_VIEW_ID, RECENT_VIEW_VISIBLE_STATE_KEY } from './common/model/commandIds';

/**
 * How long after activation the shell loads the features in idle time, so that the first hover,
 * link or command of a window does not pay for evaluating dist/main.js (about 490 KB minified):
 * activation (onStartupFinished) stays as cheap as before, and the window is up by then. See
 * BENCHMARKS.md, "Cold first hover".
 */
const PRELOAD_AFTER_MS = 1500;

/** The shell's API: the features' (each getter loads them), and whether they have loaded yet. */
type ShellApi = features.RotorExtensionApi & { readonly featuresLoaded: boolean };

/**
 * The activation shell. It registers a stub for each command a user can run before the features
 * load and a delegate for each provider that can be needed first, and nothing else: the features
 * (dist/main.js, with the customer store, panels, views and their libraries) load on first use —
 * the first command, hover, link or view — so activation costs VS Code next to nothing. Each
 * registration is a message to the workbench. See BENCHMARKS.md, "Activation cost".
 */
function activate(context: vscode.ExtensionContext): ShellApi {
  let loaded: features.RotorExtensionApi | undefined;
  let stubs: vscode.Disposable[] = [];
  const load = (): features.RotorExtensionApi => {
    if (!loaded) {
      // The features register the real commands under the same IDs: the stubs must go first.
      for (const stub of stubs) stub.dispose();
      stubs = [];
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const main = require('./main.js') as typeof features;
      loaded = main.activateFeatures(context, delegates);
    }
    return loaded;
  };
  // The shell creates the Recent Customers view only if it was on screen last time (so it may be
  // now, before the features load); otherwise the features create it.
  const delegates = new Delegates(
    vscode,
    load,
    RECENT_VIEW_ID,
    context.subscriptions,
    Object.values(AGENT_TOOL_NAMES),
    context.workspaceState.get(RECENT_VIEW_VISIBLE_STATE_KEY) === true,
  );

  stubs = STUB_COMMANDS.map((command) =>
    vscode.commands.registerCommand(command, (...args: unknown[]) => {
      load();
      return vscode.commands.executeCommand(command, ...args);
    }),
  );
  // Idle preload: a failure here is left for the first real use to hit and report.
  const preload = setTimeout(() => {
    try {
      void load().warmUp();
    } catch {
      // The first use loads again and shows the error.
    }
  }, PRELOAD_AFTER_MS);
  context.subscriptions.push({
    dispose: () => {
      clearTimeout(preload);
      stubs.forEach((s) => s.dispose());
    },
  });

  // Integration tests and the benchmark reach the services through the returned API.
  return {
    get featuresLoaded() {
      return loaded !== undefined;
    },
    get services() {
      return load().services;
    },
    get quotaStatus() {
      return load().quotaStatus;
    },
    get panels() {
      return load().panels;
    },
    get search() {
      return load().search;
    },
    get recent() {
      return load().recent;
    },
    get baseUrlHint() {
      return load().baseUrlHint;
    },
    get customersInFile() {
      return load().customersInFile;
    },
    get agentTools() {
      return load().agentTools;
    },
    get providers() {
      return load().providers;
    },
    warmUp: () => load().warmUp(),
  };
}

function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

// `export =` rather than `export function`: esbuild then emits a plain `module.exports = {…}`
// instead of its ES-module interop (a getter per export and the helpers that define them), which
// cost about 0.2 ms of the shell's evaluation, measured against a variant bundle in the
// benchmark's extension host (BENCHMARKS.md, "Activation cost", has the total).
export = { activate, deactivate };
