/**
 * The project's command line (`npm run <command> -- [options]`): one file per command in
 * cli/cmds/, dispatched here. Each prints what it does on stderr, keeps stdout for results,
 * and exits non-zero with a plain message on failure. Nothing imports the CLI (tests may).
 */
import { currentSettings } from '../config/settings';
import { UserError } from '../model/problems';
import { optionRows, OptionSpec, parseOptions, ParsedArgs } from '../toolchain/args';
import { log } from '../toolchain/process';
import { Command } from './command';
import { adopt } from './cmds/adopt';
import { reshard } from './cmds/reshard';
import { bindings, bindingsSchema } from './cmds/bindings';
import { cdktfEnv } from './cmds/cdktf-env';
import { credentials } from './cmds/credentials';
import { deploy } from './cmds/deploy';
import { doctor } from './cmds/doctor';
import { drift } from './cmds/drift';
import { environments } from './cmds/environments';
import { keycloakDown, keycloakUp } from './cmds/keycloak';
import { plan } from './cmds/plan';
import { schema } from './cmds/schema';
import { start } from './cmds/start';
import { synth } from './cmds/synth';
import { tools } from './cmds/tools';
import { usage } from './cmds/usage';
import { validate } from './cmds/validate';

export type { Command };

/** Every command, by the name `npm run` knows it by (package.json), in the order `--help` lists them. */
export const commands: Record<string, Command> = {
  start,
  tools,
  doctor,
  'keycloak:up': keycloakUp,
  'keycloak:down': keycloakDown,
  validate,
  synth,
  deploy,
  plan,
  drift,
  adopt,
  reshard,
  credentials,
  environments,
  'cdktf-env': cdktfEnv,
  usage,
  bindings,
  'bindings:schema': bindingsSchema,
  schema,
};

/** Options every command accepts. */
const COMMON: Record<string, OptionSpec> = {
  help: { type: 'boolean', help: 'show this help' },
};

/** Parses a command's arguments; an unknown option, or a missing value, lists the options it knows (exit code 2). */
export function parseArgs(name: string, command: Command, args: string[]): ParsedArgs {
  return parseOptions(name, { ...COMMON, ...command.options }, args, {
    allowPositionals: command.positionals !== undefined,
    helpHint: `npm run ${name} -- --help`,
  });
}

/** `--help` of one command: usage, what it does, each option. */
export function helpOf(name: string, command: Command): string {
  const rest = command.usage.slice(name.length);
  return [
    `usage: npm run ${name}${rest ? ` --${rest}` : ''}`,
    '',
    command.summary,
    '',
    'options:',
    ...optionRows({ ...command.options, ...COMMON }),
  ].join('\n');
}

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
  // Every environment variable is checked before any work: a bad one stops here, named (SettingsError).
  currentSettings();
  const code = await command.run(parsed);
  return typeof code === 'number' ? code : 0;
}

// Run only as the command line, so that the tests can import the command table.
if (require.main === module) {
  // Node.js prints a warning (a deprecation, say) on the next tick after it is raised; exiting
  // straight from the promise would drop it unseen, so the exit waits for one turn.
  const exit = (code: number) => setImmediate(() => process.exit(code));
  main().then(exit, (err: unknown) => {
    if (err instanceof UserError) {
      log(`error: ${err.message}`);
      exit(err.exitCode);
      return;
    }
    log(err instanceof Error ? (err.stack ?? err.message) : String(err));
    exit(1);
  });
}
