// Prints the size of the .vsix that `vsce package` just wrote (run by `npm run package`).
// vsce names it `<name>-<version>.vsix` in the project root.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const { name, version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const file = `${name}-${version}.vsix`;

let size;
try {
  size = fs.statSync(path.join(root, file)).size;
} catch {
  console.error(`${file} not found: did vsce package write it somewhere else (--out)?`);
  process.exit(1);
}
console.log(`${file}: ${(size / 1024).toFixed(1)} KB (${size.toLocaleString('en-US')} bytes)`);
