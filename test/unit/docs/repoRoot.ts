import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root: compiled tests live in out/test/unit/docs/. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** The subset of package.json the docs tests read. */
export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly icon?: string;
  readonly repository?: unknown;
  readonly license?: string;
  readonly galleryBanner?: { readonly color?: string; readonly theme?: string };
  readonly capabilities?: { readonly untrustedWorkspaces?: { readonly restrictedConfigurations?: readonly string[] } };
  readonly contributes: {
    readonly commands?: readonly { readonly command: string; readonly title: string }[];
    readonly configuration?: ConfigurationSection | readonly ConfigurationSection[];
    readonly viewsContainers?: Readonly<Record<string, readonly { readonly id: string; readonly icon?: string }[]>>;
    readonly views?: Readonly<
      Record<string, readonly { readonly id: string; readonly name: string; readonly icon?: string }[]>
    >;
    readonly walkthroughs?: readonly Walkthrough[];
  };
  readonly scripts?: Readonly<Record<string, string>>;
}

export interface ConfigurationSection {
  readonly title?: string;
  readonly properties?: Readonly<Record<string, SettingSchema>>;
}

export interface SettingSchema {
  readonly type?: string | readonly string[];
  readonly default?: unknown;
  readonly description?: string;
  readonly markdownDescription?: string;
  readonly scope?: string;
  readonly minimum?: number;
  readonly maximum?: number;
}

export interface Walkthrough {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly steps: readonly WalkthroughStep[];
}

export interface WalkthroughStep {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly media: {
    readonly markdown?: string;
    readonly image?: unknown;
    readonly svg?: string;
    readonly altText?: string;
  };
  readonly completionEvents?: readonly string[];
}

/** package.json as it is on disk now (other tests may not have seen the latest edit). */
export function readManifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
}

export function settingsOf(manifest: Manifest): [string, SettingSchema][] {
  const configuration = manifest.contributes.configuration;
  const sections: readonly ConfigurationSection[] = Array.isArray(configuration)
    ? configuration
    : configuration
      ? [configuration as ConfigurationSection]
      : [];
  return sections.flatMap((s) => Object.entries(s.properties ?? {}));
}
