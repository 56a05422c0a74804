import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { installSignalHandlers, runAsMain, runCleanup } from './cleanup';
import { assertBuilt, REPO_ROOT } from './repo';
import { startSandbox } from './sandbox';
import { SESSION_ENV } from './sessionEnv';
import { makeTempDir } from './tempDirs';
import { writeUserSettings } from './userSettings';

/**
 * `npm run test:electron`: the integration suite in a desktop VS Code, through
 * @vscode/test-electron's runTests, the standard launcher. The VS Code is $VSCODE_EXECUTABLE,
 * else the desktop VS Code behind `code` on PATH, else the one test-electron downloads (it
 * needs the network then). The suites `npm test` runs use code-server instead (run.ts), since
 * CI has neither a desktop VS Code nor a download: no test goes through this file there, so it
 * starts no code-server of its own.
 */
function desktopVsCode(): string | undefined {
  if (process.env.VSCODE_EXECUTABLE) return process.env.VSCODE_EXECUTABLE;
  try {
    // `code` is a CLI script in <install>/bin/; the Electron app it starts is <install>/code.
    const cli = fs.realpathSync(execFileSync('which', ['code'], { encoding: 'utf8' }).trim());
    const app = path.join(path.dirname(path.dirname(cli)), 'code');
    return fs.existsSync(app) ? app : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  installSignalHandlers();
  assertBuilt();
  const executable = desktopVsCode();
  console.log(`[harness] test-electron with ${executable ?? 'a VS Code it downloads'}`);
  const root = makeTempDir('rotor-test-electron-');
  const sandbox = await startSandbox(REPO_ROOT, root);
  const userDataDir = path.join(root, 'user-data');
  writeUserSettings(userDataDir, { 'rotor.apiBaseUrl': sandbox.baseUrl });
  const workspace = path.join(root, 'workspace');
  fs.mkdirSync(workspace);
  try {
    await runTests({
      ...(executable ? { vscodeExecutablePath: executable } : {}),
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js'),
      launchArgs: [workspace, `--user-data-dir=${userDataDir}`, `--extensions-dir=${path.join(root, 'extensions')}`],
      extensionTestsEnv: {
        [SESSION_ENV.sandboxUrl]: sandbox.baseUrl,
        [SESSION_ENV.sandboxControl]: sandbox.controlUrl,
        [SESSION_ENV.testKey]: sandbox.demoKey,
        [SESSION_ENV.resultsFile]: path.join(root, 'results.json'),
      },
    });
    return 0;
  } catch (error) {
    console.error(`[harness] test-electron: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await runCleanup();
  }
}

runAsMain(main, '[harness]');
