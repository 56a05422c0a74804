import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { onCleanup } from './cleanup';

const created = new Set<string>();

// Last resort when the launcher exits without running its cleanup (e.g. an uncaught exception).
process.on('exit', () => {
  if (process.env.ROTOR_KEEP_TEST_STATE) return;
  for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A fresh folder under the system temp dir, deleted when the run ends. Everything a run writes
 * (user data, extensions, XDG dirs, sockets, browser profiles) goes below one of these.
 */
export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.add(dir);
  onCleanup(`remove ${dir}`, () => {
    if (process.env.ROTOR_KEEP_TEST_STATE) {
      console.log(`[harness] keeping ${dir} (ROTOR_KEEP_TEST_STATE is set)`);
    } else {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    created.delete(dir);
  });
  return dir;
}
