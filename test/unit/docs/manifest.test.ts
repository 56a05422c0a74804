import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, readManifest, settingsOf } from './repoRoot';

const manifest = readManifest();
const commandIds = new Set((manifest.contributes.commands ?? []).map((c) => c.command));
const viewIds = new Set(Object.values(manifest.contributes.views ?? {}).flatMap((views) => views.map((v) => v.id)));
const manifestText = fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8');

describe('settings contributed in package.json', () => {
  const settings = settingsOf(manifest);

  it('exist', () => assert.ok(settings.length > 0));

  for (const [name, schema] of settings) {
    it(`${name} has a description, a default and a scope`, () => {
      assert.ok((schema.markdownDescription ?? schema.description ?? '').trim().length > 10, `${name}: no description`);
      assert.ok('default' in schema, `${name}: no default`);
      assert.ok(schema.scope, `${name}: no scope`);
      if (typeof schema.default === 'number') {
        if (schema.minimum !== undefined) assert.ok(schema.default >= schema.minimum, `${name}: default below minimum`);
        if (schema.maximum !== undefined) assert.ok(schema.default <= schema.maximum, `${name}: default above maximum`);
      }
    });
  }

  it('lets no workspace choose where the API key is sent', () => {
    const [, baseUrl] = settings.find(([name]) => name === 'rotor.apiBaseUrl') ?? [];
    assert.ok(baseUrl, 'rotor.apiBaseUrl is not contributed');
    assert.ok(
      baseUrl.scope === 'machine' || baseUrl.scope === 'application',
      'rotor.apiBaseUrl must be machine or application scoped',
    );
    assert.ok(manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations?.includes('rotor.apiBaseUrl'));
  });
});

describe('the getting-started walkthrough', () => {
  const walkthrough = (manifest.contributes.walkthroughs ?? []).find((w) => w.id === 'rotor.gettingStarted');

  it('goes: set the key, open a customer, hover a UUID, the recent tree', () => {
    assert.ok(walkthrough, 'no walkthrough rotor.gettingStarted');
    assert.equal(walkthrough.title, 'Get started with Rotor Customer Lookup');
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ['rotor.setApiKey', 'rotor.openCustomer', 'rotor.hoverUuid', 'rotor.recentCustomers'],
    );
    const events = walkthrough.steps.map((s) => s.completionEvents ?? []);
    assert.deepEqual(events[0], ['onContext:rotor.hasApiKey']);
    assert.deepEqual(events[1], ['onCommand:rotor.openCustomer']);
    assert.deepEqual(events[3], ['onView:rotor.recentCustomers']);
  });

  it('has a markdown page for every step, and every page exists', () => {
    for (const step of walkthrough?.steps ?? []) {
      assert.ok(step.media.markdown, `${step.id}: no markdown media`);
      assert.match(step.media.markdown, /^media\/walkthrough\/[\w-]+\.md$/);
      const text = fs.readFileSync(path.join(REPO_ROOT, step.media.markdown), 'utf8');
      assert.ok(text.startsWith('# '), `${step.media.markdown} should start with a heading`);
    }
  });

  it('links only to commands, views and context keys that exist', () => {
    for (const step of walkthrough?.steps ?? []) {
      for (const [, command] of step.description.matchAll(/\(command:([\w.]+)/g)) {
        const known =
          commandIds.has(command!) ||
          command!.startsWith('workbench.') ||
          viewIds.has(command!.replace(/\.focus$/, ''));
        assert.ok(known, `${step.id} links to unknown command ${command}`);
      }
      for (const event of step.completionEvents ?? []) {
        const [kind, value = ''] = event.split(':', 2) as [string, string | undefined];
        if (kind === 'onCommand') assert.ok(commandIds.has(value), `${step.id}: ${event} names no contributed command`);
        else if (kind === 'onView') assert.ok(viewIds.has(value), `${step.id}: ${event} names no contributed view`);
        // A context key the extension sets is used in its own when clauses.
        else if (kind === 'onContext')
          assert.ok(
            manifestText.includes(`"${value}"`) ||
              manifestText.includes(`${value} `) ||
              manifestText.includes(`!${value}`),
            `${step.id}: ${event} is not a context key this extension uses`,
          );
        else
          assert.ok(
            ['onStepSelected', 'onSettingChanged', 'onLink', 'onEvent'].includes(kind),
            `${step.id}: unknown completion event ${event}`,
          );
      }
    }
  });
});

describe('icons', () => {
  it('every view container and view icon exists; the activity-bar one is monochrome SVG', () => {
    const icons = [
      ...Object.values(manifest.contributes.viewsContainers ?? {}).flatMap((list) => list.map((c) => c.icon)),
      ...Object.values(manifest.contributes.views ?? {}).flatMap((list) => list.map((v) => v.icon)),
    ].filter((i): i is string => typeof i === 'string' && !i.startsWith('$('));
    assert.ok(icons.length > 0);
    for (const icon of icons) {
      assert.ok(fs.existsSync(path.join(REPO_ROOT, icon)), `${icon} is missing`);
      assert.match(icon, /\.svg$/, `${icon}: activity-bar icons should be SVG`);
      const svg = fs.readFileSync(path.join(REPO_ROOT, icon), 'utf8');
      // VS Code tints activity-bar icons; colours other than currentColor would show as drawn.
      const colours = [...svg.matchAll(/(?:fill|stroke|stop-color)\s*[=:]\s*["']?([^"';\s>]+)/g)].map((m) =>
        m[1]!.toLowerCase(),
      );
      assert.deepEqual(
        colours.filter((c) => c !== 'none' && c !== 'currentcolor'),
        [],
        `${icon} should use only currentColor`,
      );
    }
  });
});
