import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * User settings of the test profile. They keep the workbench quiet and deterministic offline:
 * no welcome page, no gallery or update checks, no AI or git side panels, and no hot exit (it
 * would bring documents of one run back in the next run on the same server).
 */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.reduceMotion': 'on',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'github.gitAuthentication': false,
  'files.hotExit': 'off',
};

/** Merges into the file: a caller may have written it already. */
function mergeJson(file: string, value: Readonly<Record<string, unknown>>): void {
  let existing: Record<string, unknown> = {};
  try {
    existing = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // no file yet (or not plain JSON): start empty
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...existing, ...value }, null, 2));
}

/**
 * Writes (merges) the profile's settings: the quiet defaults plus the test's own in `User/settings.json`,
 * and the test's own again in `Machine/settings.json`. The second file matters: code-server's
 * workbench is a remote window, and a remote window reads `machine`-scoped settings such as
 * `rotor.apiBaseUrl` only from the remote (Machine) settings, never from User settings.
 */
export function writeUserSettings(userDataDir: string, extra: Readonly<Record<string, unknown>> = {}): void {
  mergeJson(path.join(userDataDir, 'User', 'settings.json'), { ...QUIET_SETTINGS, ...extra });
  mergeJson(path.join(userDataDir, 'Machine', 'settings.json'), extra);
}
