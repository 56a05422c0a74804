// Regenerates the commands and settings tables in README.md from package.json, between
//   <!-- commands:start --> … <!-- commands:end -->   and   <!-- settings:start --> … <!-- settings:end -->
//
//   node scripts/updateReadmeTables.js          rewrite README.md
//   node scripts/updateReadmeTables.js --check  exit 1 when README.md is out of date
//
// test/unit/docs/readme.test.ts runs the same functions, so a command or setting added to
// package.json without running this fails the unit tests.
const fs = require('node:fs');
const path = require('node:path');

const GENERATED_NOTE =
  '<!-- Generated from package.json by `node scripts/updateReadmeTables.js`: edit package.json, not this table. -->';

/** Words for the context keys our `when` clauses use; anything else is shown as code. */
const CONTEXT_WORDS = {
  'rotor.hasApiKey': 'an API key is set',
  '!rotor.hasApiKey': 'no API key is set',
  'rotor.hasRecentCustomers': 'the recent list is not empty',
  'rotor.requestsPaused': 'Rotor said the daily quota is used up',
  'rotor.severalConnections': 'there is more than one connection',
  editorHasSelection: 'text is selected',
  "activeWebviewPanelId == 'rotor.customer'": 'a customer panel is active',
};

const SCOPE_WORDS = {
  application: 'User settings',
  machine: 'User settings (per machine)',
  'machine-overridable': 'User or workspace settings',
  window: 'User or workspace settings',
  resource: 'User, workspace or folder settings',
  'language-overridable': 'User, workspace, folder or language settings',
};

const MENU_WORDS = {
  'editor/context': 'editor context menu',
  'editor/title': 'editor title bar',
  'explorer/context': 'Explorer context menu',
};

/** Makes text safe inside one Markdown table cell: one line, no column breaks. */
function cell(text) {
  return String(text)
    .replace(/\r?\n+/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

function code(text) {
  return '`' + String(text).replace(/`/g, '\\`') + '`';
}

/** "ctrl+alt+u" → "Ctrl+Alt+U"; chords ("ctrl+k ctrl+o") keep their space. */
function formatKey(key) {
  const names = { ctrl: 'Ctrl', cmd: 'Cmd', alt: 'Alt', shift: 'Shift', meta: 'Meta', win: 'Win' };
  return key
    .split(' ')
    .map((chord) =>
      chord
        .split('+')
        .map(
          (part) =>
            names[part.toLowerCase()] ??
            (part.length === 1 ? part.toUpperCase() : part[0].toUpperCase() + part.slice(1)),
        )
        .join('+'),
    )
    .join(' ');
}

/** A `when` clause in words, without the `view == …` / `viewItem …` terms (the place says that). */
function describeWhen(when) {
  if (!when) return '';
  const terms = when
    .split('&&')
    .map((t) => t.trim())
    .filter((t) => t && !/^view\s*==/.test(t) && !/^viewItem\b/.test(t));
  return terms.map((t) => CONTEXT_WORDS[t] ?? code(t)).join(' and ');
}

function viewName(manifest, id) {
  for (const views of Object.values(manifest.contributes?.views ?? {})) {
    const view = views.find((v) => v.id === id);
    if (view) return view.name;
  }
  return id;
}

/** Where a user finds a command: the Command Palette (unless hidden) and the menus it is in. */
function commandPlaces(manifest, command) {
  const menus = manifest.contributes?.menus ?? {};
  const places = [];
  const palette = (menus.commandPalette ?? []).find((m) => m.command === command);
  if (!palette || !palette.when) places.push('Command Palette');
  else if (palette.when.trim() !== 'false') places.push(`Command Palette (when ${describeWhen(palette.when)})`);
  for (const [menu, entries] of Object.entries(menus)) {
    if (menu === 'commandPalette') continue;
    for (const entry of entries) {
      if (entry.command !== command) continue;
      const view = /\bview\s*==\s*([\w.-]+)/.exec(entry.when ?? '')?.[1];
      let place;
      if (menu === 'view/title' && view) place = `${viewName(manifest, view)} title bar`;
      else if (menu === 'view/item/context' && view) place = `${viewName(manifest, view)} items`;
      else place = MENU_WORDS[menu] ?? code(menu);
      const condition = describeWhen(entry.when);
      const text = condition && menu !== 'view/item/context' ? `${place} (when ${condition})` : place;
      if (!places.includes(text)) places.push(text);
    }
  }
  return places.length ? places.join('; ') : 'Links only (not in the Command Palette or menus)';
}

function keybindingFor(manifest, command) {
  const bindings = (manifest.contributes?.keybindings ?? []).filter((k) => k.command === command);
  return bindings
    .map((k) => {
      const main = k.key ? code(formatKey(k.key)) : '';
      const mac = k.mac && k.mac !== k.key ? ` (macOS ${code(formatKey(k.mac))})` : '';
      return main + mac;
    })
    .join(', ');
}

/** The commands table: Command Palette commands first, then menu- and link-only ones, each in package.json order. */
function commandsTable(manifest) {
  const commands = manifest.contributes?.commands ?? [];
  const hidden = (c) =>
    (manifest.contributes?.menus?.commandPalette ?? []).some(
      (m) => m.command === c.command && m.when?.trim() === 'false',
    );
  const ordered = [...commands.filter((c) => !hidden(c)), ...commands.filter(hidden)];
  const rows = ordered.map((c) => {
    // Menus show the plain title; the Command Palette shows "Category: Title".
    const title = c.category && !hidden(c) ? `${c.category}: ${c.title}` : c.title;
    return `| ${cell(title)} | ${code(c.command)} | ${cell(keybindingFor(manifest, c.command))} | ${cell(commandPlaces(manifest, c.command))} |`;
  });
  return [GENERATED_NOTE, '', '| Command | ID | Key | Where |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function configurationProperties(manifest) {
  const configuration = manifest.contributes?.configuration;
  const sections = Array.isArray(configuration) ? configuration : configuration ? [configuration] : [];
  return sections.flatMap((s) => Object.entries(s.properties ?? {}));
}

function describeDefault(schema) {
  const value = 'default' in schema ? code(JSON.stringify(schema.default)) : '(none)';
  const min = schema.minimum;
  const max = schema.maximum;
  let range = '';
  if (min !== undefined && max !== undefined) range = ` (${min}–${max})`;
  else if (min !== undefined) range = ` (at least ${min})`;
  else if (max !== undefined) range = ` (at most ${max})`;
  return value + range;
}

function describeSetting(schema) {
  let text = schema.markdownDescription ?? schema.description ?? '';
  if (Array.isArray(schema.enum)) {
    const values = schema.enum.map((v, i) => {
      const about = schema.markdownEnumDescriptions?.[i] ?? schema.enumDescriptions?.[i];
      return about ? `${code(v)}: ${about}` : code(v);
    });
    text += ` One of ${values.join('; ')}.`;
  }
  if (schema.markdownDeprecationMessage ?? schema.deprecationMessage)
    text += ` Deprecated: ${schema.markdownDeprecationMessage ?? schema.deprecationMessage}`;
  return text;
}

/** The settings table, in package.json order. */
function settingsTable(manifest) {
  const rows = configurationProperties(manifest).map(
    ([name, schema]) =>
      `| ${code(name)} | ${cell(describeDefault(schema))} | ${cell(SCOPE_WORDS[schema.scope ?? 'window'] ?? schema.scope)} | ${cell(describeSetting(schema))} |`,
  );
  return [
    GENERATED_NOTE,
    '',
    '| Setting | Default | Can be set in | Description |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** Replaces what lies between `<!-- name:start -->` and `<!-- name:end -->`; throws when the markers are missing. */
function replaceBetween(text, name, content) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no "${start}" … "${end}" markers.`);
  return text.slice(0, from + start.length) + '\n' + content + '\n' + text.slice(to);
}

/** README text with both tables regenerated from the manifest. */
function renderReadme(readme, manifest) {
  return replaceBetween(
    replaceBetween(readme, 'commands', commandsTable(manifest)),
    'settings',
    settingsTable(manifest),
  );
}

function main() {
  const root = path.join(__dirname, '..');
  const readmePath = path.join(root, 'README.md');
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const readme = fs.readFileSync(readmePath, 'utf8');
  const updated = renderReadme(readme, manifest);
  if (process.argv.includes('--check')) {
    if (updated !== readme) {
      console.error('README.md tables differ from package.json. Run: node scripts/updateReadmeTables.js');
      process.exit(1);
    }
    console.log('README.md tables match package.json.');
    return;
  }
  if (updated === readme) {
    console.log('README.md tables already match package.json.');
    return;
  }
  fs.writeFileSync(readmePath, updated);
  console.log('README.md tables updated from package.json.');
}

if (require.main === module) main();

module.exports = { commandsTable, settingsTable, renderReadme, formatKey, describeWhen };
