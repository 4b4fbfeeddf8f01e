/**
 * The project's commands (`npm run <command> -- [options]`). Each prints what it does on
 * stderr, keeps stdout for results, and exits non-zero with a plain message on failure.
 */
import * as path from 'path';
import { log } from '../toolchain/process';
import { UserError } from '../model/problems';

import { parseArgs as parseNodeArgs } from 'util';

/** An option a command accepts: a flag (`--reveal`) or one that takes a value (`--env <name>`). */
interface OptionSpec {
  readonly type: 'boolean' | 'string';
  /** Shown by --help. */
  readonly help: string;
  /** The value's placeholder in --help. @default "<value>" */
  readonly value?: string;
}

export type Command = {
  usage: string;
  summary: string;
  options?: Record<string, OptionSpec>;
  /** Positional arguments, for --help. @default none accepted */
  positionals?: string;
  run: (args: Parsed) => Promise<number | void>;
};

export interface Parsed {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: string[];
}

/** Options every command accepts. */
const COMMON: Record<string, OptionSpec> = {
  help: { type: 'boolean', help: 'show this help' },
};

/** Options of the commands that run the engine. */
const ENGINE: Record<string, OptionSpec> = {
  env: { type: 'string', value: '<name>', help: 'one environment of environments.yaml (default: every environment)' },
  part: { type: 'string', value: '<platform|customers>', help: 'one of the two stacks (default: both, platform first)' },
  verbose: { type: 'boolean', help: "stream the engine's output to the terminal (it always goes to the log file)" },
};

/**
 * Parses a command's arguments with Node's util.parseArgs. An unknown option, or a missing
 * value, is an error that lists the options the command knows.
 */
export function parseArgs(name: string, command: Command, args: string[]): Parsed {
  const specs = { ...COMMON, ...command.options };
  const options = Object.fromEntries(Object.entries(specs).map(([k, v]) => [k, { type: v.type }]));
  try {
    const { values, positionals } = parseNodeArgs({ args, options, allowPositionals: command.positionals !== undefined, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (err) {
    const known = Object.entries(specs).map(([k, v]) => `--${k}${v.type === 'string' ? ` ${v.value ?? '<value>'}` : ''}`);
    const message = (err as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/, '');
    throw new UserError(`${name}: ${message}\nvalid options: ${known.join(', ')} (npm run ${name} -- --help)`, 2);
  }
}

/** `--help` of one command: usage, what it does, each option. */
export function helpOf(name: string, command: Command): string {
  const specs = { ...command.options, ...COMMON };
  const rows = Object.entries(specs).map(
    ([k, v]) => `  --${k}${v.type === 'string' ? ` ${v.value ?? '<value>'}` : ''}`.padEnd(34) + v.help,
  );
  return [
    `usage: npm run ${name}${command.usage.slice(name.length) ? ` --${command.usage.slice(name.length)}` : ''}`,
    '',
    command.summary,
    '',
    'options:',
    ...rows,
  ].join('\n');
}

const workflow = () => import('../engine/steps');

/** `--confirm-removal <n>`: the number of customers a plan may remove beyond the guard's limits. */
async function confirmation(values: Parsed['values']): Promise<number | undefined> {
  const value = values['confirm-removal'] as string | undefined;
  return value === undefined ? undefined : (await import('../engine/removal-guard')).confirmedRemovals(value, {});
}

/** True when an environment of environments.yaml runs on the local Keycloak (so its server is needed). */
async function localEnvironmentInUse(): Promise<boolean> {
  if (process.env.KEYCLOAK_URL) return false;
  const { loadEnvironmentsFile } = await import('../model/load');
  const { projectRoot } = await import('../config/paths');
  try {
    return Object.values(loadEnvironmentsFile({ root: projectRoot })).some((e) => e.keycloak === 'local');
  } catch {
    return true; // an unreadable environments.yaml: `validate` says why; provision the server to be safe
  }
}
const cmds = () => import('../engine/commands');

/**
 * One workspace per selected environment: `--env <name>`, or every environment in
 * environments.yaml; `--part platform|customers` narrows each to one of its two stacks.
 */
async function workspaces(values: Parsed['values']) {
  const selected = values.env as string | undefined;
  const part = values.part as string | undefined;
  if (part !== undefined && part !== 'platform' && part !== 'customers')
    throw new UserError(`--part must be platform or customers, not "${part}"`);
  const { validate } = await cmds();
  const { defaultWorkspace } = await workflow();
  const { projectRoot } = await import('../config/paths');
  const project = validate({ root: projectRoot });
  const known = Object.keys(project.environments).sort();
  if (selected !== undefined && !known.includes(selected))
    throw new UserError(`unknown environment "${selected}" (known: ${known.join(', ')})`);
  return (selected ? [selected] : known).map((environment) =>
    defaultWorkspace({ environment, part: part as 'platform' | 'customers' | undefined, verbose: values.verbose === true }),
  );
}

const CONFIRM_REMOVAL: OptionSpec = {
  type: 'string',
  value: '<n>',
  help: 'allow a plan that removes n customers beyond removalGuard (platform.yaml); n must be the exact count',
};
const OUT: OptionSpec = { type: 'string', value: '<dir>', help: 'where the summaries go (default: reports/)' };

export const commands: Record<string, Command> = {
  start: {
    usage: 'start [--env <name>] [--verbose]',
    summary: 'provision, start the local Keycloak if an environment uses it, and deploy',
    options: { env: ENGINE.env, verbose: ENGINE.verbose },
    run: async ({ values }) => {
      await (await cmds()).start(await workspaces(values));
    },
  },
  tools: {
    usage: 'tools [--all]',
    summary: 'provision the engine and provider, and the Keycloak server if an environment is local (--all: always)',
    options: { all: { type: 'boolean', help: 'also the Keycloak server, even when no environment uses the local one' } },
    run: async ({ values }) => {
      await (await import('../toolchain/provision')).provision({ keycloakServer: values.all === true || (await localEnvironmentInUse()) });
    },
  },
  doctor: {
    usage: 'doctor [--all]',
    summary: 'say where each toolchain part comes from, its version, and the next step for what is missing',
    options: { all: { type: 'boolean', help: 'also check the Keycloak server, even when no environment uses the local one' } },
    run: async ({ values }) => {
      const { diagnose, formatReports } = await import('../toolchain/doctor');
      const reports = diagnose({ keycloakServer: values.all === true || (await localEnvironmentInUse()) });
      process.stdout.write(formatReports(reports) + '\n');
      const missing = reports.filter((r) => r.state === 'missing');
      log(missing.length ? `doctor: cannot provision ${missing.map((r) => r.part).join(', ')}; see the next steps above` : 'doctor: ok');
      return missing.length ? 1 : 0;
    },
  },
  'keycloak:up': {
    usage: 'keycloak:up',
    summary: 'start the local Keycloak (reuses one already running)',
    run: async () => {
      await (await import('../toolchain/local-keycloak')).keycloakUp();
    },
  },
  'keycloak:down': {
    usage: 'keycloak:down',
    summary: 'stop the local Keycloak this project started',
    run: async () => (await import('../toolchain/local-keycloak')).keycloakDown(),
  },
  validate: {
    usage: 'validate',
    summary: 'check platform.yaml and every customer file; report every problem',
    run: async () => {
      const { validate, checkEmptyEnvironments } = await cmds();
      const project = validate({ root: (await import('../config/paths')).projectRoot });
      for (const note of checkEmptyEnvironments(project)) log(`note: ${note}`);
      log(`valid: platform.yaml and ${project.customers.length} customer file(s)`);
    },
  },
  synth: {
    usage: 'synth [--env <name>] [--part <platform|customers>]',
    summary: 'validate and write the configuration to cdktf.out/ (two stacks per environment)',
    options: { env: ENGINE.env, part: ENGINE.part },
    run: async ({ values }) => {
      const w = await workflow();
      for (const env of await workspaces(values)) {
        for (const part of env.part ? [env.part] : (['platform', 'customers'] as const)) {
          const ws = { ...env, part };
          const { target } = w.synth(ws);
          log(`synth ${target.environment} ${target.part} -> ${w.stackDir(ws)}`);
        }
      }
    },
  },
  deploy: {
    usage: 'deploy [--env <name>] [--part <platform|customers>] [--plan <saved plan>] [--confirm-removal <n>] [--verbose]',
    summary: 'validate, plan and apply (or apply a plan saved by `plan`; refused when stale)',
    options: {
      ...ENGINE,
      plan: {
        type: 'string',
        value: '<file>',
        help: 'apply this reviewed plan (from `npm run plan`) instead of planning again; needs --env',
      },
      'confirm-removal': CONFIRM_REMOVAL,
    },
    run: async ({ values }) => {
      const list = await workspaces(values);
      if (values.plan !== undefined && list.length !== 1) throw new UserError("--plan applies one environment's plan: add --env <name>");
      const confirmRemoval = await confirmation(values);
      for (const ws of list) await (await cmds()).deploy(ws, { planFile: values.plan as string | undefined, confirmRemoval });
    },
  },
  plan: {
    usage: 'plan [--env <name>] [--part <platform|customers>] [--out <dir>] [--confirm-removal <n>] [--verbose]',
    summary: 'save a plan per stack for review, with Markdown and JSON summaries (default dir: reports/)',
    options: { ...ENGINE, out: OUT, 'confirm-removal': CONFIRM_REMOVAL },
    run: async ({ values }) => {
      const confirmRemoval = await confirmation(values);
      for (const ws of await workspaces(values))
        await (await cmds()).planForReview(ws, path.resolve((values.out as string | undefined) ?? 'reports'), { confirmRemoval });
    },
  },
  drift: {
    usage: 'drift [--env <name>] [--part <platform|customers>] [--out <dir>] [--verbose]',
    summary: 'compare Keycloak with the files: exit 0 in sync, 2 drift, 1 error (reports in reports/)',
    options: { ...ENGINE, out: OUT },
    run: async ({ values }) => {
      let code = 0;
      for (const ws of await workspaces(values))
        code = Math.max(code, await (await cmds()).drift(ws, path.resolve((values.out as string | undefined) ?? 'reports')));
      return code;
    },
  },
  adopt: {
    usage: 'adopt [--env <name>] <client-id>... | --all',
    summary: 'import existing clients that customer files declare into state (secrets unchanged); show what deploy will change',
    positionals: '<client-id>...',
    options: {
      env: { type: 'string', value: '<name>', help: 'the environment whose customers stack adopts them (default: local)' },
      all: { type: 'boolean', help: 'every client that a customer file declares but the state lacks' },
    },
    run: async ({ values, positionals }) => {
      if ((values.all === true) === positionals.length > 0)
        throw new UserError('usage: npm run adopt -- [--env <name>] <client-id>... (or --all)', 2);
      const { defaultWorkspace } = await workflow();
      await (
        await cmds()
      ).adopt(defaultWorkspace({ environment: (values.env as string | undefined) ?? 'local' }), values.all === true ? 'all' : positionals);
    },
  },
  credentials: {
    usage: 'credentials <client-id> [--env <name>] [--reveal] [--output <new file>]',
    summary: 'show what to hand a customer (JSON on stdout); the secret only with --reveal or --output (mode 0600)',
    positionals: '<client-id>',
    options: {
      env: { type: 'string', value: '<name>', help: 'the environment whose Keycloak to ask (default: local)' },
      reveal: { type: 'boolean', help: 'print the client secret too' },
      output: { type: 'string', value: '<new file>', help: 'write the credentials with the secret to a new file readable only by you' },
    },
    run: async ({ values, positionals }) => {
      if (positionals.length !== 1)
        throw new UserError('usage: npm run credentials -- <client-id> [--env <name>] [--reveal] [--output <new file>]', 2);
      const { defaultWorkspace } = await workflow();
      const info = await (
        await cmds()
      ).credentials(defaultWorkspace({ environment: (values.env as string | undefined) ?? 'local' }), positionals[0], {
        reveal: values.reveal === true,
        outputFile: values.output as string | undefined,
      });
      process.stdout.write(JSON.stringify(info, null, 2) + '\n');
      if (values.reveal !== true && values.output === undefined)
        log('credentials: the secret is not shown; add --reveal to print it or --output <file> to write it');
    },
  },
  environments: {
    usage: 'environments',
    summary: 'print the environments pipelines plan and deploy, as a JSON list (never local ones)',
    run: async () => {
      const { validate, pipelineEnvironments } = await cmds();
      process.stdout.write(JSON.stringify(pipelineEnvironments(validate({ root: (await import('../config/paths')).projectRoot }))) + '\n');
    },
  },
  'cdktf-env': {
    usage: 'cdktf-env [--env <name>]',
    summary: 'print `export` lines for the plain cdktf CLI: eval "$(npm run --silent cdktf-env -- --env local)"',
    options: { env: { type: 'string', value: '<name>', help: "also the environment's admin login (local Keycloak) and state encryption" } },
    run: async ({ values }) => {
      const env = values.env as string | undefined;
      const lines = (await cmds()).cdktfExports(
        env === undefined ? undefined : { root: (await import('../config/paths')).projectRoot, environment: env },
      );
      // The encryption config holds the state passphrase: only ever for eval, never for a screen or log.
      if (process.stdout.isTTY && lines.includes('TF_ENCRYPTION='))
        throw new UserError('the output holds the state passphrase: run it inside eval "$(...)"');
      process.stdout.write(lines);
    },
  },
  usage: {
    usage: 'usage [--env <name>] [--json] [--unused-days <n>]',
    summary: 'per customer: last token, tokens in 7/30 days, failures in 24 h, flags (Markdown, or JSON)',
    options: {
      env: { type: 'string', value: '<name>', help: 'one environment of environments.yaml (default: every environment)' },
      json: { type: 'boolean', help: 'JSON for machines instead of the Markdown table' },
      'unused-days': { type: 'string', value: '<n>', help: 'flag customers without a token for this many days (default 30)' },
    },
    run: async ({ values }) => {
      const unusedDays = Number(values['unused-days'] ?? 30);
      if (!Number.isInteger(unusedDays) || unusedDays < 1)
        throw new UserError(`--unused-days must be a whole number of days, not "${String(values['unused-days'])}"`, 2);
      const { usageMarkdown } = await import('../engine/usage');
      const reports = [];
      for (const ws of await workspaces({ env: values.env })) reports.push(await (await cmds()).usage(ws, { unusedDays }));
      process.stdout.write(values.json ? JSON.stringify(reports, null, 2) + '\n' : reports.map(usageMarkdown).join('\n'));
    },
  },
  bindings: {
    usage: 'bindings',
    summary: 'generate the provider bindings in .gen/ from the committed provider schema (npm ci does it)',
    run: async () => {
      const { generateBindings } = await import('../toolchain/bindings');
      const { outdir, types, seconds } = await generateBindings();
      log(`bindings: generated ${types} keycloak types into ${path.relative(process.cwd(), outdir) || '.'}/ in ${seconds.toFixed(1)} s`);
    },
  },
  'bindings:schema': {
    usage: 'bindings:schema',
    summary: 'read the provider schema from the pinned engine and provider, keep the types the code imports, regenerate .gen/',
    run: async () => (await import('../toolchain/bindings')).refreshSchema(),
  },
  schema: {
    usage: 'schema',
    summary: 'regenerate schemas/*.schema.json (editor completion) from the schema source',
    run: async () => (await import('./schema')).writeSchemas(),
  },
};

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    if (name && name !== '--help' && name !== 'help') log(`error: unknown command "${name}"\n`);
    log('usage: npm run <command> [-- options]   (npm run <command> -- --help for its options)\n');
    for (const c of Object.values(commands)) log(`  ${c.usage.padEnd(48)} ${c.summary}`);
    return name && name !== '--help' && name !== 'help' ? 2 : 0;
  }
  const parsed = parseArgs(name, command, args);
  if (parsed.values.help) {
    process.stdout.write(helpOf(name, command) + '\n');
    return 0;
  }
  const code = await command.run(parsed);
  return typeof code === 'number' ? code : 0;
}

// Run only as the command line, so that the tests can import the command table.
if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      if (err instanceof UserError) {
        log(`error: ${err.message}`);
        process.exit(err.exitCode);
      }
      log(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exit(1);
    },
  );
}
