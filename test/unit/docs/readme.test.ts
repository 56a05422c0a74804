import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { REPO_ROOT, readManifest, settingsOf } from './repoRoot';

/** scripts/updateReadmeTables.js, which regenerates the tables (plain JS: it runs without a build). */
interface ReadmeTables {
  renderReadme(readme: string, manifest: unknown): string;
  commandsTable(manifest: unknown): string;
  settingsTable(manifest: unknown): string;
}

const tables = createRequire(path.join(REPO_ROOT, 'package.json'))('./scripts/updateReadmeTables.js') as ReadmeTables;
const FIX = 'Run `node scripts/updateReadmeTables.js` to regenerate the README tables from package.json.';

function readme(): string {
  return fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
}

/** The lines between two marker comments. */
function section(text: string, name: string): string {
  const start = text.indexOf(`<!-- ${name}:start -->`);
  const end = text.indexOf(`<!-- ${name}:end -->`);
  assert.ok(start >= 0 && end > start, `README.md lost its <!-- ${name}:start --> / <!-- ${name}:end --> markers`);
  return text.slice(start, end);
}

describe('README.md', () => {
  it('has the commands and settings tables of the current package.json', () => {
    const text = readme();
    const manifest = readManifest();
    // Compare the sections first: a failure then names the table that is behind.
    assert.equal(
      section(text, 'commands'),
      section(tables.renderReadme(text, manifest), 'commands'),
      `The commands table is out of date. ${FIX}`,
    );
    assert.equal(
      section(text, 'settings'),
      section(tables.renderReadme(text, manifest), 'settings'),
      `The settings table is out of date. ${FIX}`,
    );
  });

  it('lists every contributed command and setting', () => {
    const text = readme();
    const manifest = readManifest();
    for (const c of manifest.contributes.commands ?? [])
      assert.ok(
        section(text, 'commands').includes(`\`${c.command}\``),
        `${c.command} is not in the commands table. ${FIX}`,
      );
    for (const [name] of settingsOf(manifest))
      assert.ok(section(text, 'settings').includes(`\`${name}\``), `${name} is not in the settings table. ${FIX}`);
  });

  it('keeps a table cell on one line even when a description has a pipe or a line break', () => {
    const table = tables.settingsTable({
      contributes: {
        configuration: {
          properties: {
            'rotor.x': { type: 'string', default: 'a|b', scope: 'machine', description: 'one | two\nthree' },
          },
        },
      },
    });
    const row = table.split('\n').find((l) => l.startsWith('| `rotor.x`'));
    assert.equal(row, '| `rotor.x` | `"a\\|b"` | User settings (per machine) | one \\| two three |');
  });

  it('links only to files that exist (vsce rewrites relative links against the GitHub repository)', () => {
    const text = readme();
    const relative = [
      ...text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)[^)]*\)/g),
      ...text.matchAll(/<(?:img|video)[^>]+src=["']([^"']+)["']/g),
    ]
      .map((m) => m[1]!)
      .filter((link) => !/^[a-z][\w+.-]*:/i.test(link) && !link.startsWith('#'));
    const missing = relative.filter((link) => !fs.existsSync(path.join(REPO_ROOT, link.split('#')[0]!)));
    assert.deepEqual(missing, [], 'README links to files that do not exist');
  });
});
