import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CodeServer, serverState, startCodeServer } from './codeServer';
import { type ExtensionSource, installExtension } from './extensionInstall';
import { type TestHost } from './installTestHost';
import { prepareHost } from './prepareHost';
import { assertBuilt, REPO_ROOT } from './repo';
import { type RunningSandbox, startSandbox } from './sandbox';
import { SESSION_ENV } from './sessionEnv';
import { makeTempDir } from './tempDirs';

/** One sandbox and one code-server, shared by every suite of a run (2 cores: start them once). */
export interface TestSession {
  readonly host: TestHost;
  readonly root: string;
  readonly sandbox: RunningSandbox;
  /** Another company on another port, for the connection tests. */
  readonly secondSandbox: RunningSandbox;
  readonly server: CodeServer;
  /** The variables the tests read (see sessionEnv.ts), for the extension host and for e2e specs. */
  readonly testEnv: Readonly<Record<string, string>>;
}

const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)}s`;

/**
 * Prepares everything the suites need, in a temp folder that the run's cleanup removes:
 * the cached test host, the sandbox, the extension installed per `extensionSource`, and
 * code-server with `rotor.apiBaseUrl` pointing at the sandbox in the profile's user settings
 * (a machine-scoped setting: a workspace could not set it).
 */
export async function startTestSession(extensionSource: ExtensionSource): Promise<TestSession> {
  assertBuilt();
  let started = Date.now();
  const host = await prepareHost({ browser: true });
  console.log(`[harness] test host ready (${seconds(started)})`);

  const root = makeTempDir('rotor-vscode-test-');
  // Browser profiles, Playwright artifacts and sockets of everything we start land in here.
  const tmp = path.join(root, 'tmp');
  fs.mkdirSync(tmp);
  process.env.TMPDIR = tmp;

  started = Date.now();
  const sandbox = await startSandbox(REPO_ROOT, root);
  const secondSandbox = await startSandbox(REPO_ROOT, root, 'second');
  const state = serverState(path.join(root, 'server'));
  installExtension(extensionSource, host, state);
  const server = await startCodeServer({ host, state, settings: { 'rotor.apiBaseUrl': sandbox.baseUrl } });
  console.log(`[harness] sandbox ${sandbox.baseUrl} and code-server ${server.url} up (${seconds(started)})`);

  const testEnv = {
    [SESSION_ENV.sandboxUrl]: sandbox.baseUrl,
    [SESSION_ENV.sandboxControl]: sandbox.controlUrl,
    [SESSION_ENV.testKey]: sandbox.demoKey,
    [SESSION_ENV.secondSandboxUrl]: secondSandbox.baseUrl,
    [SESSION_ENV.secondSandboxControl]: secondSandbox.controlUrl,
    [SESSION_ENV.secondTestKey]: secondSandbox.demoKey,
  };
  return { host, root, sandbox, secondSandbox, server, testEnv };
}
