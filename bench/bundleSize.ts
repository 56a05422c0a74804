import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';
import { envWithoutNpm } from '../test/harness/childEnv';
import { type BenchOptions, type BenchResult, type Figure } from './lib/result';
import { buildProduction, copyPackage } from './lib/packageCopy';
import { REPO_ROOT, runAsScript } from './lib/script';
import { bytes, nowMs, ratio } from './lib/stats';

interface ZipEntry {
  readonly name: string;
  readonly compressed: number;
  readonly size: number;
}

/** The entries of a zip (a .vsix), from its central directory. */
function zipEntries(file: string): ZipEntry[] {
  const buf = fs.readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file} is not a zip`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    entries.push({
      name: buf.toString('utf8', at + 46, at + 46 + nameLength),
      compressed: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
    });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

/**
 * What the features bundle dist/main.js is made of, in minified bytes per package or src/ folder
 * (esbuild's metafile), for whoever has to make first use cheaper. Same entry and externals as esbuild.js.
 */
async function extensionComposition(pkg: string, sharedOptions: BuildOptions): Promise<Record<string, number>> {
  const result = await build({
    ...sharedOptions,
    minify: true,
    sourcemap: false,
    absWorkingDir: pkg,
    entryPoints: { main: 'src/main.ts' },
    outdir: 'dist-composition',
    external: ['vscode', './main.js'],
    metafile: true,
    write: false,
  });
  const groups = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const nodeModule = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const key = nodeModule ? nodeModule[1]! : input.split('/').slice(0, 2).join('/');
      groups.set(key, (groups.get(key) ?? 0) + bytesInOutput);
    }
  }
  return Object.fromEntries([...groups.entries()].sort((a, b) => b[1] - a[1]));
}

/**
 * 2. Bundle and package size. Builds in a temporary copy of the package (node_modules linked), so
 * the shared dist/ of the working tree is never overwritten with a production build:
 * - ours: `vsce package --no-dependencies` (as `npm run package`; its prepublish runs
 *   `node esbuild.js --production`);
 *   in quick mode only `node esbuild.js --production`;
 * - baseline: `module.exports = require('undici')` bundled with esbuild.js's exported
 *   `sharedOptions` plus what `--production` sets there (minify on, no source map).
 */
export async function run({ quick, log = () => undefined }: BenchOptions): Promise<BenchResult> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rotor-bench-bundle-'));
  try {
    const pkg = path.join(tmp, 'package');
    copyPackage(pkg);

    const vsix = path.join(tmp, 'rotor-customer-lookup.vsix');
    const started = nowMs();
    let command: string;
    if (quick) {
      command = 'node esbuild.js --production';
      log(`[bundle] ${command}`);
      buildProduction(pkg);
    } else {
      // The vsce step of `npm run package`, with --out so nothing lands in the working tree.
      command = `vsce package --no-dependencies --out ${path.basename(vsix)}`;
      log(`[bundle] ${command}`);
      const vsce = path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce');
      execFileSync(vsce, ['package', '--no-dependencies', '--out', vsix], {
        cwd: pkg,
        env: envWithoutNpm(),
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    }
    const buildMs = nowMs() - started;

    // The baseline, built with the very options object esbuild.js builds with.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { sharedOptions } = require(path.join(REPO_ROOT, 'esbuild.js')) as { sharedOptions: BuildOptions };
    const entry = path.join(pkg, 'undiciAlone.js');
    fs.writeFileSync(entry, "module.exports = require('undici');\n");
    await build({
      ...sharedOptions,
      minify: true,
      sourcemap: false,
      entryPoints: { undici: entry },
      outdir: path.join(tmp, 'undici-alone'),
      external: ['vscode'],
    });
    const undici = fs.statSync(path.join(tmp, 'undici-alone', 'undici.js')).size;
    const undiciDeflated = zlib.deflateRawSync(fs.readFileSync(path.join(tmp, 'undici-alone', 'undici.js'))).length;

    const composition = await extensionComposition(pkg, sharedOptions);
    const extension = fs.statSync(path.join(pkg, 'dist', 'extension.js')).size;
    const features = fs.statSync(path.join(pkg, 'dist', 'main.js')).size;
    const total = extension + features;
    const vsixBytes = quick ? undefined : fs.statSync(vsix).size;
    const entries = quick ? [] : zipEntries(vsix);

    const figures: Figure[] = [
      {
        name: 'Bundle: dist/extension.js + main.js (production)',
        ours: bytes(total),
        baseline: `${bytes(undici)} (undici alone, same esbuild options)`,
        ratio: ratio(total, undici),
        target: { comparison: 'atMost', ratio: 1.3 },
      },
      {
        name: 'Loaded at activation: dist/extension.js (the shell) alone',
        ours: bytes(extension),
        baseline: `${bytes(undici)} (undici alone)`,
        ratio: ratio(extension, undici),
      },
    ];
    if (vsixBytes !== undefined) {
      figures.push({
        name: 'Package: .vsix (vsce, deflated zip)',
        ours: bytes(vsixBytes),
        baseline: `${bytes(undiciDeflated)} (undici alone, deflated)`,
        ratio: ratio(vsixBytes, undiciDeflated),
      });
    }
    return {
      id: 'bundleSize',
      title: '2. Bundle and package size',
      method:
        'Builds a temporary copy of the package (node_modules linked, the working tree untouched) with `vsce package --no-dependencies` (the step `npm run package` runs; its prepublish runs `node esbuild.js --production`). ' +
        "Baseline: `module.exports = require('undici')` bundled by esbuild with `sharedOptions` from esbuild.js plus what `--production` sets (minify, no source map) — what undici costs when its entry point is bundled whole (the extension imports only its dispatchers: src/api/undiciDispatchers.ts). " +
        'The .vsix is compared with the undici-alone bundle deflated by zlib at its default level (what the zip inside a .vsix uses); that row is informational.',
      figures,
      raw: {
        command,
        buildMs: Math.round(buildMs),
        extensionJs: extension,
        mainJs: features,
        undiciAlone: undici,
        undiciAloneDeflated: undiciDeflated,
        mainJsBytesBySource: composition,
        ...(vsixBytes === undefined
          ? {}
          : {
              vsix: vsixBytes,
              vsixEntries: entries.map((e) => `${e.name}: ${e.size} B (${e.compressed} B deflated)`),
            }),
      },
      notes: quick ? ['Quick mode: no .vsix (vsce is skipped); the production bundles are built.'] : [],
      quick,
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) runAsScript(run);
