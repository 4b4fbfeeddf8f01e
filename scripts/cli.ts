/**
 * The project's commands (`npm run <command> -- [options]`). Each prints what it does on
 * stderr, keeps stdout for results, and exits non-zero with a plain message on failure.
 */
import * as path from 'path';
import { log, UserError } from './run';

type Command = { usage: string; summary: string; run: (args: string[]) => Promise<number | void> };

/** Splits `--flag`, `--key value` and positional arguments. */
function parseArgs(args: string[], known: { flags?: string[]; options?: string[] }): { flags: Set<string>; options: Map<string, string>; positional: string[] } {
  const flags = new Set<string>();
  const options = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2);
      if (known.flags?.includes(name)) flags.add(name);
      else if (known.options?.includes(name)) {
        const value = inline ?? args[++i];
        if (value === undefined) throw new UserError(`--${name} needs a value`);
        options.set(name, value);
      } else throw new UserError(`unknown option --${name}`);
    } else positional.push(a);
  }
  return { flags, options, positional };
}

const workflow = () => import('./workflow');

/** True when an environment of environments.yaml runs on the local Keycloak (so its server is needed). */
async function localEnvironmentInUse(): Promise<boolean> {
  if (process.env.KEYCLOAK_URL) return false;
  const { loadEnvironmentsFile } = await import('../model/load');
  const { projectRoot } = await import('./paths');
  try {
    return Object.values(loadEnvironmentsFile({ root: projectRoot })).some((e) => e.keycloak === 'local');
  } catch {
    return true; // an unreadable environments.yaml: `validate` says why; provision the server to be safe
  }
}
const cmds = () => import('./commands');

/**
 * One workspace per selected environment: `--env <name>`, or every environment in
 * environments.yaml; `--part platform|customers` narrows each to one of its two stacks.
 */
async function workspaces(selected: string | undefined, part?: string) {
  if (part !== undefined && part !== 'platform' && part !== 'customers') throw new UserError(`--part must be platform or customers, not "${part}"`);
  const { validate } = await cmds();
  const { defaultWorkspace } = await workflow();
  const { projectRoot } = await import('./paths');
  const project = validate({ root: projectRoot });
  const known = Object.keys(project.environments).sort();
  if (selected !== undefined && !known.includes(selected)) throw new UserError(`unknown environment "${selected}" (known: ${known.join(', ')})`);
  return (selected ? [selected] : known).map((environment) => defaultWorkspace({ environment, part: part as 'platform' | 'customers' | undefined }));
}

const commands: Record<string, Command> = {
  start: {
    usage: 'start [--env <name>]',
    summary: 'provision, start the local Keycloak if an environment uses it, and deploy',
    run: async (args) => {
      const { options } = parseArgs(args, { options: ['env'] });
      await (await cmds()).start(await workspaces(options.get('env')));
    },
  },
  tools: {
    usage: 'tools [--all]',
    summary: 'provision the engine and provider, and the Keycloak server if an environment is local (--all: always)',
    run: async (args) => {
      const { flags } = parseArgs(args, { flags: ['all'] });
      await (await import('./toolchain')).provision({ keycloakServer: flags.has('all') || (await localEnvironmentInUse()) });
    },
  },
  doctor: {
    usage: 'doctor [--all]',
    summary: 'say where each toolchain part comes from, its version, and the next step for what is missing',
    run: async (args) => {
      const { flags } = parseArgs(args, { flags: ['all'] });
      const { diagnose, formatReports } = await import('./doctor');
      const reports = diagnose({ keycloakServer: flags.has('all') || (await localEnvironmentInUse()) });
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
      await (await import('./local-keycloak')).keycloakUp();
    },
  },
  'keycloak:down': {
    usage: 'keycloak:down',
    summary: 'stop the local Keycloak this project started',
    run: async () => (await import('./local-keycloak')).keycloakDown(),
  },
  validate: {
    usage: 'validate',
    summary: 'check platform.yaml and every customer file; report every problem',
    run: async () => {
      const { validate } = await cmds();
      const project = validate({ root: (await import('./paths')).projectRoot });
      log(`valid: platform.yaml and ${project.customers.length} customer file(s)`);
    },
  },
  synth: {
    usage: 'synth [--env <name>] [--part <platform|customers>]',
    summary: 'validate and write the configuration to cdktf.out/ (two stacks per environment)',
    run: async (args) => {
      const { options } = parseArgs(args, { options: ['env', 'part'] });
      const w = await workflow();
      for (const env of await workspaces(options.get('env'), options.get('part'))) {
        for (const part of env.part ? [env.part] : (['platform', 'customers'] as const)) {
          const ws = { ...env, part };
          const { target } = w.synth(ws);
          log(`synth ${target.environment} ${target.part} -> ${w.stackDir(ws)}`);
        }
      }
    },
  },
  deploy: {
    usage: 'deploy [--env <name>] [--part <platform|customers>] [--plan <saved plan>]',
    summary: 'validate, plan and apply (or apply a plan saved by `plan`; refused when stale)',
    run: async (args) => {
      const { options } = parseArgs(args, { options: ['plan', 'env', 'part'] });
      const list = await workspaces(options.get('env'), options.get('part'));
      if (options.has('plan') && list.length !== 1) throw new UserError('--plan applies one environment\'s plan: add --env <name>');
      for (const ws of list) await (await cmds()).deploy(ws, { planFile: options.get('plan') });
    },
  },
  plan: {
    usage: 'plan [--env <name>] [--part <platform|customers>] [--out <dir>]',
    summary: 'save a plan per stack for review, with Markdown and JSON summaries (default dir: reports/)',
    run: async (args) => {
      const { options } = parseArgs(args, { options: ['out', 'env', 'part'] });
      for (const ws of await workspaces(options.get('env'), options.get('part'))) await (await cmds()).planForReview(ws, path.resolve(options.get('out') ?? 'reports'));
    },
  },
  drift: {
    usage: 'drift [--env <name>] [--part <platform|customers>] [--out <dir>]',
    summary: 'compare Keycloak with the files: exit 0 in sync, 2 drift, 1 error (reports in reports/)',
    run: async (args) => {
      const { options } = parseArgs(args, { options: ['out', 'env', 'part'] });
      let code = 0;
      for (const ws of await workspaces(options.get('env'), options.get('part'))) code = Math.max(code, await (await cmds()).drift(ws, path.resolve(options.get('out') ?? 'reports')));
      return code;
    },
  },
  credentials: {
    usage: 'credentials <client-id> [--env <name>] [--reveal] [--output <new file>]',
    summary: 'show what to hand a customer; the secret only with --reveal or --output (mode 0600)',
    run: async (args) => {
      const { flags, options, positional } = parseArgs(args, { flags: ['reveal'], options: ['output', 'env'] });
      if (positional.length !== 1) throw new UserError('usage: npm run credentials -- <client-id> [--env <name>] [--reveal] [--output <new file>]');
      const { defaultWorkspace } = await workflow();
      const info = await (await cmds()).credentials(defaultWorkspace({ environment: options.get('env') ?? 'local' }), positional[0], {
        reveal: flags.has('reveal'),
        outputFile: options.get('output'),
      });
      process.stdout.write(JSON.stringify(info, null, 2) + '\n');
      if (!flags.has('reveal') && !options.has('output')) log('credentials: the secret is not shown; add --reveal to print it or --output <file> to write it');
    },
  },
  environments: {
    usage: 'environments',
    summary: 'print the environments pipelines plan and deploy, as a JSON list (never local ones)',
    run: async () => {
      const { validate, pipelineEnvironments } = await cmds();
      process.stdout.write(JSON.stringify(pipelineEnvironments(validate({ root: (await import('./paths')).projectRoot }))) + '\n');
    },
  },
  'cdktf-env': {
    usage: 'cdktf-env [--env <name>]',
    summary: 'print `export` lines for the plain cdktf CLI: eval "$(npm run --silent cdktf-env -- --env local)"',
    run: async (args) => {
      const { options } = parseArgs(args, { options: ['env'] });
      const env = options.get('env');
      const lines = (await cmds()).cdktfExports(env === undefined ? undefined : { root: (await import('./paths')).projectRoot, environment: env });
      // The encryption config holds the state passphrase: only ever for eval, never for a screen or log.
      if (process.stdout.isTTY && lines.includes('TF_ENCRYPTION=')) throw new UserError('the output holds the state passphrase: run it inside eval "$(...)"');
      process.stdout.write(lines);
    },
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
    log('usage: npm run <command> [-- options]\n');
    for (const c of Object.values(commands)) log(`  ${c.usage.padEnd(48)} ${c.summary}`);
    return name ? 2 : 0;
  }
  const code = await command.run(args);
  return typeof code === 'number' ? code : 0;
}

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
