import { SESSION_ENV, type SessionEnvName, sessionEnv } from '../../harness/sessionEnv';

/**
 * The run's Rotor sandbox, as UI specs see it. The workbench's extension already talks to it
 * (`rotor.apiBaseUrl` is set in the test profile); specs use this to prepare and check it.
 */
export const sandbox = {
  /** API base URL (what rotor.apiBaseUrl is set to). */
  baseUrl: (): string => sessionEnv(SESSION_ENV.sandboxUrl),
  /** The demo API key to enter with "Rotor: Set API Key". */
  demoKey: (): string => sessionEnv(SESSION_ENV.testKey),
  /** The second sandbox (another company, other key and customers): for the connection specs. */
  second: {
    baseUrl: (): string => sessionEnv(SESSION_ENV.secondSandboxUrl),
    demoKey: (): string => sessionEnv(SESSION_ENV.secondTestKey),
    control: (path: string, init?: RequestInit): Promise<Response> =>
      control(SESSION_ENV.secondSandboxControl, path, init),
  },
  /** A control API call, e.g. control('stats') or control('reset', { method: 'POST' }). */
  control: (path: string, init?: RequestInit): Promise<Response> => control(SESSION_ENV.sandboxControl, path, init),
};

async function control(base: SessionEnvName, path: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(`${sessionEnv(base)}${path}`, init);
  if (!response.ok) throw new Error(`sandbox control ${path}: HTTP ${response.status}`);
  return response;
}
