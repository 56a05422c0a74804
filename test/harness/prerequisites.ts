import * as fs from 'node:fs';
import * as path from 'node:path';

/** A system package the harness needs but cannot install itself (it may not be root). */
interface Prerequisite {
  readonly aptPackage: string;
  readonly why: string;
  readonly isPresent: () => boolean;
}

const onPath = (command: string): boolean =>
  (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && fs.existsSync(path.join(dir, command)));

/** The browser that drives the workbench; Playwright's own download is unreachable offline. */
export function chromiumPath(): string {
  return process.env.CHROMIUM || '/usr/bin/chromium';
}

const browser: Prerequisite = {
  aptPackage: 'chromium',
  why: 'the browser that opens the workbench',
  isPresent: () => fs.existsSync(chromiumPath()),
};

/** code-server's install compiles native modules with node-gyp: these are what it calls. */
const buildTools: readonly Prerequisite[] = [
  { aptPackage: 'g++', why: 'compiles code-server native modules', isPresent: () => onPath('g++') },
  { aptPackage: 'make', why: 'runs node-gyp builds', isPresent: () => onPath('make') },
  { aptPackage: 'python3', why: 'node-gyp is written in Python', isPresent: () => onPath('python3') },
  { aptPackage: 'pkg-config', why: 'locates libraries for native builds', isPresent: () => onPath('pkg-config') },
  {
    aptPackage: 'libkrb5-dev',
    why: 'the kerberos module needs gssapi.h (its prebuilt binary is on github.com, unreachable offline)',
    isPresent: () => fs.existsSync('/usr/include/gssapi/gssapi.h'),
  },
];

function check(needed: readonly Prerequisite[]): void {
  const missing = needed.filter((p) => !p.isPresent());
  if (missing.length === 0) return;
  const lines = missing.map((p) => `  - ${p.aptPackage}: ${p.why}`);
  const names = missing.map((p) => p.aptPackage).join(' ');
  throw new Error(
    `Missing system packages:\n${lines.join('\n')}\nInstall them with:\n` +
      `  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${names}`,
  );
}

/** Before installing code-server: the native build toolchain. */
export const checkBuildPrerequisites = (): void => check(buildTools);

/** Before running tests: the browser. */
export const checkRunPrerequisites = (): void => check([browser]);
