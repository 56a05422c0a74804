import { installSignalHandlers, runCleanup } from './cleanup';
import { ensureTestHost } from './installTestHost';
import { checkRunPrerequisites } from './prerequisites';
import { cacheRoot } from './testHostVersions';

/**
 * `npm run test:setup`: installs (or finds) the cached test host, so CI pays the one-time
 * code-server install as its own, separately timed step before `npm test`.
 */
async function main(): Promise<void> {
  installSignalHandlers();
  const started = Date.now();
  try {
    checkRunPrerequisites();
    const host = await ensureTestHost();
    console.log(`[harness] test host ready in ${cacheRoot()} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
    console.log(`  node:        ${host.nodeBinary}\n  code-server: ${host.codeServerEntry}`);
  } finally {
    await runCleanup();
  }
}

main().catch((error: unknown) => {
  console.error(`[harness] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
