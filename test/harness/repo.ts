import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root: compiled harness files live in out/test/harness/. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

interface Manifest {
  readonly publisher: string;
  readonly name: string;
  readonly version: string;
  readonly main: string;
  readonly contributes?: {
    readonly commands?: readonly { readonly command: string; readonly title: string; readonly category?: string }[];
    readonly menus?: { readonly commandPalette?: readonly { readonly command: string; readonly when?: string }[] };
  };
}

const manifest = (): Manifest => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;

/** `publisher.name`, as in `vscode.extensions.getExtension(id)`. */
export const extensionId = (): string => `${manifest().publisher}.${manifest().name}`;

/** The folder name VS Code gives an installed extension: `publisher.name-version`. */
export const installedFolderName = (): string => `${extensionId()}-${manifest().version}`;

/**
 * The palette title ("Category: Title") of a command the extension contributes without a `when`
 * clause, i.e. one the palette lists as soon as the extension is registered; UI tests wait for it.
 */
export function alwaysListedCommandTitle(): string | undefined {
  const { contributes } = manifest();
  const conditional = new Set((contributes?.menus?.commandPalette ?? []).map((entry) => entry.command));
  const command = (contributes?.commands ?? []).find((c) => !conditional.has(c.command));
  if (!command) return undefined;
  return command.category ? `${command.category}: ${command.title}` : command.title;
}

/** What `vsce package` writes into the repo root: `<name>-<version>.vsix`. */
export const vsixFileName = (): string => `${manifest().name}-${manifest().version}.vsix`;

/** The tests load the bundle, not the sources: fail early and say how to fix it. */
export function assertBuilt(): void {
  const main = path.join(REPO_ROOT, manifest().main);
  const tests = path.join(REPO_ROOT, 'out', 'test');
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
  if (!fs.existsSync(tests)) throw new Error(`${tests} is missing: run \`npm run compile-tests\` first`);
}
