/**
 * Command-line arguments, one way for every program of the project (the CLI, the benchmarks):
 * options declared with their help and default, parsed by Node's `util.parseArgs`.
 */
import { parseArgs } from 'util';
import { UserError } from '../model/problems';

/** An option: a flag (`--reveal`) or one that takes a value (`--env <name>`). */
export interface OptionSpec {
  readonly type: 'boolean' | 'string';
  /** What it does, for --help. */
  readonly help: string;
  /** The value's placeholder in --help. @default "<value>" */
  readonly value?: string;
  /** The value when the option is not given, shown in --help. @default - none (undefined) */
  readonly default?: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export interface ParsedArgs {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: string[];
}

/** `--name <value>` or `--name`, as --help and the errors show an option. */
export function optionSyntax(name: string, spec: OptionSpec): string {
  return `--${name}${spec.type === 'string' ? ` ${spec.value ?? '<value>'}` : ''}`;
}

/**
 * Parses arguments against the declared options. An unknown option, a missing value or an
 * unexpected positional is a UserError (exit code 2) that lists the options `program` knows.
 * @param program the name in errors, e.g. "drift" @param helpHint how to get help, e.g. "npm run drift -- --help"
 */
export function parseOptions(
  program: string,
  specs: OptionSpecs,
  args: string[],
  options: { allowPositionals?: boolean; helpHint: string },
): ParsedArgs {
  const declared = Object.fromEntries(
    Object.entries(specs).map(([k, v]) => [k, v.default === undefined ? { type: v.type } : { type: v.type, default: v.default }]),
  );
  try {
    const { values, positionals } = parseArgs({
      args,
      options: declared,
      allowPositionals: options.allowPositionals ?? false,
      strict: true,
    });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (err) {
    const known = Object.entries(specs).map(([k, v]) => optionSyntax(k, v));
    const message = (err as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/, '');
    throw new UserError(`${program}: ${message}\nvalid options: ${known.join(', ')} (${options.helpHint})`, 2);
  }
}

/** One line per option for --help: syntax, then what it does and its default. */
export function optionRows(specs: OptionSpecs): string[] {
  return Object.entries(specs).map(
    ([k, v]) => `  ${optionSyntax(k, v)}`.padEnd(34) + v.help + (v.default === undefined ? '' : ` (default: ${v.default})`),
  );
}
