import { spawn } from 'node:child_process';
import { prepareHost } from './prepareHost';
import { REPO_ROOT } from './repo';

/**
 * `npm test`: every check, as named stages run one after another with their timings, stopping at
 * the first that fails. The first stage sets the machine up (system packages, the cached test VS
 * Code), so a fresh machine with only Node and npm needs nothing else.
 * `npm test -- --list` names the stages; `npm test -- unit lint` runs only those (in stage order).
 */
interface Stage {
  readonly name: string;
  readonly what: string;
  readonly run: () => Promise<number>;
}

/** A child in our process group, so a Ctrl-C in the terminal reaches it; SIGTERM is passed on. */
function command(argv: readonly string[]): () => Promise<number> {
  return () =>
    new Promise((resolve) => {
      const [file, ...args] = argv as [string, ...string[]];
      const child = spawn(file, args, { cwd: REPO_ROOT, stdio: 'inherit' });
      const forward = (): void => void child.kill('SIGTERM');
      process.once('SIGTERM', forward);
      child.on('error', (error) => {
        console.error(`[test] could not start ${file}: ${error.message}`);
        resolve(127);
      });
      child.on('exit', (code, signal) => {
        process.off('SIGTERM', forward);
        resolve(code ?? (signal ? 128 : 1));
      });
    });
}

const npmRun = (script: string): (() => Promise<number>) => command(['npm', 'run', '--silent', script]);

export const STAGES: readonly Stage[] = [
  {
    name: 'set-up',
    what: 'system packages (installed when possible) and the cached test VS Code',
    run: async () => {
      await prepareHost({ browser: true, ripgrep: true });
      return 0;
    },
  },
  { name: 'lint', what: 'eslint', run: npmRun('lint') },
  { name: 'typecheck', what: 'tsc --noEmit', run: npmRun('typecheck') },
  { name: 'build', what: 'esbuild bundles', run: npmRun('build') },
  { name: 'compile-tests', what: 'tsc of tests, harness, scripts, benchmarks', run: npmRun('compile-tests') },
  { name: 'unit', what: 'mocha in Node', run: npmRun('test:unit') },
  {
    name: 'vscode',
    what: 'integration (extension host) and UI end-to-end specs, one code-server',
    run: npmRun('test:vscode'),
  },
  {
    name: 'demo',
    what: 'npm run demo -- --check',
    run: command([process.execPath, 'out/scripts/demo/main.js', '--check']),
  },
  {
    name: 'bench',
    what: 'every benchmark once, quick sizes',
    run: command([process.execPath, 'out/bench/run.js', '--quick']),
  },
  { name: 'vsix', what: 'the UI specs against the packaged .vsix', run: npmRun('test:e2e:vsix') },
];

const seconds = (ms: number): string => `${(ms / 1000).toFixed(0)}s`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--list')) {
    for (const stage of STAGES) console.log(`${stage.name.padEnd(14)} ${stage.what}`);
    return 0;
  }
  const unknown = args.filter((arg) => !STAGES.some((stage) => stage.name === arg));
  if (unknown.length > 0) throw new Error(`unknown stage(s): ${unknown.join(' ')} (npm test -- --list names them)`);
  const chosen = args.length === 0 ? STAGES : STAGES.filter((stage) => args.includes(stage.name));

  const started = Date.now();
  const done: string[] = [];
  let code = 0;
  for (const stage of chosen) {
    console.log(`\n=== ${stage.name}: ${stage.what}`);
    const t0 = Date.now();
    try {
      code = await stage.run();
    } catch (error) {
      console.error(`[test] ${error instanceof Error ? error.message : String(error)}`);
      code = 1;
    }
    done.push(
      `  ${stage.name.padEnd(14)} ${seconds(Date.now() - t0).padStart(5)}${code === 0 ? '' : `  FAILED (exit code ${code})`}`,
    );
    if (code !== 0) break;
  }
  console.log(`\n=== npm test: ${code === 0 ? 'passed' : 'FAILED'} in ${seconds(Date.now() - started)}`);
  console.log(done.join('\n'));
  const skipped = chosen.slice(done.length).map((stage) => stage.name);
  if (skipped.length > 0) console.log(`  not run: ${skipped.join(', ')}`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[test] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
