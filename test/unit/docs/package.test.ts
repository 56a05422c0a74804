import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, readManifest } from './repoRoot';

/** The part of @vscode/vsce's API used here (it ships no type declarations). */
interface Vsce {
  readonly PackageManager: { readonly None: number };
  listFiles(options: { cwd: string; packageManager: number }): Promise<string[]>;
}

const vsce = createRequire(path.join(REPO_ROOT, 'package.json'))('@vscode/vsce') as Vsce;

/** What `vsce ls --no-dependencies` prints for the tree at `cwd`: the .vsix contents, sorted. */
async function packagedFiles(cwd: string): Promise<string[]> {
  return (await vsce.listFiles({ cwd, packageManager: vsce.PackageManager.None })).sort();
}

/** The files a .vsix may hold: the two bundles, media/ (no source maps), the docs and the manifest. */
const TOP_LEVEL = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE'];
const BUNDLES = ['dist/extension.js', 'dist/main.js'];

function allowed(file: string): boolean {
  return TOP_LEVEL.includes(file) || BUNDLES.includes(file) || (file.startsWith('media/') && !file.endsWith('.map'));
}

function write(root: string, file: string, content = 'x'): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), content);
}

describe('the .vsix contents (.vscodeignore)', function () {
  // Loading vsce and walking the tree takes about a second; more on a busy machine.
  this.timeout(30_000);

  it('holds only dist bundles, media/, README, CHANGELOG, LICENSE and package.json', async () => {
    const files = await packagedFiles(REPO_ROOT);
    const unexpected = files.filter((f) => !allowed(f));
    assert.deepEqual(
      unexpected,
      [],
      `Files that should not be in the .vsix (check .vscodeignore; list them with \`npx vsce ls --no-dependencies\`):\n${unexpected.join('\n')}`,
    );
    for (const file of TOP_LEVEL) assert.ok(files.includes(file), `${file} is missing from the .vsix`);
    // dist/ exists only after a build; when it does, both bundles must be packaged.
    for (const bundle of BUNDLES) {
      if (fs.existsSync(path.join(REPO_ROOT, bundle)))
        assert.ok(files.includes(bundle), `${bundle} is built but not packaged`);
    }
  });

  it('packages every file package.json points at: icon and walkthrough pages', async () => {
    const files = await packagedFiles(REPO_ROOT);
    const manifest = readManifest();
    const referenced = [
      manifest.icon,
      ...(manifest.contributes.walkthroughs ?? []).flatMap((w) => w.steps.map((s) => s.media.markdown)),
      ...Object.values(manifest.contributes.viewsContainers ?? {}).flatMap((list) => list.map((c) => c.icon)),
    ].filter((f): f is string => typeof f === 'string');
    assert.ok(referenced.length > 0);
    for (const file of referenced)
      assert.ok(files.includes(file.replace(/^\.\//, '')), `${file} is referenced by package.json but not packaged`);
  });

  it('leaves out source maps, sources, tests, build output, dependencies and tooling', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rotor-vsix-'));
    try {
      for (const file of ['.vscodeignore', 'package.json'])
        fs.copyFileSync(path.join(REPO_ROOT, file), path.join(root, file));
      const wanted = [
        ...TOP_LEVEL.filter((f) => f !== 'package.json'),
        ...BUNDLES,
        'media/icon.png',
        'media/walkthrough/step.md',
        'media/customer.js',
      ];
      const unwanted = [
        'dist/extension.js.map',
        'dist/main.js.map',
        'dist/transport.js',
        'dist/stray.js',
        'src/extension.ts',
        'test/unit/x.test.ts',
        'out/test/unit/x.test.js',
        'node_modules/undici/index.js',
        '.vscode/launch.json',
        'docs/screenshots/hover.png',
        'scripts/printVsixSize.js',
        'bench/run.js',
        'esbuild.js',
        'tsconfig.json',
        'eslint.config.mjs',
        '.gitignore',
        '.env',
        'rotor-customer-lookup-0.0.1.vsix',
        'test-results/report.json',
        '.rotor-test/state.json',
      ];
      for (const file of [...wanted, ...unwanted]) write(root, file);
      assert.deepEqual(await packagedFiles(root), [...wanted, 'package.json'].sort());
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('package.json for vsce (no warnings)', () => {
  const manifest = readManifest();

  it('has a repository, a license file and a 128x128 PNG icon', () => {
    assert.ok(manifest.repository, 'vsce warns when "repository" is missing');
    assert.ok(fs.existsSync(path.join(REPO_ROOT, 'LICENSE')), 'vsce warns when LICENSE is missing');
    const icon = manifest.icon ?? '';
    assert.ok(icon.endsWith('.png'), 'the Marketplace refuses SVG icons: "icon" must be a PNG');
    const png = fs.readFileSync(path.join(REPO_ROOT, icon));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${icon} is not a PNG`);
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], `${icon} must be 128x128`);
    assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
  });

  it('packages without npm dependencies and prints the .vsix size', () => {
    const script = manifest.scripts?.package ?? '';
    assert.match(script, /vsce package --no-dependencies/);
    assert.match(script, /printVsixSize/);
  });
});
