import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The one list of system packages the project's commands need beyond Node and npm, and the step
 * that gets them, in the manner of `playwright install --with-deps`: what is missing is installed
 * with apt-get when that needs no prompt (we are root, or `sudo -n` works); otherwise the run stops
 * before doing any work, with one message that lists the packages and the exact command.
 * `npm test`, `npm run demo`, the benchmarks and the VS Code suites all come through here.
 */

/** What a command needs a package for; each entry point asks for the needs it has. */
export type Need = 'browser' | 'ripgrep' | 'nativeBuild';

interface Prerequisite {
  readonly aptPackage: string;
  readonly need: Need;
  readonly why: string;
  /** A command on PATH, or a file, whose presence means the package is there. */
  readonly probe: { readonly command: string } | { readonly file: () => string };
}

/** The browser that drives the workbench; Playwright's own download is unreachable offline. */
export function chromiumPath(): string {
  return process.env.CHROMIUM || '/usr/bin/chromium';
}

export const PREREQUISITES: readonly Prerequisite[] = [
  {
    aptPackage: 'chromium',
    need: 'browser',
    why: 'the browser that drives the workbench',
    probe: { file: chromiumPath },
  },
  {
    aptPackage: 'ripgrep',
    need: 'ripgrep',
    why: 'the recognition benchmark compares with rg',
    probe: { command: 'rg' },
  },
  // code-server's install compiles native modules with node-gyp: these are what it calls.
  { aptPackage: 'g++', need: 'nativeBuild', why: "compiles code-server's native modules", probe: { command: 'g++' } },
  { aptPackage: 'make', need: 'nativeBuild', why: 'runs node-gyp builds', probe: { command: 'make' } },
  { aptPackage: 'python3', need: 'nativeBuild', why: 'node-gyp is written in Python', probe: { command: 'python3' } },
  {
    aptPackage: 'pkg-config',
    need: 'nativeBuild',
    why: 'locates libraries for native builds',
    probe: { command: 'pkg-config' },
  },
  {
    aptPackage: 'libkrb5-dev',
    need: 'nativeBuild',
    why: 'the kerberos module needs gssapi.h (its prebuilt binary is on github.com, unreachable offline)',
    probe: { file: () => '/usr/include/gssapi/gssapi.h' },
  },
];

/** What the check may look at and do: the real machine, or a view of one in the harness's tests. */
export interface SystemView {
  commandExists(command: string): boolean;
  fileExists(file: string): boolean;
  isRoot(): boolean;
  /** Runs a command with the output shown; its exit code, or -1 when it could not start. */
  run(argv: readonly string[], env?: NodeJS.ProcessEnv): number;
}

export function hostSystem(env: NodeJS.ProcessEnv = process.env): SystemView {
  const pathDirs = (env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== '');
  return {
    commandExists: (command) => pathDirs.some((dir) => fs.existsSync(path.join(dir, command))),
    fileExists: (file) => fs.existsSync(file),
    isRoot: () => process.getuid?.() === 0,
    run: (argv, extraEnv = {}) => {
      const [command, ...args] = argv as [string, ...string[]];
      const result = spawnSync(command, args, {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...env, ...extraEnv },
      });
      return result.error ? -1 : (result.status ?? -1);
    },
  };
}

/** Set to 1 to never install system packages: the run then stops with the command to run instead. */
export const NO_INSTALL_VARIABLE = 'ROTOR_NO_SYSTEM_INSTALL';

const isPresent = (system: SystemView, prerequisite: Prerequisite): boolean =>
  'command' in prerequisite.probe
    ? system.commandExists(prerequisite.probe.command)
    : system.fileExists(prerequisite.probe.file());

export function missingPrerequisites(system: SystemView, needs: readonly Need[]): Prerequisite[] {
  return PREREQUISITES.filter((p) => needs.includes(p.need) && !isPresent(system, p));
}

/** The command a person runs; the same packages the harness would install. */
export function installCommand(packages: readonly string[]): string {
  return `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

/** The prefix apt-get runs under without a prompt, or why there is none. */
function privilege(system: SystemView, env: NodeJS.ProcessEnv): { prefix: string[] } | { why: string } {
  if (env[NO_INSTALL_VARIABLE] === '1') return { why: `${NO_INSTALL_VARIABLE}=1 is set` };
  if (!system.commandExists('apt-get')) return { why: 'apt-get is not on PATH (not Debian or Ubuntu?)' };
  if (system.isRoot()) return { prefix: [] };
  if (system.commandExists('sudo') && system.run(['sudo', '-n', 'true']) === 0) return { prefix: ['sudo', '-n'] };
  return { why: 'not root, and sudo needs a password' };
}

export class MissingPrerequisitesError extends Error {}

function failure(missing: readonly Prerequisite[], why: string): MissingPrerequisitesError {
  const lines = missing.map((p) => `  - ${p.aptPackage}: ${p.why}`);
  return new MissingPrerequisitesError(
    `Missing system packages (${why}, so they were not installed):\n${lines.join('\n')}\n` +
      `Install them with:\n  ${installCommand(missing.map((p) => p.aptPackage))}\nthen run the same command again.`,
  );
}

/**
 * Makes sure every package for `needs` is there, installing the missing ones when that needs no
 * prompt. Throws a MissingPrerequisitesError (the message says what to run) when they are not.
 */
export function ensurePrerequisites(
  needs: readonly Need[],
  system: SystemView = hostSystem(),
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = (line) => console.log(line),
): void {
  const missing = missingPrerequisites(system, needs);
  if (missing.length === 0) return;
  const how = privilege(system, env);
  if ('why' in how) throw failure(missing, how.why);

  const packages = missing.map((p) => p.aptPackage);
  log(`[harness] installing missing system packages: ${packages.join(' ')} (apt-get, about a minute)`);
  const apt = (...args: string[]): number =>
    system.run([...how.prefix, 'apt-get', ...args], { DEBIAN_FRONTEND: 'noninteractive' });
  // Package lists may be stale or absent on a fresh machine: install finds nothing without them.
  const updated = apt('update', '-qq') === 0;
  const installed = updated && apt('install', '-y', '-qq', '--no-install-recommends', ...packages) === 0;
  const stillMissing = missingPrerequisites(system, needs);
  if (stillMissing.length > 0) {
    throw failure(stillMissing, installed ? 'apt-get installed them but they are still not found' : 'apt-get failed');
  }
  log(`[harness] installed ${packages.join(' ')}`);
}
