import * as fs from 'node:fs';
import Mocha from 'mocha';
import { SESSION_ENV } from './sessionEnv';
import { REPORTER_PREFIX, type TestFailure, type TestResults } from './testResults';

const { EVENT_RUN_END, EVENT_SUITE_BEGIN, EVENT_TEST_FAIL, EVENT_TEST_PASS, EVENT_TEST_PENDING } =
  Mocha.Runner.constants;

/**
 * Mocha reporter for tests inside the extension host. The host's stdout goes nowhere; only its
 * console is mirrored to the workbench page, where the launcher reads it. So this prints every
 * line with console.log and a prefix the launcher recognises, and writes a JSON summary to
 * $ROTOR_TEST_RESULTS, which the launcher reads even when console lines got lost.
 */
export class HostReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const failures: TestFailure[] = [];
    let passes = 0;
    let pending = 0;
    const started = Date.now();
    const print = (line: string): void => console.log(`${REPORTER_PREFIX}${line}`);

    runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
      if (suite.title) print(`${'  '.repeat(suite.titlePath().length)}${suite.title}`);
    });
    runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => {
      passes++;
      print(`${'  '.repeat(test.titlePath().length)}✓ ${test.title} (${test.duration ?? 0}ms)`);
    });
    runner.on(EVENT_TEST_PENDING, (test: Mocha.Test) => {
      pending++;
      print(`${'  '.repeat(test.titlePath().length)}- ${test.title} (pending)`);
    });
    runner.on(EVENT_TEST_FAIL, (test: Mocha.Test, error: Error) => {
      failures.push({
        title: test.fullTitle(),
        message: error.message,
        ...(error.stack ? { stack: error.stack } : {}),
      });
      print(`${'  '.repeat(test.titlePath().length)}✗ ${test.title}: ${error.message.split('\n')[0] ?? ''}`);
    });
    runner.once(EVENT_RUN_END, () => {
      print(`${passes} passing, ${failures.length} failing, ${pending} pending`);
      writeResults({ passes, failures, pending, durationMs: Date.now() - started });
    });
  }
}

/** Also used by run() when mocha could not even start (e.g. a test file threw on load). */
export function writeResults(results: TestResults): void {
  const file = process.env[SESSION_ENV.resultsFile];
  if (file) fs.writeFileSync(file, JSON.stringify(results, null, 2));
}
