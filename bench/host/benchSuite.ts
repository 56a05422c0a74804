import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import {
  type ActivationSample,
  type HostBenchConfig,
  type HostBenchResults,
  type HostExtension,
  type HostMarks,
  type PaintEvent,
} from './protocol';

/**
 * The in-host half of benchmarks 1, 3 and 8: loaded by the extension host as `extensionTestsPath`
 * (like an integration test run), it measures, writes its numbers to `resultsFile` and returns.
 * The launcher (bench/inHost.ts) computes the figures.
 */
const log = (line: string): void => console.log(`[rotor-bench] ${line}`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** Wall-clock milliseconds with sub-ms resolution, comparable with the page's (same machine). */
const epochNow = (): number => performance.timeOrigin + performance.now();
const errorText = (e: unknown): string => (e instanceof Error ? (e.stack ?? e.message) : String(e));

export async function run(): Promise<void> {
  const configFile = process.env.ROTOR_BENCH_CONFIG;
  if (!configFile) throw new Error('ROTOR_BENCH_CONFIG is not set: run this through bench/inHost.ts');
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as HostBenchConfig;
  const results: HostBenchResults = { vscodeVersion: vscode.version, node: process.version };
  const save = (): void => fs.writeFileSync(config.resultsFile, JSON.stringify(results, null, 2));
  if (config.phase === 'activation') {
    try {
      results.activation = await activationBench(config);
    } catch (e) {
      results.activationError = errorText(e);
    }
    save();
    return;
  }
  try {
    // The real activations, first thing in a fresh host; the features below need ours active.
    const empty = await hostActivation(config.empty);
    const ours = await hostActivation(config.ours);
    results.hostMarks = { ours, empty };
  } catch (e) {
    results.hostMarksError = errorText(e);
  }
  save();
  try {
    results.hover = await hoverBench(config);
  } catch (e) {
    results.hoverError = errorText(e);
  }
  save();
  try {
    results.panel = await panelBench(config);
  } catch (e) {
    results.panelError = errorText(e);
  }
  save();
}

// ---------------------------------------------------------------------------------------------
// 1. Activation

interface Disposable {
  dispose(): unknown;
}

/** An ExtensionContext with what an activate() touches; the host builds the same kind of object. */
function benchContext(ext: HostExtension): { context: vscode.ExtensionContext; dispose(): void } {
  const subscriptions: Disposable[] = [];
  const memento = () => {
    const values = new Map<string, unknown>();
    return {
      keys: () => [...values.keys()],
      get: (key: string, fallback?: unknown) => (values.has(key) ? values.get(key) : fallback),
      update: (key: string, value: unknown) => {
        values.set(key, value);
        return Promise.resolve();
      },
      setKeysForSync: () => undefined,
    };
  };
  const secretValues = new Map<string, string>();
  const secretsChanged = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  const secrets = {
    get: (key: string) => Promise.resolve(secretValues.get(key)),
    keys: () => Promise.resolve([...secretValues.keys()]),
    store: (key: string, value: string) => {
      secretValues.set(key, value);
      secretsChanged.fire({ key });
      return Promise.resolve();
    },
    delete: (key: string) => {
      secretValues.delete(key);
      secretsChanged.fire({ key });
      return Promise.resolve();
    },
    onDidChange: secretsChanged.event,
  };
  const storage = path.join(ext.dir, '.bench-storage');
  const context = {
    subscriptions,
    extensionUri: vscode.Uri.file(ext.dir),
    extensionPath: ext.dir,
    asAbsolutePath: (p: string) => path.join(ext.dir, p),
    globalState: memento(),
    workspaceState: memento(),
    secrets,
    storageUri: vscode.Uri.file(path.join(storage, 'workspace')),
    globalStorageUri: vscode.Uri.file(path.join(storage, 'global')),
    logUri: vscode.Uri.file(path.join(storage, 'log')),
    storagePath: path.join(storage, 'workspace'),
    globalStoragePath: path.join(storage, 'global'),
    logPath: path.join(storage, 'log'),
    extensionMode: vscode.ExtensionMode.Production,
    extension: vscode.extensions.getExtension(ext.id),
  } as unknown as vscode.ExtensionContext;
  return {
    context,
    dispose: () => {
      for (const d of subscriptions.splice(0).reverse()) {
        try {
          d.dispose();
        } catch {
          // A failing dispose must not stop the others.
        }
      }
      secretsChanged.dispose();
    },
  };
}

/**
 * One sample: `require()` of a fresh copy of the extension's main file, then `activate(context)`.
 * The copy sits next to the original (so `require('vscode')` resolves to this extension's API and
 * relative requires work) and ends with a unique comment, so V8 cannot reuse code compiled for an
 * earlier sample: every sample pays the parse and compile a real activation pays.
 */
async function activationSample(ext: HostExtension, n: number): Promise<ActivationSample> {
  const main = path.join(ext.dir, ext.main);
  const copy = path.join(path.dirname(main), `bench-copy-${n}.js`);
  fs.writeFileSync(copy, `${fs.readFileSync(main, 'utf8')}\n// activation sample ${n}\n`);
  const { context, dispose } = benchContext(ext);
  try {
    const t0 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(copy) as { activate?: (context: vscode.ExtensionContext) => unknown };
    const t1 = performance.now();
    const returned = module.activate?.(context);
    if (returned instanceof Promise) await returned;
    const t2 = performance.now();
    // Let fire-and-forget work started by activate (setContext, the log channel) finish before disposing.
    await sleep(300);
    return { loadMs: t1 - t0, activateMs: t2 - t1 };
  } finally {
    dispose();
    delete require.cache[copy];
    fs.rmSync(copy, { force: true });
  }
}

interface PerfMark {
  readonly name: string;
  readonly startTime: number;
}

/** The extension host's own performance marks (vs/base/common/performance keeps them on globalThis). */
function hostMarks(): PerfMark[] {
  const marks = (globalThis as { MonacoPerformanceMarks?: { getMarks(): PerfMark[] } }).MonacoPerformanceMarks;
  return marks?.getMarks() ?? [];
}

async function hostActivation(ext: HostExtension): Promise<HostMarks> {
  const extension = vscode.extensions.getExtension(ext.id);
  if (!extension) throw new Error(`${ext.id} is not loaded in the extension host`);
  if (extension.isActive) throw new Error(`${ext.id} was already active: its activation cannot be measured`);
  const t0 = performance.now();
  await extension.activate();
  const apiActivateMs = performance.now() - t0;
  const mark = (what: string): number | undefined =>
    hostMarks().find((m) => m.name === `code/extHost/${what}/${ext.id}`)?.startTime;
  const willLoad = mark('willLoadExtensionCode');
  const didLoad = mark('didLoadExtensionCode');
  const willActivate = mark('willActivateExtension');
  const didActivate = mark('didActivateExtension');
  const diff = (a?: number, b?: number): number | undefined => (a === undefined || b === undefined ? undefined : b - a);
  return {
    apiActivateMs,
    ...(diff(willLoad, didLoad) === undefined ? {} : { loadCodeMs: diff(willLoad, didLoad) }),
    ...(diff(willActivate, didActivate) === undefined ? {} : { activateCallMs: diff(willActivate, didActivate) }),
    ...(diff(willLoad, didActivate) === undefined ? {} : { totalMs: diff(willLoad, didActivate) }),
  };
}

async function activationBench(config: HostBenchConfig): Promise<NonNullable<HostBenchResults['activation']>> {
  const ours: ActivationSample[] = [];
  const empty: ActivationSample[] = [];
  // One discarded sample each: the first `require('vscode')` of an extension builds its API object.
  await activationSample(config.ours, 0);
  await activationSample(config.empty, 0);
  for (let i = 1; i <= config.activationSamples; i++) {
    if (i % 2 === 1) {
      ours.push(await activationSample(config.ours, i));
      empty.push(await activationSample(config.empty, i));
    } else {
      empty.push(await activationSample(config.empty, i));
      ours.push(await activationSample(config.ours, i));
    }
  }
  log(`activation: ${config.activationSamples} samples each`);
  return { ours, empty };
}

// ---------------------------------------------------------------------------------------------
// 3. Cached hover

interface OurServices {
  readonly store: {
    prime(customer: unknown, fetchedAt: number): void;
    peek(id: string): { fresh: boolean } | undefined;
  };
  readonly apiKey: {
    get(): Promise<string | undefined>;
    set(key: string): Promise<void>;
    onDidChange(listener: () => void): { dispose(): void };
  };
}

function ourServices(config: HostBenchConfig): OurServices {
  const extension = vscode.extensions.getExtension<{ services?: OurServices }>(config.ours.id);
  const services = extension?.exports?.services;
  if (!extension?.isActive || !services) throw new Error(`${config.ours.id} is not active or exports no services`);
  return services;
}

/** Requests the sandbox has received for customers so far (its control API). */
async function sandboxCustomerRequests(config: HostBenchConfig): Promise<number> {
  const response = await fetch(`${config.sandboxControl}stats`);
  const body = (await response.json()) as { data: { byRoute: { customer: number } } };
  return body.data.byRoute.customer;
}

function hoverText(hovers: readonly vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .map((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n'))
    .join('\n---\n');
}

async function primeCustomer(config: HostBenchConfig): Promise<void> {
  const services = ourServices(config);
  if ((await services.apiKey.get()) !== config.apiKey) {
    // Realistic: a key is set. A new key clears the cache twice: once in set(), once more when
    // the secret storage's change event comes back from the workbench. Wait for both (bounded).
    let changes = 0;
    const counted = new Promise<void>((resolve) => {
      const sub = services.apiKey.onDidChange(() => {
        if (++changes >= 2) {
          sub.dispose();
          resolve();
        }
      });
      void sleep(10_000).then(() => {
        sub.dispose();
        resolve();
      });
    });
    try {
      await services.apiKey.set(config.apiKey);
    } catch (e) {
      log(`could not store the API key (${errorText(e).split('\n')[0]}); continuing without one`);
    }
    await counted;
    await sleep(200);
  }
  const { id, firstName, lastName, companyName } = config.customer;
  services.store.prime(
    {
      id,
      firstName,
      lastName,
      companyName,
      email: 'bench@example.invalid',
      status: 'active',
      tags: ['bench'],
      otherFields: {},
    },
    Date.now(),
  );
  if (!services.store.peek(id)?.fresh) throw new Error('the primed customer is not in the cache');
}

async function hoverBench(config: HostBenchConfig): Promise<NonNullable<HostBenchResults['hover']>> {
  await primeCustomer(config);
  const customerUri = vscode.Uri.file(config.hover.customerFile);
  const trivialUri = vscode.Uri.file(config.hover.trivialFile);
  const staticUri = vscode.Uri.file(config.hover.staticFile);
  // The baseline providers: registered for every document like ours, each answering only in its
  // own file. Every call thus runs all three providers: one answers, the others decline.
  const answerIn = (uri: vscode.Uri, hover: () => vscode.MarkdownString | undefined): vscode.Disposable =>
    vscode.languages.registerHoverProvider('*', {
      provideHover(document, position) {
        if (document.uri.toString() !== uri.toString()) return undefined;
        const contents = hover();
        return contents && new vscode.Hover(contents, document.getWordRangeAtPosition(position));
      },
    });
  let ourContent: vscode.MarkdownString | undefined;
  const trivial = answerIn(trivialUri, () => new vscode.MarkdownString('**trivial** hover'));
  const fixed = answerIn(staticUri, () => ourContent);
  try {
    await vscode.workspace.openTextDocument(customerUri);
    await vscode.workspace.openTextDocument(trivialUri);
    await vscode.workspace.openTextDocument(staticUri);
    const position = new vscode.Position(config.hover.line, config.hover.character);
    const call = async (uri: vscode.Uri): Promise<{ ms: number; text: string; hovers: readonly vscode.Hover[] }> => {
      const t0 = performance.now();
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
      const ms = performance.now() - t0;
      return { ms, text: hoverText(hovers), hovers: hovers ?? [] };
    };
    const requestsBefore = await sandboxCustomerRequests(config);
    const first = await call(customerUri);
    const oursText = first.text;
    const trivialText = (await call(trivialUri)).text;
    if (!oursText.includes(config.customer.lastName)) {
      // Say why: the same lookup the hover makes, with the raw error if it throws.
      const lookup = (
        vscode.extensions.getExtension(config.ours.id)?.exports as
          { services?: { lookup?: { lookup(id: string, o: object): Promise<unknown> } } } | undefined
      )?.services?.lookup;
      const direct = await lookup?.lookup(config.customer.id, { priority: 'background' }).then(
        (r) => `lookup answered ${JSON.stringify(r).slice(0, 200)}`,
        (e: unknown) => `lookup threw ${errorText(e).slice(0, 600)}`,
      );
      throw new Error(
        `our hover does not show the cached customer: ${JSON.stringify(oursText.slice(0, 300))}; ${direct ?? 'no lookup service'}`,
      );
    }
    if (!trivialText.includes('trivial'))
      throw new Error(`the trivial hover is missing: ${JSON.stringify(trivialText.slice(0, 300))}`);
    // Our hover's content as it came back (markdown, theme icons, trusted commands), served as is.
    const returned = first.hovers
      .flatMap((h) => h.contents)
      .find(
        (c): c is vscode.MarkdownString =>
          typeof c !== 'string' && 'value' in c && c.value.includes(config.customer.lastName),
      );
    if (!returned) throw new Error('our hover returned no markdown to serve statically');
    ourContent = new vscode.MarkdownString(returned.value, returned.supportThemeIcons);
    ourContent.isTrusted = returned.isTrusted ?? false;
    if ((await call(staticUri)).text !== returned.value)
      throw new Error('the static provider does not serve our hover content');

    const arms = [
      { uri: customerUri, ms: [] as number[] },
      { uri: trivialUri, ms: [] as number[] },
      { uri: staticUri, ms: [] as number[] },
    ];
    for (let i = 0; i < config.hoverWarmup; i++) for (const arm of arms) await call(arm.uri);
    for (let i = 0; i < config.hoverCalls; i++) {
      // Rotate which arm goes first, so whatever the previous call left behind hits all alike.
      for (let k = 0; k < arms.length; k++) {
        const arm = arms[(i + k) % arms.length]!;
        arm.ms.push((await call(arm.uri)).ms);
      }
    }
    log(`hover: ${config.hoverCalls} calls each`);
    const sandboxRequestsDuring = (await sandboxCustomerRequests(config)) - requestsBefore;
    return {
      oursMs: arms[0]!.ms,
      trivialMs: arms[1]!.ms,
      staticMs: arms[2]!.ms,
      warmup: config.hoverWarmup,
      oursText: oursText.slice(0, 2000),
      trivialText,
      sandboxRequestsDuring,
    };
  } finally {
    trivial.dispose();
    fixed.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// 8. Panel

/** Reads paint events the launcher appends, from where the last read stopped. */
class PaintEvents {
  private offset = 0;
  private pending = '';
  private readonly seen: PaintEvent[] = [];

  constructor(private readonly file: string) {}

  private read(): void {
    if (!fs.existsSync(this.file)) return;
    const text = fs.readFileSync(this.file, 'utf8');
    this.pending += text.slice(this.offset);
    this.offset = text.length;
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) this.seen.push(JSON.parse(line) as PaintEvent);
  }

  /** The first paint of `marker` at or after `since`, polling the file; undefined on timeout. */
  async next(marker: string, since: number, timeoutMs: number): Promise<PaintEvent | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.read();
      const index = this.seen.findIndex((e) => e.marker === marker && e.t >= since);
      if (index >= 0) return this.seen.splice(index, 1)[0];
      if (Date.now() > deadline) return undefined;
      await sleep(10);
    }
  }
}

function emptyPageHtml(marker: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none';"><title>Empty</title></head><body><p>${marker}</p></body></html>`;
}

async function panelBench(config: HostBenchConfig): Promise<NonNullable<HostBenchResults['panel']>> {
  await primeCustomer(config);
  const events = new PaintEvents(config.paintEventsFile);
  // The baseline: an empty webview panel opened by a command, as ours is.
  const command = vscode.commands.registerCommand('rotorBench.openEmptyPanel', () => {
    const panel = vscode.window.createWebviewPanel(
      'rotorBench.empty',
      'Empty',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      {},
    );
    panel.webview.html = emptyPageHtml(config.paintMarkers.empty);
  });
  const timeouts = { ours: 0, empty: 0 };
  const open = async (arm: 'ours' | 'empty'): Promise<number | undefined> => {
    const marker = config.paintMarkers[arm];
    const since = epochNow();
    const painted = events.next(marker, since, 20_000);
    if (arm === 'ours') await vscode.commands.executeCommand('rotor.openCustomer', config.customer.id);
    else await vscode.commands.executeCommand('rotorBench.openEmptyPanel');
    const event = await painted;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sleep(400);
    if (!event) {
      timeouts[arm]++;
      return undefined;
    }
    return event.t - since;
  };
  try {
    const requestsBefore = await sandboxCustomerRequests(config);
    // One discarded open each: the first webview of a session loads the webview host page.
    await open('empty');
    await open('ours');
    const oursMs: number[] = [];
    const emptyMs: number[] = [];
    const push = (into: number[], value: number | undefined): void => {
      if (value !== undefined) into.push(value);
    };
    for (let i = 0; i < config.panelOpens; i++) {
      if (i % 2 === 0) {
        push(oursMs, await open('ours'));
        push(emptyMs, await open('empty'));
      } else {
        push(emptyMs, await open('empty'));
        push(oursMs, await open('ours'));
      }
    }
    log(`panel: ${config.panelOpens} opens each (${timeouts.ours + timeouts.empty} timed out)`);
    const sandboxRequestsDuring = (await sandboxCustomerRequests(config)) - requestsBefore;
    return { oursMs, emptyMs, timeouts, sandboxRequestsDuring };
  } finally {
    command.dispose();
  }
}
