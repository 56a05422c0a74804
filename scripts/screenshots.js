// Copies the README screenshots from the last UI test run to docs/screenshots/, under stable
// names. `npm run test:e2e` saves every step of test/e2e/customerLookup.spec.ts (and privacy.spec.ts) in the
// git-ignored .rotor-test/screenshots/; run this after a green run: `node scripts/screenshots.js`.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const from = path.join(root, '.rotor-test', 'screenshots');
const to = path.join(root, 'docs', 'screenshots');

/** docs/screenshots/<name> <- .rotor-test/screenshots/<source> (the names the spec gives them). */
const SHOTS = {
  'hover.png': '02-hover-customer.png',
  'panel-dark.png': '06-panel-dark.png',
  'panel-light.png': '06-panel-light.png',
  'panel-high-contrast.png': '06-panel-high-contrast.png',
  'recent-customers.png': '04-recent-customers-pinned.png',
  'find-customer.png': '05-find-customer.png',
  // test/e2e/customersInFile.spec.ts
  'customers-in-file.png': 'customers-in-file.png',
  // test/e2e/privacy.spec.ts
  'screen-share-panel.png': 'screen-share-panel.png',
};

const missing = Object.values(SHOTS).filter((source) => !fs.existsSync(path.join(from, source)));
if (missing.length > 0) {
  console.error(
    `Missing in ${path.relative(root, from)}/: ${missing.join(', ')}. Run \`npm run test:e2e\` (without ROTOR_TEST_GREP) first.`,
  );
  process.exit(1);
}

fs.mkdirSync(to, { recursive: true });
for (const [name, source] of Object.entries(SHOTS)) {
  const dest = path.join(to, name);
  fs.copyFileSync(path.join(from, source), dest);
  console.log(
    `docs/screenshots/${name} <- .rotor-test/screenshots/${source} (${(fs.statSync(dest).size / 1024).toFixed(0)} KB)`,
  );
}
