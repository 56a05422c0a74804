import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { envWithoutNpm } from '../../test/harness/childEnv';
import { REPO_ROOT } from './script';

/** What `vsce package` and `node esbuild.js` need from the repository (node_modules is linked). */
const PACKAGE_FILES = [
  'package.json',
  'esbuild.js',
  'tsconfig.json',
  '.vscodeignore',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'src',
  'media',
  'scripts',
];

/**
 * Copies the package sources to `dir` and links node_modules, so a production build or a .vsix
 * can be made there without touching the working tree's dist/ (other people's test runs use it).
 */
export function copyPackage(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const name of PACKAGE_FILES) {
    const from = path.join(REPO_ROOT, name);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, name), { recursive: true });
  }
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
}

/** `node esbuild.js --production` in a package copy: the bundles users get (minified, no maps). */
export function buildProduction(dir: string): void {
  execFileSync(process.execPath, ['esbuild.js', '--production'], {
    cwd: dir,
    env: envWithoutNpm(),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
