#!/usr/bin/env node
import * as fs from 'node:fs';
import * as path from 'node:path';
import { installSignalHandlers, runAsMain, runCleanup } from './cleanup';
import { serverState, startCodeServer } from './codeServer';
import { runExtensionHostTests } from './extensionHostTests';
import { prepareHost } from './prepareHost';
import { makeTempDir } from './tempDirs';

/**
 * A stand-in "VS Code executable" for @vscode/test-electron's `vscodeExecutablePath` where no
 * desktop VS Code exists (offline CI). test-electron spawns it with Electron-style arguments;
 * this starts code-server, runs the tests in its extension host like Electron would, and exits
 * with the tests' exit code. Only test runs are supported.
 */
interface ShimArgs {
  readonly extensionDevelopmentPaths: string[];
  extensionTestsPath?: string;
  userDataDir?: string;
  extensionsDir?: string;
  readonly folders: string[];
}

function parseArgs(argv: readonly string[]): ShimArgs {
  const args: ShimArgs = { extensionDevelopmentPaths: [], folders: [] };
  for (const arg of argv) {
    const option = /^--([^=]+)=(.*)$/.exec(arg);
    if (option?.[1] === 'extensionDevelopmentPath' && option[2]) args.extensionDevelopmentPaths.push(path.resolve(option[2]));
    else if (option?.[1] === 'extensionTestsPath' && option[2]) args.extensionTestsPath = path.resolve(option[2]);
    else if (option?.[1] === 'user-data-dir' && option[2]) args.userDataDir = path.resolve(option[2]);
    else if (option?.[1] === 'extensions-dir' && option[2]) args.extensionsDir = path.resolve(option[2]);
    else if (!arg.startsWith('-')) args.folders.push(path.resolve(arg));
    // other switches (--no-sandbox, --disable-updates, …) mean nothing to code-server
  }
  return args;
}

/** Like Electron's require(): a folder means its index.js, a path without extension gets .js. */
function resolveTestsModule(testsPath: string): string {
  if (fs.existsSync(testsPath) && fs.statSync(testsPath).isDirectory()) return path.join(testsPath, 'index.js');
  return testsPath.endsWith('.js') ? testsPath : `${testsPath}.js`;
}

/** test-electron hands the extension host's environment to us as our own; forward ours. */
function rotorEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[0].startsWith('ROTOR_') && entry[1] !== undefined));
}

async function main(): Promise<number> {
  installSignalHandlers();
  const args = parseArgs(process.argv.slice(2));
  const [extensionDevelopmentPath, ...more] = args.extensionDevelopmentPaths;
  if (!args.extensionTestsPath || !extensionDevelopmentPath) {
    console.error('code-shim: only test runs (--extensionTestsPath and --extensionDevelopmentPath) are supported');
    return 2;
  }
  if (more.length > 0) console.error('code-shim: only the first --extensionDevelopmentPath is loaded');
  try {
    const host = await prepareHost({ browser: true });
    const root = makeTempDir('rotor-code-shim-');
    process.env.TMPDIR = root;
    const state = serverState(path.join(root, 'server'), {
      ...(args.userDataDir ? { userDataDir: args.userDataDir } : {}),
      ...(args.extensionsDir ? { extensionsDir: args.extensionsDir } : {}),
    });
    const server = await startCodeServer({ host, state });
    const workspaceFolder = args.folders[0] ?? path.join(root, 'workspace');
    fs.mkdirSync(workspaceFolder, { recursive: true });
    const result = await runExtensionHostTests({
      serverUrl: server.url,
      extensionDevelopmentPath,
      extensionTestsPath: resolveTestsModule(args.extensionTestsPath),
      workspaceFolder,
      extensionEnv: rotorEnv(),
      timeoutMs: 5 * 60_000,
    });
    if (result.exitCode !== 0) {
      console.log(`\n--- workbench / extension host console (last lines) ---\n${result.consoleTail.join('\n')}`);
      if (result.timedOut) console.log('code-shim: the tests timed out');
    }
    return result.exitCode;
  } finally {
    await runCleanup();
  }
}

runAsMain(main, 'code-shim:', 4);
