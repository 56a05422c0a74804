import * as fs from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { envWithoutNpm } from './childEnv';
import { onCleanup } from './cleanup';
import { logTail } from './logTail';
import { spawnGroup } from './processGroup';

/** The local Rotor sandbox as the tests see it. */
export interface RunningSandbox {
  /** API base URL, what `rotor.apiBaseUrl` is set to (e.g. http://127.0.0.1:PORT/open-api). */
  readonly baseUrl: string;
  /** Control API root with a trailing slash, so tests write `${control}stats`. */
  readonly controlUrl: string;
  /** The demo API key (fake; the sandbox's own constant). */
  readonly demoKey: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

interface Handshake {
  readonly baseUrl: string;
  readonly controlUrl: string;
  readonly keys: { readonly demo: string };
}

const START_TIMEOUT_MS = 20_000;

function firstLine(stream: NodeJS.ReadableStream, exited: Promise<unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: stream });
    const timer = setTimeout(
      () => reject(new Error(`no handshake within ${START_TIMEOUT_MS / 1000}s`)),
      START_TIMEOUT_MS,
    );
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${String(code)}) before its handshake`));
    });
  });
}

/**
 * Starts test/sandbox/cli.js (compiled to out/) as a child in its own process group and reads its
 * one-line JSON handshake. A child rather than in-process: the launcher runs under the system
 * Node, and a separate process shows up in `ps` and can be stopped like everything else.
 * `--exit-with-parent` makes it stop by itself if the launcher is killed with SIGKILL. `company`
 * 'second' plays another Rotor account (other keys and customers), for the connection tests.
 */
export async function startSandbox(
  repoRoot: string,
  stateDir: string,
  company: 'demo' | 'second' = 'demo',
): Promise<RunningSandbox> {
  const cli = path.join(repoRoot, 'out', 'test', 'sandbox', 'cli.js');
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run compile-tests\` first`);
  const logFile = path.join(stateDir, company === 'demo' ? 'sandbox.log' : `sandbox-${company}.log`);
  const args = [cli, '--port', '0', '--json', '--exit-with-parent', '--company', company];
  const child = spawnGroup(process.execPath, args, {
    env: envWithoutNpm(),
    logFile,
    pipeStdout: true,
    pipeStdin: true,
  });
  const stop = onCleanup('stop sandbox', () => child.stop());
  try {
    const stdout = child.child.stdout;
    if (!stdout) throw new Error('no stdout pipe');
    const handshake = JSON.parse(await firstLine(stdout, child.exited)) as Handshake;
    stdout.resume(); // nothing more is expected there; never let the pipe fill up
    const controlUrl = handshake.controlUrl.endsWith('/') ? handshake.controlUrl : `${handshake.controlUrl}/`;
    return { baseUrl: handshake.baseUrl, controlUrl, demoKey: handshake.keys.demo, logFile, stop };
  } catch (error) {
    await stop();
    throw new Error(`The Rotor sandbox did not start: ${(error as Error).message}\n${logTail(logFile)}`, {
      cause: error,
    });
  }
}
