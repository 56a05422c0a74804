import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { HostReporter, writeResults } from '../harness/hostReporter';

/** Every compiled integration test: out/test/integration/**\/*.test.js */
function testFiles(root: string): string[] {
  return fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .sort()
    .map((file) => path.join(root, file));
}

/**
 * Entry point the extension host loads (`extensionTestsPath`), the same contract as
 * @vscode/test-electron: resolve and the host exits 0, reject and it exits 1. Used by both
 * `npm run test:integration` (code-server) and `npm run test:electron`.
 * ROTOR_TEST_GREP narrows the run to matching test titles.
 */
export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    forbidOnly: true,
    color: false,
    timeout: 20_000,
    reporter: HostReporter,
    ...(process.env.ROTOR_TEST_GREP ? { grep: process.env.ROTOR_TEST_GREP } : {}),
  });
  for (const file of testFiles(__dirname)) mocha.addFile(file);
  let failures: number;
  try {
    failures = await new Promise<number>((resolve) => mocha.run(resolve));
  } catch (error) {
    // A test file that throws while loading stops mocha before any reporter event.
    const message = error instanceof Error ? error.message : String(error);
    writeResults({
      passes: 0,
      failures: [{ title: 'loading the integration tests', message }],
      pending: 0,
      durationMs: 0,
    });
    throw error;
  }
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
