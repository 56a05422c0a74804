import * as path from 'node:path';

/** Command-line options of `npm run demo -- [options]`. */
export interface DemoOptions {
  /** Headless self-test: open the workbench, set the key, hover a customer, exit 0/1. */
  readonly check: boolean;
  /** Use code-server even when a desktop `code` is on PATH. */
  readonly web: boolean;
  readonly help: boolean;
}

export const USAGE = `Usage: npm run demo [-- --web | --check]

Builds the extension, starts the local Rotor sandbox and opens VS Code on a demo workspace with the
extension loaded and pointed at the sandbox. Ctrl-C stops everything.

  (no option)  desktop VS Code when \`code\` is on PATH (and a display is available),
               otherwise code-server in your browser (the URL is printed)
  --web        code-server even if \`code\` is on PATH
  --check      headless self-test: code-server + Chromium, set the demo key through the
               Command Palette, hover a customer UUID, print OK and exit (non-zero on failure)
  --help       this text`;

export function parseDemoArgs(argv: readonly string[]): DemoOptions {
  const known = new Set(['--check', '--web', '--help', '-h']);
  const unknown = argv.filter((arg) => !known.has(arg));
  if (unknown.length > 0) throw new Error(`unknown option(s): ${unknown.join(' ')}\n\n${USAGE}`);
  return {
    check: argv.includes('--check'),
    web: argv.includes('--web'),
    help: argv.includes('--help') || argv.includes('-h'),
  };
}

/** Where the demo opens VS Code. */
export type DemoHost =
  { readonly kind: 'desktop'; readonly code: string } | { readonly kind: 'code-server'; readonly why: string };

/**
 * Desktop VS Code when its `code` CLI is on PATH and can open a window; code-server otherwise.
 * Not desktop: in `--check` (headless by definition), with `--web`, for the remote CLI of a
 * Remote-SSH/WSL/container terminal (it has no --user-data-dir, and would open the window on the
 * client), or on Linux without a display.
 */
export function chooseHost(
  options: DemoOptions,
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
  isFile: (file: string) => boolean,
): DemoHost {
  if (options.check) return { kind: 'code-server', why: '--check runs headless' };
  if (options.web) return { kind: 'code-server', why: '--web' };
  const code = (env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => path.join(dir, 'code'))
    .find(isFile);
  if (!code) return { kind: 'code-server', why: 'no `code` command on PATH' };
  if (code.split(path.sep).includes('remote-cli')) return { kind: 'code-server', why: `${code} is a remote CLI` };
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY)
    return { kind: 'code-server', why: 'no display (DISPLAY is not set)' };
  return { kind: 'desktop', code };
}
