// Bundles the extension in the shape of vscode-extension-samples/esbuild-sample.
// The extension's two entry points: the activation shell (extension.ts) and the features (main.ts, with undici),
// which the shell requires on first use: the one lazy-loading seam, which keeps "1. Activation
// cost" in BENCHMARKS.md at 2.57x of an empty extension (target <= 3x).
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the form the `$esbuild-watch` problem matcher reads. */
const problemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/** Options shared with the benchmark that builds undici alone as the size floor. */
const sharedOptions = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  legalComments: 'none',
  // jsonc-parser's `main` is a UMD build whose dynamic require()s esbuild cannot follow: take its ES module build.
  mainFields: ['module', 'main'],
};

/**
 * The customer panel's page script, for the webview (a browser): into media/, the only folder the
 * panel's localResourceRoots allow, as media/customer.js (git-ignored, shipped in the .vsix).
 * No source map: media/ ships whole.
 */
const pageOptions = {
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: production,
  sourcemap: false,
  logLevel: 'silent',
  legalComments: 'none',
  entryPoints: { customer: 'src/panel/page.ts' },
  outdir: 'media',
};

async function main() {
  const contexts = await Promise.all([
    esbuild.context({
      ...sharedOptions,
      entryPoints: { extension: 'src/extension.ts', main: 'src/main.ts' },
      outdir: 'dist',
      external: ['vscode', './main.js'],
      plugins: [problemMatcherPlugin],
    }),
    esbuild.context({ ...pageOptions, plugins: [problemMatcherPlugin] }),
  ]);
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
  } else {
    for (const ctx of contexts) {
      await ctx.rebuild();
      await ctx.dispose();
    }
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

module.exports = { sharedOptions };
