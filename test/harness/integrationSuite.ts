import * as fs from 'node:fs';
import * as path from 'node:path';
import { runExtensionHostTests } from './extensionHostTests';
import { REPO_ROOT } from './repo';
import { SESSION_ENV } from './sessionEnv';
import { printFailures, type TestResults } from './testResults';
import { type TestSession } from './testSession';

const TIMEOUT_MS = 5 * 60_000;

function readResults(file: string): TestResults | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as TestResults;
  } catch {
    return undefined; // run() never got to write it: the host crashed or timed out
  }
}

/**
 * Runs out/test/integration/index.js inside a real extension host, with the repo loaded as the
 * extension under development. Returns true when every test passed.
 */
export async function runIntegrationSuite(session: TestSession): Promise<boolean> {
  const workspace = path.join(session.root, 'integration-workspace');
  fs.mkdirSync(workspace);
  const resultsFile = path.join(session.root, 'integration-results.json');
  const started = Date.now();
  const result = await runExtensionHostTests({
    serverUrl: session.server.url,
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js'),
    workspaceFolder: workspace,
    extensionEnv: {
      ...session.testEnv,
      [SESSION_ENV.resultsFile]: resultsFile,
      ...(process.env.ROTOR_TEST_GREP ? { ROTOR_TEST_GREP: process.env.ROTOR_TEST_GREP } : {}),
    },
    timeoutMs: TIMEOUT_MS,
  });
  const results = readResults(resultsFile);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (results) printFailures('integration', results.failures);
  const passed = result.exitCode === 0 && !result.timedOut && results !== undefined && results.failures.length === 0;
  if (!passed) {
    if (result.timedOut) console.log(`\nintegration: no result after ${TIMEOUT_MS / 1000}s`);
    else if (!results) console.log('\nintegration: the extension host exited without writing results');
    console.log(`\n--- workbench / extension host console (last lines) ---\n${result.consoleTail.join('\n')}`);
    console.log(`\n--- code-server log (last lines) ---\n${session.server.logTail(40)}`);
  }
  console.log(`[harness] integration ${passed ? 'passed' : 'FAILED'} (exit code ${result.exitCode}, ${seconds}s)`);
  return passed;
}
