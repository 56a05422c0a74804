import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { envWithoutNpm } from './childEnv';
import { onCleanup } from './cleanup';
import { type TestHost } from './installTestHost';
import { logTail } from './logTail';
import { spawnGroup } from './processGroup';
import { writeUserSettings } from './userSettings';

/** Everything one server writes lives in its state folder, laid out like this. */
export interface ServerState {
  readonly root: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly tmpDir: string;
  readonly logFile: string;
}

/** `dirs` lets a caller bring its own profile folders (the code-shim gets them as arguments). */
export function serverState(root: string, dirs: { userDataDir?: string; extensionsDir?: string } = {}): ServerState {
  const state = {
    root,
    userDataDir: dirs.userDataDir ?? path.join(root, 'user-data'),
    extensionsDir: dirs.extensionsDir ?? path.join(root, 'extensions'),
    tmpDir: path.join(root, 'tmp'),
    logFile: path.join(root, 'server.log'),
  };
  for (const dir of [state.userDataDir, state.extensionsDir, state.tmpDir]) fs.mkdirSync(dir, { recursive: true });
  return state;
}

/**
 * code-server writes outside its user-data dir unless told otherwise: ~/.config/code-server,
 * ~/.local/share/code-server, ~/.cache/Microsoft/DeveloperTools, and sockets in /tmp. The XDG
 * variables and TMPDIR keep all of it in the state folder. An empty gallery stops open-vsx queries.
 */
function serverEnv(state: ServerState, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return envWithoutNpm({
    XDG_CONFIG_HOME: path.join(state.root, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(state.root, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(state.root, 'xdg', 'cache'),
    TMPDIR: state.tmpDir,
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  });
}

function commonArgs(state: ServerState): string[] {
  return [
    '--config',
    path.join(state.root, 'config.yaml'),
    '--user-data-dir',
    state.userDataDir,
    '--extensions-dir',
    state.extensionsDir,
  ];
}

/** `code-server --install-extension x.vsix` into the state's extensions folder (no server needed). */
export function installVsix(host: TestHost, state: ServerState, vsix: string): void {
  execFileSync(host.nodeBinary, [host.codeServerEntry, ...commonArgs(state), '--install-extension', vsix, '--force'], {
    env: serverEnv(state, {}),
    stdio: 'inherit',
    timeout: 120_000,
  });
}

export interface CodeServer {
  /** Base URL of the workbench, e.g. http://127.0.0.1:41234/ */
  readonly url: string;
  readonly state: ServerState;
  /** The last lines of the server log, for failure reports. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  readonly host: TestHost;
  readonly state: ServerState;
  /** Added to the quiet defaults in the profile's user settings.json. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Extra environment for the server; the extension hosts it starts inherit it. */
  readonly env?: NodeJS.ProcessEnv;
}

const START_TIMEOUT_MS = 60_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Port 0 lets the kernel pick a free port; code-server logs the address it got. */
async function waitForListening(logFile: string, exited: Promise<unknown>): Promise<string> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && !gone) {
    const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/?)/.exec(
      fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '',
    );
    if (match?.[1]) {
      const url = match[1].endsWith('/') ? match[1] : `${match[1]}/`;
      const health = await fetch(new URL('healthz', url)).catch(() => undefined);
      if (health?.ok) return url;
    }
    await sleep(200);
  }
  throw new Error(
    `code-server ${gone ? 'exited' : 'did not start'} within ${START_TIMEOUT_MS / 1000}s. Server log:\n${logTail(logFile)}`,
  );
}

/**
 * Starts code-server headless on 127.0.0.1 in its own process group, without auth, telemetry,
 * update checks or workspace trust, and with a 5 s reconnection grace so extension hosts of closed
 * pages go away quickly. The stop step is registered with the run's cleanup.
 */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const { host, state } = options;
  writeUserSettings(state.userDataDir, options.settings);
  const args = [
    host.codeServerEntry,
    ...commonArgs(state),
    '--bind-addr',
    '127.0.0.1:0',
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--reconnection-grace-time',
    '5',
  ];
  const server = spawnGroup(host.nodeBinary, args, {
    env: serverEnv(state, options.env ?? {}),
    logFile: state.logFile,
    stopWhenParentDies: true,
  });
  const stop = onCleanup('stop code-server', () => server.stop());
  try {
    const url = await waitForListening(state.logFile, server.exited);
    return { url, state, logTail: (lines) => logTail(state.logFile, lines), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
