import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { onCleanup } from './cleanup';

const OWNER_FILE = '.owner-pid';
const created = new Set<string>();

/** Processes that are being killed may still write into the folder: retry on ENOTEMPTY. */
const remove = (dir: string): void => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });

// Last resort when the launcher exits without running its cleanup (e.g. an uncaught exception).
process.on('exit', () => {
  if (process.env.ROTOR_KEEP_TEST_STATE) return;
  for (const dir of created) remove(dir);
});

function isGarbage(dir: string): boolean {
  try {
    process.kill(Number(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8')), 0);
    return false; // its run is still going
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return true; // the owner is gone
    // No owner file: half removed by a run that was killed meanwhile, or created a moment ago.
    return Date.now() - fs.statSync(dir).mtimeMs > 60_000;
  }
}

/**
 * Removes folders with this prefix left by runs that could not clean up (killed with SIGKILL):
 * each folder names its owner process, and a folder whose owner is gone is garbage.
 */
function removeStale(prefix: string): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const dir = path.join(os.tmpdir(), name);
    if (name.startsWith(prefix) && isGarbage(dir)) remove(dir);
  }
}

/**
 * A fresh folder under the system temp dir, deleted when the run ends. Everything a run writes
 * (user data, extensions, XDG dirs, sockets, browser profiles) goes below one of these.
 */
export function makeTempDir(prefix: string): string {
  removeStale(prefix);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.writeFileSync(path.join(dir, OWNER_FILE), String(process.pid));
  created.add(dir);
  onCleanup(`remove ${dir}`, () => {
    if (process.env.ROTOR_KEEP_TEST_STATE) {
      console.log(`[harness] keeping ${dir} (ROTOR_KEEP_TEST_STATE is set)`);
    } else {
      remove(dir);
    }
    created.delete(dir);
  });
  return dir;
}
