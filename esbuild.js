// Bundles the extension in the shape of vscode-extension-samples/esbuild-sample.
// Two entry points: the activation shell (extension.ts) and the features (main.ts, with undici),
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
};

async function main() {
  const ctx = await esbuild.context({
    ...sharedOptions,
    entryPoints: { extension: 'src/extension.ts', main: 'src/main.ts' },
    outdir: 'dist',
    external: ['vscode', './main.js'],
    plugins: [problemMatcherPlugin],
  });
  if (watch) {
    await ctx.watch();
  } else {
    await ctx.rebuild();
    await ctx.dispose();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

module.exports = { sharedOptions };
