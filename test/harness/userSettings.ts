import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * User settings of the test profile. They keep the workbench quiet and deterministic offline:
 * no welcome page, no gallery or update checks, no AI or git side panels, and no hot exit (it
 * would bring documents of one run back in the next run on the same server).
 */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
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

/** Writes `User/settings.json` of a user-data dir: the quiet defaults plus the test's own. */
export function writeUserSettings(userDataDir: string, extra: Readonly<Record<string, unknown>> = {}): void {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...QUIET_SETTINGS, ...extra }, null, 2));
}
