import * as fs from 'node:fs';
import * as path from 'node:path';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function ownerAlive(lockDir: string): boolean {
  try {
    const pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return true;
  } catch {
    return false; // no pid yet, or its process is gone: a crashed run left the lock behind
  }
}

/**
 * Runs `work` while holding a lock folder (mkdir is atomic), so two test runs on one machine never
 * install into the same cache folder at once; the second waits, then finds the first's result.
 * A lock whose owner process is dead is taken over. Waiting is bounded by `timeoutMs`.
 */
export async function withInstallLock<T>(lockDir: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // Grace period: the owner may be between mkdir and writing its pid.
    if (!ownerAlive(lockDir) && Date.now() - fs.statSync(lockDir).mtimeMs > 5000) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for the install lock ${lockDir}`);
    if (!announced) console.log(`[harness] another run is installing the test host; waiting (${lockDir})`);
    announced = true;
    await sleep(2000);
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}
