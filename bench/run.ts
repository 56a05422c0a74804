import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderReport, type MachineInfo } from './lib/report';
import { type BenchResult, verdict } from './lib/result';
import { hostNeeds } from '../test/harness/prepareHost';
import { ensurePrerequisites, MissingPrerequisitesError } from '../test/harness/prerequisites';
import { failedResult, REPO_ROOT, RESULT_PREFIX } from './lib/script';

interface Bench {
  readonly file: string;
  /** The results it produces, in report order, with their titles for a failed run. */
  readonly produces: readonly { readonly id: string; readonly title: string }[];
  readonly nodeArgs?: readonly string[];
  /** Needs code-server and a browser. */
  readonly inHost?: boolean;
}

/** Pure and Node benchmarks first (cheap, most telling), then the one that starts VS Code. */
const BENCHES: readonly Bench[] = [
  { file: 'bundleSize.js', produces: [{ id: 'bundleSize', title: '2. Bundle and package size' }] },
  { file: 'uncachedLookup.js', produces: [{ id: 'uncachedLookup', title: '4. Uncached lookup' }] },
  { file: 'recognition.js', produces: [{ id: 'recognition', title: '5. Recognition throughput' }] },
  { file: 'quota.js', produces: [{ id: 'quota', title: '6. Quota efficiency' }] },
  { file: 'memory.js', produces: [{ id: 'memory', title: '7. Memory' }], nodeArgs: ['--expose-gc'] },
  { file: 'customersInFile.js', produces: [{ id: 'customersInFile', title: '9. Customers in File' }] },
  {
    file: 'inHost.js',
    inHost: true,
    produces: [
      { id: 'activation', title: '1. Activation cost' },
      { id: 'hover', title: '3. Cached hover' },
      { id: 'panel', title: '8. Panel' },
      { id: 'coldHover', title: '10. Cold first hover' },
      { id: 'panelFromHover', title: '11. Panel from a hover' },
      { id: 'bigLog', title: '12. Big logs' },
      { id: 'agentTools', title: '13. Agent tools' },
    ],
  },
];

const REPORT_ORDER = [
  'activation',
  'bundleSize',
  'hover',
  'uncachedLookup',
  'recognition',
  'quota',
  'memory',
  'panel',
  'customersInFile',
  'coldHover',
  'panelFromHover',
  'bigLog',
  'agentTools',
];

function runBench(bench: Bench, quick: boolean): Promise<BenchResult[]> {
  const file = path.join(__dirname, bench.file);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...(bench.nodeArgs ?? []), file, ...(quick ? ['--quick'] : [])], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('close', (code, signal) => {
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code === 0 && line) {
        resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as BenchResult[]);
      } else {
        const why = `${bench.file} exited with ${signal ?? code}${stdout.trim() ? `: ${stdout.trim().slice(-2000)}` : ' (see its output above)'}`;
        resolve(bench.produces.map((p) => failedResult(p.id, p.title, quick, why)));
      }
    });
  });
}

function tryRun(command: string, args: readonly string[]): string {
  try {
    return execFileSync(command, args, {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

function packageVersion(name: string): string {
  try {
    return (
      JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return 'unknown';
  }
}

function commit(): string {
  const head = tryRun('git', ['rev-parse', '--short', 'HEAD']);
  // BENCHMARKS.md is this script's output: an earlier run's copy does not make the code dirty.
  const dirty = tryRun('git', ['status', '--porcelain', '--', '.', ':(exclude)BENCHMARKS.md']) !== '';
  return `${head}${dirty ? ' + uncommitted changes in the working tree' : ''}`;
}

/**
 * `npm run bench`: runs every benchmark, each in its own Node process, and writes BENCHMARKS.md.
 *   --quick     tiny sizes, one iteration (for `npm test`); writes out/bench/BENCHMARKS.quick.md
 *   --no-host   skip the benchmarks that start code-server (1, 3, 8, 10–13)
 *   --only=a,b  only these files' benchmarks (bundleSize, uncachedLookup, recognition, quota, memory, customersInFile, inHost)
 *   --strict    exit 1 when a figure misses its target (by default only a benchmark that fails to run does)
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick') || process.env.ROTOR_BENCH_QUICK === '1';
  const noHost = args.includes('--no-host');
  const strict = args.includes('--strict');
  const only = args
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const selected = BENCHES.filter(
    (b) => (!only || only.includes(b.file.replace(/\.js$/, ''))) && !(noHost && b.inHost),
  );
  // Every system package the selected benchmarks use, before the first one runs.
  const ripgrep = selected.some((b) => b.file === 'recognition.js');
  ensurePrerequisites(
    selected.some((b) => b.inHost) ? hostNeeds({ browser: true, ripgrep }) : ripgrep ? ['ripgrep'] : [],
  );

  const loadAverageStart = os.loadavg();
  const results: BenchResult[] = [];
  for (const bench of selected) {
    process.stderr.write(`\n== ${bench.produces.map((p) => p.title).join(', ')}${quick ? ' (quick)' : ''}\n`);
    results.push(...(await runBench(bench, quick)));
  }
  results.sort((a, b) => REPORT_ORDER.indexOf(a.id) - REPORT_ORDER.indexOf(b.id));

  const hostRaw = results.find((r) => r.id === 'activation' && !r.error)?.raw as
    { vscodeVersion?: string; extensionHostNode?: string; codeServer?: string } | undefined;
  const viaNpm = process.env.npm_lifecycle_event === 'bench';
  const invoked = `node ${path.relative(REPO_ROOT, __filename)}${args.length ? ` ${args.join(' ')}` : ''}`;
  const machine: MachineInfo = {
    date: new Date().toISOString(),
    command: viaNpm ? `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}` : invoked,
    runs: viaNpm ? `npm run build, npm run compile-tests, then ${invoked}` : invoked,
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: os.totalmem() / 1024 ** 3,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverageStart,
    loadAverageEnd: os.loadavg(),
    tools: {
      ripgrep:
        tryRun('rg', ['--version'])
          .split('\n')[0]
          ?.replace(/^ripgrep /, '') ?? 'unknown',
      esbuild: packageVersion('esbuild'),
      undici: packageVersion('undici'),
      '@vscode/vsce': packageVersion('@vscode/vsce'),
      'playwright-core': packageVersion('playwright-core'),
      chromium: tryRun(process.env.CHROMIUM || '/usr/bin/chromium', ['--version']),
    },
    commit: commit(),
    ...(hostRaw?.vscodeVersion
      ? {
          extensionHost: {
            vscode: hostRaw.vscodeVersion,
            node: hostRaw.extensionHostNode ?? 'unknown',
            host: `code-server ${hostRaw.codeServer ?? 'unknown'}`,
          },
        }
      : {}),
  };

  const report = renderReport(results, machine, quick);
  const target = quick
    ? path.join(REPO_ROOT, 'out', 'bench', 'BENCHMARKS.quick.md')
    : path.join(REPO_ROOT, 'BENCHMARKS.md');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, report);

  process.stderr.write('\n');
  for (const r of results) {
    if (r.error) process.stderr.write(`✗ ${r.title}: did not run\n`);
    for (const f of r.figures)
      process.stderr.write(
        `${verdict(f).padEnd(4)}  ${r.title} — ${f.name}: ${Number.isFinite(f.ratio) ? f.ratio.toFixed(2) : '—'}×\n`,
      );
  }
  process.stderr.write(`\nWrote ${path.relative(REPO_ROOT, target)}\n`);
  const errored = results.some((r) => r.error);
  const missed = results.some((r) => r.figures.some((f) => verdict(f) === 'FAIL'));
  process.exitCode = errored || (strict && missed) ? 1 : 0;
}

main().catch((error: unknown) => {
  if (error instanceof MissingPrerequisitesError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
