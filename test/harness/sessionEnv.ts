/**
 * Names of the environment variables through which the launcher tells the tests where things
 * are. Integration tests read them in the extension host (sent as the payload's
 * `extensionEnvironment`); e2e specs read them in the launcher's own process. No imports here:
 * this file is loaded in both places.
 */
export const SESSION_ENV = {
  /** API base URL of the local Rotor sandbox (also written to the `rotor.apiBaseUrl` setting). */
  sandboxUrl: 'ROTOR_SANDBOX_URL',
  /** Sandbox control API with a trailing slash: `${control}stats`, `${control}reset`, … */
  sandboxControl: 'ROTOR_SANDBOX_CONTROL',
  /** The sandbox's demo API key. */
  testKey: 'ROTOR_TEST_KEY',
  /** A second sandbox playing another company (other keys and customers): the connection tests. */
  secondSandboxUrl: 'ROTOR_SECOND_SANDBOX_URL',
  secondSandboxControl: 'ROTOR_SECOND_SANDBOX_CONTROL',
  secondTestKey: 'ROTOR_SECOND_TEST_KEY',
  /** Where the extension host writes the JSON summary of the integration run. */
  resultsFile: 'ROTOR_TEST_RESULTS',
  /** e2e only: base URL of the code-server workbench. */
  workbenchUrl: 'ROTOR_E2E_WORKBENCH_URL',
  /** e2e only: a temp folder that specs may write workspaces into (removed after the run). */
  scratchDir: 'ROTOR_E2E_SCRATCH_DIR',
} as const;

export type SessionEnvName = (typeof SESSION_ENV)[keyof typeof SESSION_ENV];

/** Reads one of the variables above; a missing one means the file was run outside the launcher. */
export function sessionEnv(name: SessionEnvName): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run this through the test launcher (npm run test:integration / test:e2e)`);
  return value;
}
