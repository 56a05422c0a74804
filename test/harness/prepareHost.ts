import { ensureTestHost, isTestHostInstalled, type TestHost } from './installTestHost';
import { ensurePrerequisites, type Need } from './prerequisites';

/** What an entry point is about to use, beyond the cached test VS Code every entry point starts. */
export interface HostNeeds {
  /** Chromium drives the workbench (UI tests, the demo's check, the in-host benchmarks). */
  readonly browser?: boolean;
  /** rg, the recognition benchmark's baseline. */
  readonly ripgrep?: boolean;
}

/** The system packages for `needs`, plus the native build tools while code-server is not cached. */
export function hostNeeds(needs: HostNeeds, testHostInstalled = isTestHostInstalled()): Need[] {
  return [
    ...(needs.browser ? (['browser'] as const) : []),
    ...(needs.ripgrep ? (['ripgrep'] as const) : []),
    ...(testHostInstalled ? [] : (['nativeBuild'] as const)),
  ];
}

/**
 * The one set-up step of every entry point: first all the system packages it will need (installed,
 * or the run stops here with the command to run), then the cached test VS Code (Node 24 and
 * code-server, installed on first use, minutes). Nothing is started before both are in place.
 */
export async function prepareHost(needs: HostNeeds): Promise<TestHost> {
  ensurePrerequisites(hostNeeds(needs));
  return ensureTestHost();
}
