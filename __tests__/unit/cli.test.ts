/**
 * Command-line conventions: every command answers --help with its options, an unknown option
 * is refused with the list of valid ones, and argument parsing is Node's util.parseArgs.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { commands, helpOf, parseArgs } from '../../cli/main';
import { UserError } from '../../model/problems';

const NAMES = Object.keys(commands);

describe('--help', () => {
  it('is known to every command', () => {
    expect(NAMES.sort()).toEqual([
      'adopt',
      'bindings',
      'bindings:schema',
      'cdktf-env',
      'credentials',
      'deploy',
      'doctor',
      'drift',
      'environments',
      'keycloak:down',
      'keycloak:up',
      'plan',
      'reshard',
      'schema',
      'start',
      'synth',
      'tools',
      'usage',
      'validate',
    ]);
    for (const name of NAMES) expect(parseArgs(name, commands[name], ['--help']).values.help).toBe(true);
  });

  /** The first line of each command's help, written out (what a user types: `--` only before arguments). */
  const USAGE: Record<string, string> = {
    adopt: 'usage: npm run adopt -- [--env <name>] <client-id>... | --all | --platform',
    bindings: 'usage: npm run bindings',
    'bindings:schema': 'usage: npm run bindings:schema',
    'cdktf-env': 'usage: npm run cdktf-env -- [--env <name>]',
    credentials: 'usage: npm run credentials -- <client-id> [--env <name>] [--reveal] [--output <new file>]',
    deploy:
      'usage: npm run deploy -- [--env <name>] [--part <platform|customers>] [--plan <saved plan>] [--confirm-removal <n>] [--verbose]',
    doctor: 'usage: npm run doctor -- [--all]',
    drift: 'usage: npm run drift -- [--env <name>] [--part <platform|customers>] [--out <dir>] [--deep] [--verbose]',
    environments: 'usage: npm run environments',
    'keycloak:down': 'usage: npm run keycloak:down',
    'keycloak:up': 'usage: npm run keycloak:up',
    plan: 'usage: npm run plan -- [--env <name>] [--part <platform|customers>] [--out <dir>] [--confirm-removal <n>] [--deep] [--verbose]',
    reshard: 'usage: npm run reshard -- [--env <name>] [--from <shard count>]',
    schema: 'usage: npm run schema',
    start: 'usage: npm run start -- [--env <name>] [--verbose]',
    synth: 'usage: npm run synth -- [--env <name>] [--part <platform|customers>]',
    tools: 'usage: npm run tools -- [--all]',
    usage: 'usage: npm run usage -- [--env <name>] [--json] [--unused-days <n>]',
    validate: 'usage: npm run validate',
  };

  it('has a written-out usage line for every command', () => {
    expect(Object.keys(USAGE).sort()).toEqual([...NAMES].sort());
  });

  it.each(NAMES.map((n) => [n]))('%s: starts with its usage line and lists every option the command accepts', (name) => {
    const help = helpOf(name, commands[name]);
    expect(help.split('\n')[0]).toBe(USAGE[name]);
    for (const option of [...Object.keys(commands[name].options ?? {}), 'help']) expect(help).toMatch(new RegExp(`^  --${option}\\b`, 'm'));
  });

  it("shows deploy's options with their values and meaning", () => {
    expect(helpOf('deploy', commands.deploy)).toBe(
      [
        'usage: npm run deploy -- [--env <name>] [--part <platform|customers>] [--plan <saved plan>] [--confirm-removal <n>] [--verbose]',
        '',
        'validate, plan and apply (or apply a plan saved by `plan`; refused when stale)',
        '',
        'options:',
        '  --env <name>                    one environment of environments.yaml (default: every environment)',
        '  --part <platform|customers>     one of the two stacks (default: both, platform first)',
        "  --verbose                       stream the engine's output to the terminal (it always goes to the log file)",
        "  --plan <file>                   apply this reviewed plan (from `npm run plan`) instead of planning again: a stack's <stack>.tfplan, or with customer shards the environment's api-keys-<env>.plan.json (every shard plan it lists); needs --env",
        '  --confirm-removal <n>           allow a plan that removes n customers beyond removalGuard (platform.yaml); n must be the exact count',
        '  --help                          show this help',
      ].join('\n'),
    );
  });
});

describe('unknown options and values', () => {
  const error = (name: string, args: string[]): UserError => {
    try {
      parseArgs(name, commands[name], args);
    } catch (err) {
      return err as UserError;
    }
    throw new Error(`${name} ${args.join(' ')} was accepted`);
  };

  it('refuses an unknown option and lists the valid ones, exit code 2', () => {
    const err = error('drift', ['--enviroment', 'prod']);
    expect(err).toBeInstanceOf(UserError);
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(
      "drift: Unknown option '--enviroment'\nvalid options: --help, --env <name>, --part <platform|customers>, --verbose, --out <dir>, --deep (npm run drift -- --help)",
    );
  });

  it('refuses an option without its value', () => {
    expect(error('credentials', ['acme', '--env']).message).toMatch(
      /^credentials: Option '--env <value>' argument missing\nvalid options: --help, --env <name>, --reveal, --output <new file>/,
    );
  });

  it('refuses positional arguments where the command takes none', () => {
    expect(error('validate', ['customers/acme.yaml']).message).toMatch(/^validate: Unexpected argument 'customers\/acme.yaml'/);
  });

  it('parses --key value, --key=value and flags', () => {
    expect(parseArgs('credentials', commands.credentials, ['acme', '--env=prod', '--reveal'])).toEqual({
      values: { env: 'prod', reveal: true },
      positionals: ['acme'],
    });
    expect(parseArgs('plan', commands.plan, ['--out', 'dir', '--part', 'customers', '--verbose']).values).toEqual({
      out: 'dir',
      part: 'customers',
      verbose: true,
    });
  });
});

describe('the command line itself', () => {
  it('answers npm run deploy -- --help on stdout with exit code 0, and an unknown option with exit code 2', () => {
    const cli = path.join(__dirname, '..', '..', 'cli', 'main.ts');
    const tsNode = require.resolve('ts-node/dist/bin.js');
    const run = (args: string[]) =>
      spawnSync(process.execPath, [tsNode, '--transpile-only', cli, ...args], { encoding: 'utf8', timeout: 60_000 });
    const help = run(['deploy', '--help']);
    expect({ code: help.status, first: help.stdout.split('\n')[0] }).toEqual({
      code: 0,
      first:
        'usage: npm run deploy -- [--env <name>] [--part <platform|customers>] [--plan <saved plan>] [--confirm-removal <n>] [--verbose]',
    });
    const bad = run(['deploy', '--hepl']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("error: deploy: Unknown option '--hepl'\nvalid options: --help, --env <name>");
  });
});
