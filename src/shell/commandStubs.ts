/** The part of package.json the stubs are computed from. */
export interface Manifest {
  contributes?: {
    commands?: { command: string }[];
    menus?: { commandPalette?: { command: string; when?: string }[] };
    keybindings?: { command: string }[];
  };
}

/**
 * Palette conditions that cannot hold before the features have loaded: the features set
 * `rotor.hasApiKey` once they have read the key, and only they open a Rotor panel.
 */
const NEEDS_FEATURES = new Set(['false', 'rotor.hasApiKey', "activeWebviewPanelId == 'rotor.customer'"]);

/**
 * Commands a user can run before any feature has loaded, so they need a stub: every contributed
 * command, except those whose palette condition requires (as one of its `&&` terms) a state only
 * the features create, and that have no keybinding. The others run only from places the
 * features made (hover links, tree items, a Rotor panel), so they are registered by then. Each
 * stub is a message to the workbench at activation (BENCHMARKS.md, "Activation cost").
 */
export function commandsNeedingStubs(manifest: Manifest): string[] {
  const contributes = manifest.contributes ?? {};
  const bound = new Set((contributes.keybindings ?? []).map((k) => k.command));
  const afterFeatures = new Set(
    (contributes.menus?.commandPalette ?? [])
      .filter((m) => m.when !== undefined && !m.when.includes('||') && m.when.split('&&').some((term) => NEEDS_FEATURES.has(term.trim())))
      .map((m) => m.command),
  );
  return (contributes.commands ?? []).map((c) => c.command).filter((command) => bound.has(command) || !afterFeatures.has(command));
}
