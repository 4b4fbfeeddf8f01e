/**
 * What every command of the CLI is made of (cli/cmds/*.ts, one file per command), and the
 * options and helpers several of them share.
 */
import { projectRoot } from '../config/paths';
import { currentSettings, Settings } from '../config/settings';
import { UserError } from '../model/problems';
import { OptionSpec, OptionSpecs, ParsedArgs } from '../toolchain/args';

export type { OptionSpec, ParsedArgs as Parsed };

export interface Command {
  /** The synopsis, starting with the command's name, e.g. `validate`. */
  readonly usage: string;
  /** One line: what it does. */
  readonly summary: string;
  /** Its options (`--help` is added to every command). @default none */
  readonly options?: OptionSpecs;
  /** Positional arguments, for --help. @default none accepted */
  readonly positionals?: string;
  /** Runs it; the number is the exit code. @default 0 */
  readonly run: (args: ParsedArgs) => Promise<number | void>;
}

/** Options of the commands that run the engine. */
export const ENGINE: Record<'env' | 'part' | 'verbose', OptionSpec> = {
  env: { type: 'string', value: '<name>', help: 'one environment of environments.yaml (default: every environment)' },
  part: { type: 'string', value: '<platform|customers>', help: 'one of the two stacks (default: both, platform first)' },
  verbose: { type: 'boolean', help: "stream the engine's output to the terminal (it always goes to the log file)" },
};

export const CONFIRM_REMOVAL: OptionSpec = {
  type: 'string',
  value: '<n>',
  help: 'allow a plan that removes n customers beyond removalGuard (platform.yaml); n must be the exact count',
};

export const OUT: OptionSpec = { type: 'string', value: '<dir>', default: 'reports', help: 'where the summaries go' };

/** `--confirm-removal <n>`: the number of customers a plan may remove beyond the guard's limits. */
export async function confirmation(values: ParsedArgs['values']): Promise<number | undefined> {
  const value = values['confirm-removal'] as string | undefined;
  return value === undefined ? undefined : (await import('../engine/removal-guard')).confirmedRemovals(value);
}

/**
 * True when an environment of environments.yaml deploys to the local Keycloak (so its server
 * is needed), with the settings' KEYCLOAK_URL taken into account as deploy takes it: naming
 * the local server keeps an environment local.
 */
export async function localEnvironmentInUse(settings: Settings = currentSettings(), root = projectRoot): Promise<boolean> {
  const { loadEnvironmentsFile } = await import('../model/load');
  const { targetKeycloak } = await import('../stacks/target');
  try {
    return Object.entries(loadEnvironmentsFile({ root })).some(([name, e]) => targetKeycloak(name, e, settings).local);
  } catch {
    return true; // an unreadable environments.yaml or a contradicting KEYCLOAK_URL: deploy says why; provision the server to be safe
  }
}

/**
 * One run context per selected environment: `--env <name>`, or every environment in
 * environments.yaml; `--part platform|customers` narrows each to one of its two stacks.
 */
export async function contexts(values: ParsedArgs['values']) {
  const selected = values.env as string | undefined;
  const part = values.part as string | undefined;
  if (part !== undefined && part !== 'platform' && part !== 'customers')
    throw new UserError(`--part must be platform or customers, not "${part}"`);
  const { validate } = await import('../engine/validate');
  const { defaultRunContext } = await import('../engine/steps');
  const project = validate({ root: projectRoot });
  const known = Object.keys(project.environments).sort();
  if (selected !== undefined && !known.includes(selected))
    throw new UserError(`unknown environment "${selected}" (known: ${known.join(', ')})`);
  return (selected ? [selected] : known).map((environment) =>
    defaultRunContext({ environment, part: part as 'platform' | 'customers' | undefined, verbose: values.verbose === true }),
  );
}
