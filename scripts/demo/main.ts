import * as fs from 'node:fs';
import * as path from 'node:path';
import { installSignalHandlers, isStopping, runAsMain, runCleanup } from '../../test/harness/cleanup';
import { type CodeServer, serverState, startCodeServer } from '../../test/harness/codeServer';
import { installExtension } from '../../test/harness/extensionInstall';
import { logTail } from '../../test/harness/logTail';
import { hostNeeds, prepareHost } from '../../test/harness/prepareHost';
import { ensurePrerequisites } from '../../test/harness/prerequisites';
import { assertBuilt, REPO_ROOT } from '../../test/harness/repo';
import { type RunningSandbox, startSandbox } from '../../test/harness/sandbox';
import { makeTempDir } from '../../test/harness/tempDirs';
import { workbenchUrl } from '../../test/harness/workbenchUrl';
import { runCheck } from './check';
import { linkDemoKeyExtension, writeDemoKeyExtension } from './demoKeyExtension';
import { runDesktop } from './desktop';
import { chooseHost, type DemoOptions, parseDemoArgs, USAGE } from './options';
import { demoWorkspaceFiles, writeWorkspace } from './workspace';

/**
 * `npm run demo`: the product, running against the local Rotor sandbox. Built on the test harness
 * (test/harness): the same sandbox child, cached code-server, settings and process-group cleanup.
 * Everything lives in one temp folder `rotor-demo-*` that is deleted when the demo stops.
 *
 * How the API key gets in. The extension keeps it in SecretStorage only, and nothing here can
 * write that store from outside: in desktop VS Code it is the OS keychain, in code-server it is
 * the *browser's* localStorage (`secrets.provider`), i.e. the user's own browser, which the demo
 * never touches. Reading a key from the environment is deliberately not an extension feature.
 * So a small companion extension (demoKeyExtension.ts) offers "Use the Demo Key" at start-up,
 * which runs "Rotor: Set API Key" with the sandbox's fake key. `--check` clicks exactly that in
 * its own headless browser, so the path a newcomer takes is the one that is tested.
 */

const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)}s`;
const isFile = (file: string): boolean => {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/**
 * Interactive code-server: print how to get in, then keep running until Ctrl-C (the harness's
 * signal handlers stop everything). If the server or the sandbox dies, say so and stop.
 */
async function serveUntilStopped(server: CodeServer, sandbox: RunningSandbox, url: string): Promise<number> {
  console.log('');
  console.log(`  Open in your browser:  ${url}`);
  console.log(
    `  Then click "Use the Demo Key" in the notification (or paste ${sandbox.demoKey} into "Rotor: Set API Key")`,
  );
  console.log(`  Rotor sandbox:         ${sandbox.baseUrl} (demo customers, fake key)`);
  console.log('');
  console.log('[demo] press Ctrl-C to stop');
  let failures = 0;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 5000));
    if (isStopping()) return new Promise(() => undefined); // the signal handler exits
    const alive = await Promise.all([fetch(new URL('healthz', server.url)), fetch(`${sandbox.controlUrl}stats`)]).then(
      (responses) => responses.every((response) => response.ok),
      () => false,
    );
    failures = alive ? 0 : failures + 1;
    if (failures >= 3 && !isStopping()) {
      console.error('[demo] code-server or the sandbox stopped answering; stopping the demo');
      console.error(`\n--- code-server log (last lines) ---\n${server.logTail(40)}`);
      console.error(`\n--- sandbox log (last lines) ---\n${logTail(sandbox.logFile, 20)}`);
      return 1;
    }
  }
}

async function run(options: DemoOptions): Promise<number> {
  const started = Date.now();
  assertBuilt();
  const host = chooseHost(options, process.env, process.platform, isFile);
  if (host.kind === 'code-server') console.log(`[demo] using code-server (${host.why})`);
  // Every system package up front (Chromium only for the headless check), before anything starts.
  const needs = { browser: options.check };
  if (host.kind === 'code-server') ensurePrerequisites(hostNeeds(needs));

  const root = makeTempDir('rotor-demo-');
  // Sockets, browser profiles and the like of everything started land in here, not in /tmp.
  const tmp = path.join(root, 'tmp');
  fs.mkdirSync(tmp);
  process.env.TMPDIR = tmp;

  const sandbox = await startSandbox(REPO_ROOT, root);
  const workspace = path.join(root, 'rotor-demo');
  writeWorkspace(workspace, demoWorkspaceFiles(sandbox.demoKey));
  const demoKeyExtension = writeDemoKeyExtension(path.join(root, 'demo-key-extension'), sandbox.demoKey);
  console.log(`[demo] Rotor sandbox at ${sandbox.baseUrl}, demo workspace ${workspace}`);

  if (host.kind === 'desktop') return runDesktop(host.code, root, workspace, sandbox, demoKeyExtension);

  // First use installs Node 24 + code-server into the cache (minutes); later runs find it there.
  const testHost = await prepareHost(needs);
  const state = serverState(path.join(root, 'server'));
  installExtension('link', testHost, state);
  linkDemoKeyExtension(demoKeyExtension, state.extensionsDir);
  const server = await startCodeServer({ host: testHost, state, settings: { 'rotor.apiBaseUrl': sandbox.baseUrl } });
  const url = workbenchUrl(server.url, workspace);
  console.log(`[demo] code-server up at ${server.url} (${seconds(started)})`);

  if (!options.check) return serveUntilStopped(server, sandbox, url);
  const passed = await runCheck(server, sandbox, workspace, url);
  if (passed) console.log(`OK: the demo works (${seconds(started)})`);
  return passed ? 0 : 1;
}

async function main(): Promise<number> {
  const options = parseDemoArgs(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  installSignalHandlers();
  try {
    return await run(options);
  } finally {
    await runCleanup();
  }
}

runAsMain(main, '[demo]');
