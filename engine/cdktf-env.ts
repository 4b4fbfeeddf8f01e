/** The `cdktf-env` command: what the plain cdktf CLI needs to run like the project's commands. */
import { currentSettings, inheritedEnvironment } from '../config/settings';
import { UserError } from '../model/problems';
import { resolveTarget } from '../stacks/target';
import { withEncryption } from './encryption';
import { baseEnv, engineEnv } from './environment';
import { RunContext, withCredentials } from './steps';
import { validate } from './validate';

/** Variables that make the plain cdktf CLI run like the project's commands. */
const ENGINE_VARIABLES = ['TERRAFORM_BINARY_NAME', 'TF_CLI_CONFIG_FILE', 'CHECKPOINT_DISABLE', 'DISABLE_VERSION_CHECK'];
/** Added with an environment: the local Keycloak's documented login, the state encryption. */
const TARGET_VARIABLES = ['KEYCLOAK_USER', 'KEYCLOAK_PASSWORD', 'KEYCLOAK_CLIENT_ID', 'TF_ENCRYPTION'];

/**
 * Shell `export` lines (for `eval`) that give `npx cdktf synth|diff|deploy` what the project's
 * commands set for the engine: the pinned engine (or TERRAFORM_BINARY_NAME), the CLI config
 * with the provider mirror when it exists, and no network checks. With an environment also
 * its credentials defaults and state encryption, computed as deploy does (an unencrypted
 * shared backend is refused here too). Only what differs from the current environment is printed.
 */
export function cdktfExports(ctx: Pick<RunContext, 'root' | 'environment'> | undefined): string {
  const env = inheritedEnvironment();
  const settings = currentSettings();
  let wanted = engineEnv(baseEnv());
  let names = ENGINE_VARIABLES;
  if (ctx) {
    const project = validate(ctx);
    const config = project.environments[ctx.environment];
    if (!config) throw new UserError(`unknown environment "${ctx.environment}" (known: ${Object.keys(project.environments).join(', ')})`);
    const target = resolveTarget(ctx.environment, config, project.platform, { settings, root: ctx.root });
    wanted = withEncryption(withCredentials(wanted, settings, target), settings, target);
    names = [...ENGINE_VARIABLES, ...TARGET_VARIABLES];
  }
  const quote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
  return names
    .filter((name) => wanted[name] !== env[name])
    .map((name) => (wanted[name] === undefined ? `unset ${name}` : `export ${name}=${quote(wanted[name]!)}`))
    .map((line) => `${line}\n`)
    .join('');
}
