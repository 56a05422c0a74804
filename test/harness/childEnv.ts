/**
 * The launcher usually runs under `npm run`, which exports dozens of `npm_*` variables. Passed on,
 * they leak into the child npm (e.g. `npm_config_user_agent` says "node/v20", and code-server's
 * postinstall then refuses to install) and into the extension host. Children start from this.
 */
export function envWithoutNpm(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && key !== 'INIT_CWD') env[key] = value;
  }
  return { ...env, ...extra };
}
