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
const cmds = () => import('./commands');

const commands: Record<string, Command> = {
  start: {
    usage: 'start',
    summary: 'provision, start the local Keycloak (unless KEYCLOAK_URL is set) and deploy',
    run: async () => (await cmds()).start((await workflow()).defaultWorkspace()),
  },
  tools: {
    usage: 'tools',
    summary: 'provision the pinned engine, provider and Keycloak into the cache directory',
    run: async () => (await import('./toolchain')).provisionAll(),
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
      const project = validate({ root: (await import('./paths')).projectRoot, outdir: '', env: process.env });
      log(`valid: platform.yaml and ${project.customers.length} customer file(s)`);
    },
  },
  synth: {
    usage: 'synth',
    summary: 'validate and write the configuration to cdktf.out/',
    run: async () => {
      const w = await workflow();
      const ws = w.defaultWorkspace();
      const project = w.synth(ws);
      log(`synth: ${project.customers.length} customer(s) -> ${w.stackDir(ws)}`);
    },
  },
  deploy: {
    usage: 'deploy [--plan <saved plan>]',
    summary: 'validate, plan and apply (or apply a plan saved by `plan`; refused when stale)',
    run: async (args) => {
      const { options } = parseArgs(args, { options: ['plan'] });
      await (await cmds()).deploy((await workflow()).defaultWorkspace(), { planFile: options.get('plan') });
    },
  },
  plan: {
    usage: 'plan [--out <dir>]',
    summary: 'save a plan for review, with plan.md and plan.json summaries (default dir: reports/)',
    run: async (args) => {
      const { options } = parseArgs(args, { options: ['out'] });
      await (await cmds()).planForReview((await workflow()).defaultWorkspace(), path.resolve(options.get('out') ?? 'reports'));
    },
  },
  drift: {
    usage: 'drift [--out <dir>]',
    summary: 'compare Keycloak with the files: exit 0 in sync, 2 drift, 1 error (reports in reports/)',
    run: async (args) => {
      const { options } = parseArgs(args, { options: ['out'] });
      return (await cmds()).drift((await workflow()).defaultWorkspace(), path.resolve(options.get('out') ?? 'reports'));
    },
  },
  credentials: {
    usage: 'credentials <client-id> [--reveal] [--output <new file>]',
    summary: "show what to hand a customer; the secret only with --reveal or --output (mode 0600)",
    run: async (args) => {
      const { flags, options, positional } = parseArgs(args, { flags: ['reveal'], options: ['output'] });
      if (positional.length !== 1) throw new UserError('usage: npm run credentials -- <client-id> [--reveal] [--output <new file>]');
      const info = await (await cmds()).credentials((await workflow()).defaultWorkspace(), positional[0], {
        reveal: flags.has('reveal'),
        outputFile: options.get('output'),
      });
      process.stdout.write(JSON.stringify(info, null, 2) + '\n');
      if (!flags.has('reveal') && !options.has('output')) log('credentials: the secret is not shown; add --reveal to print it or --output <file> to write it');
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
