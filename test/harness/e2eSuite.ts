import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { REPO_ROOT } from './repo';
import { SESSION_ENV } from './sessionEnv';
import { type TestSession } from './testSession';

/** Every compiled UI spec: out/test/e2e/**\/*.spec.js (support/ holds helpers, not specs). */
function specFiles(root: string): string[] {
  return fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.spec.js'))
    .sort()
    .map((file) => path.join(root, file));
}

/**
 * Runs the UI specs with mocha in this process (plain Node; the specs drive Chromium), against
 * the session's code-server. The specs find it through the SESSION_ENV variables.
 * ROTOR_TEST_GREP narrows the run to matching test titles. Returns true when all passed.
 */
export async function runE2eSuite(session: TestSession): Promise<boolean> {
  const scratch = path.join(session.root, 'e2e');
  fs.mkdirSync(scratch);
  Object.assign(process.env, session.testEnv, {
    [SESSION_ENV.workbenchUrl]: session.server.url,
    [SESSION_ENV.scratchDir]: scratch,
  });
  const mocha = new Mocha({
    ui: 'bdd',
    forbidOnly: true,
    timeout: 90_000, // a cold workbench takes ~8 s on 2 cores; hover and webview round trips add up
    reporter: 'spec',
    color: !process.env.CI,
    ...(process.env.ROTOR_TEST_GREP ? { grep: process.env.ROTOR_TEST_GREP } : {}),
  });
  for (const file of specFiles(path.join(REPO_ROOT, 'out', 'test', 'e2e'))) mocha.addFile(file);
  const started = Date.now();
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  const passed = failures === 0;
  if (!passed) console.log(`\n--- code-server log (last lines) ---\n${session.server.logTail(40)}`);
  console.log(
    `[harness] e2e ${passed ? 'passed' : 'FAILED'} (${failures} failing, ${((Date.now() - started) / 1000).toFixed(1)}s)`,
  );
  return passed;
}
