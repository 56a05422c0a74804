import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { envWithoutNpm } from './childEnv';
import { installVsix, type ServerState } from './codeServer';
import { type TestHost } from './installTestHost';
import { installedFolderName, REPO_ROOT, vsixFileName } from './repo';

/**
 * How UI tests get the extension: installed, like a user has it, not through the payload (which
 * needs the smoke-test-driver mode, where the workbench hides notification toasts).
 */
export type ExtensionSource = 'link' | 'vsix';

/**
 * `link`: the repo folder symlinked into the extensions dir under the name VS Code gives an
 * installed extension. A fresh dir without extensions.json is scanned, so it is picked up as is,
 * and a rebuilt dist/ is used without re-packaging.
 */
function linkRepo(state: ServerState): void {
  fs.symlinkSync(REPO_ROOT, path.join(state.extensionsDir, installedFolderName()), 'dir');
}

/**
 * `vsix`: what users install. Packages with the project's own `npm run package` (vsce, which
 * writes `<name>-<version>.vsix` into the repo root; git-ignored), then installs that file.
 */
function packageAndInstall(host: TestHost, state: ServerState): void {
  const vsix = path.join(REPO_ROOT, vsixFileName());
  console.log('[harness] packaging the extension (npm run package)');
  execFileSync('npm', ['run', 'package'], {
    cwd: REPO_ROOT,
    env: envWithoutNpm(),
    stdio: 'inherit',
    timeout: 300_000,
  });
  installVsix(host, state, vsix);
}

export function installExtension(source: ExtensionSource, host: TestHost, state: ServerState): void {
  if (source === 'link') linkRepo(state);
  else packageAndInstall(host, state);
}
