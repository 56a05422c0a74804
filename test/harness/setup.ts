import { installSignalHandlers, runAsMain, runCleanup } from './cleanup';
import { ensurePrerequisites } from './prerequisites';
import { hostNeeds, prepareHost } from './prepareHost';
import { cacheRoot } from './testHostVersions';

/**
 * `npm run test:setup`: everything `npm test` needs before it runs anything, the first stage of
 * `npm test` does the same. `--prerequisites-only` stops after the system packages (the harness's
 * own tests run it that way, with a PATH and a cache where things are missing).
 */
async function main(): Promise<number> {
  installSignalHandlers();
  const started = Date.now();
  try {
    const needs = { browser: true, ripgrep: true };
    if (process.argv.includes('--prerequisites-only')) {
      ensurePrerequisites(hostNeeds(needs));
      console.log('[harness] system packages present');
      return 0;
    }
    const host = await prepareHost(needs);
    console.log(`[harness] test host ready in ${cacheRoot()} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
    console.log(`  node:        ${host.nodeBinary}\n  code-server: ${host.codeServerEntry}`);
    return 0;
  } finally {
    await runCleanup();
  }
}

runAsMain(main, '[harness]', 1);
