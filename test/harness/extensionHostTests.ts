import { launchBrowser } from './browser';
import { consoleLine, isNoise } from './pageConsole';
import { enableSmokeTestDriver } from './smokeTestDriver';
import { REPORTER_PREFIX } from './testResults';
import { remoteUri, workbenchUrl } from './workbenchUrl';

export interface ExtensionHostTestRun {
  readonly serverUrl: string;
  /** Absolute path of the extension under test (its package.json folder). */
  readonly extensionDevelopmentPath: string;
  /** Absolute path of the compiled module exporting `run(): Promise<void>`. */
  readonly extensionTestsPath: string;
  readonly workspaceFolder: string;
  /** Environment variables of the extension host (the payload's `extensionEnvironment`). */
  readonly extensionEnv: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

export interface ExtensionHostTestResult {
  /** The extension host's exit code: 0 when run() resolved, 1 when it rejected. */
  readonly exitCode: number;
  readonly timedOut: boolean;
  /** The last console lines of the page (workbench + extension host), for failure reports. */
  readonly consoleTail: readonly string[];
}

const TAIL_LINES = 80;

/**
 * What @vscode/test-electron does with `extensionTestsPath`, done in code-server: open the
 * workbench with the extension and the test module in the URL payload. The extension host loads
 * the module, awaits run(), then exits, and the workbench reports the code through
 * `window.codeAutomationExit(code)`, which we expose to the page.
 */
export async function runExtensionHostTests(run: ExtensionHostTestRun): Promise<ExtensionHostTestResult> {
  const browser = await launchBrowser();
  const tail: string[] = [];
  const remember = (line: string): void => {
    if (tail[tail.length - 1] === line) return; // the workbench repeats itself a lot
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
  };
  try {
    const { page } = browser;
    let reportExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(Number(code)));
    await enableSmokeTestDriver(page);
    page.on('console', (message) => {
      void consoleLine(message).then((line) => {
        if (line.startsWith(REPORTER_PREFIX)) console.log(line.slice(REPORTER_PREFIX.length));
        else if (!isNoise(line) && !/^\s*at /.test(line)) {
          remember(line);
          if (process.env.ROTOR_TEST_VERBOSE) console.log(`[workbench] ${line}`);
        }
      });
    });
    page.on('pageerror', (error) => remember(`[pageerror] ${error.message}`));
    // A crashed or closed page never reports an exit code: fail now instead of at the timeout.
    page.once('crash', () => {
      remember('[the workbench page crashed]');
      reportExit(1);
    });
    page.once('close', () => reportExit(1));

    const payload = [
      ['extensionDevelopmentPath', remoteUri(run.extensionDevelopmentPath)],
      ['extensionTestsPath', remoteUri(run.extensionTestsPath)],
      ['extensionEnvironment', JSON.stringify(run.extensionEnv)],
    ] as const;
    await page.goto(workbenchUrl(run.serverUrl, run.workspaceFolder, payload));

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), run.timeoutMs)));
    const outcome = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    return outcome === 'timeout'
      ? { exitCode: 1, timedOut: true, consoleTail: tail }
      : { exitCode: outcome, timedOut: false, consoleTail: tail };
  } finally {
    await browser.close();
  }
}
