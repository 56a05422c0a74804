import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { envWithoutNpm } from '../../test/harness/childEnv';
import { isStopping, onCleanup } from '../../test/harness/cleanup';
import { spawnGroup } from '../../test/harness/processGroup';
import { REPO_ROOT } from '../../test/harness/repo';
import { type RunningSandbox } from '../../test/harness/sandbox';
import { writeUserSettings } from '../../test/harness/userSettings';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** PIDs of processes whose command line mentions `marker` (our unique temp folder), except us. */
function processesMentioning(marker: string): number[] {
  let listing: string;
  try {
    listing = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  return listing
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null && match[2]!.includes(marker))
    .map((match) => Number(match[1]))
    .filter((pid) => pid !== process.pid);
}

function signal(pids: readonly number[], name: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // already gone
    }
  }
}

/**
 * The `code` CLI starts Electron detached (a session of its own) and, with --wait, only waits for
 * the window. So stopping the CLI's process group does not close VS Code: the window is found by
 * its --user-data-dir, a temp folder no other process names, and sent SIGTERM (SIGKILL after 5 s).
 */
async function closeWindow(userDataDir: string): Promise<void> {
  let pids = processesMentioning(userDataDir);
  signal(pids, 'SIGTERM');
  for (let i = 0; i < 50 && pids.length > 0; i++) {
    await sleep(100);
    pids = processesMentioning(userDataDir);
  }
  signal(pids, 'SIGKILL');
}

/**
 * Desktop VS Code on the demo workspace, with the repo as the extension under development, in a
 * throwaway profile (user data and extensions in the demo's temp folder, so the user's own
 * extensions and settings stay out of it). `rotor.apiBaseUrl` goes into that profile's user
 * settings. Resolves when the window is closed.
 */
export async function runDesktop(
  code: string,
  root: string,
  workspace: string,
  sandbox: RunningSandbox,
  demoKeyExtension: string,
): Promise<number> {
  const dir = path.join(root, 'desktop');
  const userDataDir = path.join(dir, 'user-data');
  const extensionsDir = path.join(dir, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir, { 'rotor.apiBaseUrl': sandbox.baseUrl });
  const logFile = path.join(dir, 'code.log');
  const cli = spawnGroup(
    code,
    [
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      `--extensionDevelopmentPath=${REPO_ROOT}`,
      `--extensionDevelopmentPath=${demoKeyExtension}`,
      '--new-window',
      '--wait',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-workspace-trust',
      workspace,
    ],
    { env: envWithoutNpm(), logFile },
  );
  onCleanup('close VS Code', async () => {
    await cli.stop();
    await closeWindow(userDataDir);
  });
  console.log(`[demo] VS Code (${code}) is opening ${workspace}`);
  console.log(`[demo] the extension talks to the Rotor sandbox at ${sandbox.baseUrl}`);
  // Desktop SecretStorage is the OS keychain, reachable only from inside VS Code: the key is typed once.
  console.log(`[demo] run "Rotor: Set API Key" and paste: ${sandbox.demoKey}`);
  console.log('[demo] close the window or press Ctrl-C to stop the demo');
  const exited = await cli.exited;
  if (isStopping()) return new Promise(() => undefined); // Ctrl-C: the signal handler exits
  if (exited !== 0) {
    console.error(`[demo] \`code\` exited with ${String(exited)}; its output:\n${fs.readFileSync(logFile, 'utf8')}`);
    return 1;
  }
  console.log('[demo] VS Code window closed');
  return 0;
}
