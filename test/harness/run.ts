import { installSignalHandlers, isStopping, runAsMain, runCleanup } from './cleanup';
import { runE2eSuite } from './e2eSuite';
import { type ExtensionSource } from './extensionInstall';
import { runIntegrationSuite } from './integrationSuite';
import { startTestSession } from './testSession';

/**
 * The test launcher: `node out/test/harness/run.js [--integration] [--e2e] [--vsix]`.
 * Starts one sandbox and one code-server, runs the chosen suites against them, stops everything
 * it started and exits non-zero if any suite failed. `--vsix` installs the packaged extension
 * instead of linking the repo (integration tests always load the repo as the development
 * extension, which takes precedence over an installed copy).
 */
interface Options {
  readonly integration: boolean;
  readonly e2e: boolean;
  readonly extensionSource: ExtensionSource;
}

function parseOptions(argv: readonly string[]): Options {
  const known = new Set(['--integration', '--e2e', '--vsix']);
  const unknown = argv.filter((arg) => !known.has(arg));
  if (unknown.length > 0) throw new Error(`unknown option(s): ${unknown.join(' ')}`);
  const integration = argv.includes('--integration');
  const e2e = argv.includes('--e2e');
  if (!integration && !e2e) throw new Error('choose --integration and/or --e2e');
  return { integration, e2e, extensionSource: argv.includes('--vsix') ? 'vsix' : 'link' };
}

async function main(): Promise<number> {
  installSignalHandlers();
  const options = parseOptions(process.argv.slice(2));
  const started = Date.now();
  try {
    const session = await startTestSession(options.extensionSource);
    let passed = true;
    if (options.integration) passed = (await runIntegrationSuite(session)) && passed;
    if (options.e2e && !isStopping()) passed = (await runE2eSuite(session)) && passed;
    return passed ? 0 : 1;
  } finally {
    await runCleanup();
    console.log(`[harness] done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
}

runAsMain(main, '[harness]');
