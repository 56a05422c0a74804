import * as fs from 'node:fs';
import * as path from 'node:path';
import { SESSION_ENV, sessionEnv } from '../../harness/sessionEnv';

/** Files of a test workspace: relative path -> text content. */
export type WorkspaceFiles = Readonly<Record<string, string>>;

/**
 * A fresh folder with `files`, inside the run's scratch folder (removed with it). A workbench per
 * spec file gets its own folder, so specs never see each other's files or editors.
 */
export function createWorkspace(files: WorkspaceFiles = {}): string {
  const scratch = sessionEnv(SESSION_ENV.scratchDir);
  const folder = fs.mkdtempSync(path.join(scratch, 'workspace-'));
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(folder, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return folder;
}
