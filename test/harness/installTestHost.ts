import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { envWithoutNpm } from './childEnv';
import { onCleanup } from './cleanup';
import { withInstallLock } from './installLock';
import { logTail } from './logTail';
import { ensurePrerequisites } from './prerequisites';
import { spawnGroup } from './processGroup';
import { makeTempDir } from './tempDirs';
import {
  type CachedPackage,
  cacheRoot,
  codeServerEntry,
  codeServerPackage,
  nodeBinary,
  nodeHome,
  nodePackage,
} from './testHostVersions';

/** What the launcher needs from the cache: a Node 24 and code-server's entry script. */
export interface TestHost {
  readonly nodeBinary: string;
  readonly nodeHome: string;
  readonly codeServerEntry: string;
}

const INSTALL_TIMEOUT_MS = 25 * 60_000;
const LOCK_WAIT_MS = 30 * 60_000;

const isInstalled = (pkg: CachedPackage): boolean => fs.existsSync(pkg.marker);

/**
 * `npm install name@version` into the package's own cache folder. A half-finished folder from an
 * earlier crash is wiped first; the marker is written by the caller only after a check passes.
 */
async function npmInstall(pkg: CachedPackage, env: NodeJS.ProcessEnv): Promise<void> {
  fs.rmSync(pkg.dir, { recursive: true, force: true });
  fs.mkdirSync(pkg.dir, { recursive: true });
  // allowScripts: npm 11 warns about unreviewed install scripts; code-server's are the install.
  const manifest = {
    name: `rotor-test-${pkg.name}`,
    private: true,
    allowScripts: { 'code-server': true, argon2: true },
  };
  fs.writeFileSync(path.join(pkg.dir, 'package.json'), JSON.stringify(manifest, null, 2));
  const started = Date.now();
  console.log(`[harness] installing ${pkg.name}@${pkg.version} into ${pkg.dir} (log: ${pkg.installLog})`);
  const npm = spawnGroup(
    'npm',
    ['install', '--no-audit', '--no-fund', '--foreground-scripts', `${pkg.name}@${pkg.version}`],
    { env, cwd: pkg.dir, logFile: pkg.installLog },
  );
  const stopNpm = onCleanup(`stop npm install ${pkg.name}`, () => npm.stop());
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('timeout'), INSTALL_TIMEOUT_MS)));
  const result = await Promise.race([npm.exited, timedOut]);
  clearTimeout(timer);
  await stopNpm();
  if (result !== 0) {
    throw new Error(
      `npm install ${pkg.name}@${pkg.version} failed (${result}). Last lines of ${pkg.installLog}:\n${logTail(pkg.installLog, 40)}`,
    );
  }
  console.log(`[harness] installed ${pkg.name}@${pkg.version} in ${((Date.now() - started) / 1000).toFixed(0)}s`);
}

async function installNode(tmp: string): Promise<void> {
  const pkg = nodePackage();
  await npmInstall(pkg, envWithoutNpm({ TMPDIR: tmp }));
  const version = execFileSync(nodeBinary(), ['--version'], { encoding: 'utf8' }).trim();
  if (version !== `v${pkg.version}`) throw new Error(`expected Node v${pkg.version}, got ${version}`);
  fs.writeFileSync(pkg.marker, `${version}\n`);
}

async function installCodeServer(tmp: string): Promise<void> {
  ensurePrerequisites(['nativeBuild']);
  const pkg = codeServerPackage();
  await npmInstall(
    pkg,
    envWithoutNpm({
      // Node 24 first: npm then runs on it, and code-server's postinstall accepts only Node 24.
      PATH: `${path.join(nodeHome(), 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
      // node-gyp takes the headers from here instead of downloading them from nodejs.org.
      npm_config_nodedir: nodeHome(),
      TMPDIR: tmp,
    }),
  );
  // Any code-server CLI call writes a config and logs under the XDG dirs: keep them in tmp.
  const version = execFileSync(
    nodeBinary(),
    [codeServerEntry(), '--config', path.join(tmp, 'config.yaml'), '--version'],
    {
      encoding: 'utf8',
      env: envWithoutNpm({ XDG_CONFIG_HOME: tmp, XDG_DATA_HOME: tmp, XDG_CACHE_HOME: tmp, TMPDIR: tmp }),
    },
  );
  // The output starts with a log line ("Wrote default config file …"), then "<version> <commit> with Code <x>".
  const versionLine = version.split('\n').find((line) => line.startsWith(`${pkg.version} `));
  if (!versionLine) throw new Error(`expected code-server ${pkg.version}, got:\n${version}`);
  fs.writeFileSync(pkg.marker, `${versionLine}\n`);
}

/** True when the pinned Node and code-server are in the cache (nothing to build). */
export const isTestHostInstalled = (): boolean => isInstalled(nodePackage()) && isInstalled(codeServerPackage());

const host = (): TestHost => ({ nodeBinary: nodeBinary(), nodeHome: nodeHome(), codeServerEntry: codeServerEntry() });

/**
 * Like @vscode/test-electron's download cache: the first run installs the pinned Node and
 * code-server (minutes), later runs find the marker files and start at once.
 */
export async function ensureTestHost(): Promise<TestHost> {
  if (isTestHostInstalled()) return host();
  fs.mkdirSync(cacheRoot(), { recursive: true });
  await withInstallLock(path.join(cacheRoot(), '.install.lock'), LOCK_WAIT_MS, async () => {
    const tmp = makeTempDir('rotor-vscode-install-');
    if (!isInstalled(nodePackage())) await installNode(tmp);
    if (!isInstalled(codeServerPackage())) await installCodeServer(tmp);
  });
  return host();
}
