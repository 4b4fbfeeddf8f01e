/**
 * The steps every command is made of: validate, synthesize, init, plan, apply, and read a
 * plan back as a summary. The engine runs directly in the synthesized stack directory, so
 * that plans can be saved, reviewed and applied exactly, with the engine's exit codes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Project } from '../model/load';
import { buildApp } from '../stacks/app';
import { Part, stackName, Target } from '../stacks/target';
import { withEncryption } from './encryption';
import { baseEnv, engineEnv } from './engine';
import { projectRoot } from './paths';
import { capture, captureAsync, UserError } from './run';
import { engineBinary } from './toolchain';

export interface Workspace {
  /** Where platform.yaml and customers/ are. */
  readonly root: string;
  /** Where the stack is synthesized. */
  readonly outdir: string;
  /** Environment variables for the engine (credentials, engine settings, overrides). */
  readonly env: NodeJS.ProcessEnv;
  /** The environment (environments.yaml) this workspace plans and deploys. @default "local" */
  readonly environment: string;
  /** The stack of that environment: `platform` or `customers`. @default - both (commands run platform first) */
  readonly part?: Part;
  /** Capture engine output in memory only, without a log file (tests, benchmarks). */
  readonly quiet?: boolean;
  /** Also stream the engine's output to the terminal (`--verbose`). @default false */
  readonly verbose?: boolean;
  /**
   * The log file that receives the engine's output for this stack and run (appended to by
   * every step: init, plan, apply). @default - none (output is kept in memory only)
   */
  readonly logFile?: string;
}

export function defaultWorkspace(overrides: Partial<Workspace> = {}): Workspace {
  const env = baseEnv(overrides.env ?? {});
  return { root: projectRoot, outdir: path.join(projectRoot, 'cdktf.out'), environment: 'local', ...overrides, env };
}

/**
 * Credentials for the provider. The local Keycloak has documented defaults; any other
 * Keycloak needs them set explicitly, and nothing is ever written into the configuration.
 */
export function withCredentials(env: NodeJS.ProcessEnv, target: Pick<Target, 'local' | 'environment' | 'keycloakUrl'>): NodeJS.ProcessEnv {
  const out = { ...env };
  const local = target.local;
  if (out.KEYCLOAK_CLIENT_SECRET) {
    if (!out.KEYCLOAK_CLIENT_ID) throw new UserError('KEYCLOAK_CLIENT_SECRET is set but KEYCLOAK_CLIENT_ID is not: set the id of the provisioning client.');
    return out;
  }
  if (local) {
    out.KEYCLOAK_USER ||= 'admin';
    out.KEYCLOAK_PASSWORD ||= 'admin';
  } else if (!out.KEYCLOAK_USER || !out.KEYCLOAK_PASSWORD) {
    throw new UserError(
      `Environment "${target.environment}" (${target.keycloakUrl}) needs credentials: KEYCLOAK_CLIENT_ID + KEYCLOAK_CLIENT_SECRET (a service account, recommended) ` +
        'or KEYCLOAK_USER + KEYCLOAK_PASSWORD (an admin user).',
    );
  }
  out.KEYCLOAK_CLIENT_ID ||= 'admin-cli';
  return out;
}

function partOf(ws: Workspace): Part {
  if (!ws.part) throw new Error('this step works on one stack: set the workspace part');
  return ws.part;
}

export function stackDir(ws: Workspace): string {
  return path.join(ws.outdir, 'stacks', stackName(ws.environment, partOf(ws)));
}

/**
 * Validates the files and writes the workspace's stack. Throws ValidationError. The
 * returned workspace carries the provider credentials for the target.
 */
export function synth(ws: Workspace): { project: Project; target: Target; ws: Workspace } {
  const { app, project, targets } = buildApp({ root: ws.root, outdir: ws.outdir, env: ws.env, environments: [ws.environment], parts: [partOf(ws)] });
  app.synth();
  const target = targets[0];
  return { project, target, ws: { ...ws, env: withEncryption(withCredentials(ws.env, target), target) } };
}

/**
 * The engine's error block from its output: the diagnostics from the first `Error:` on,
 * which is what a person needs, instead of the whole plan that precedes it.
 * @default - the last 40 lines when the output has no `Error:` line
 */
export function errorBlock(output: string, maxLines = 40): string {
  const lines = output.replace(/\s+$/, '').split('\n');
  const first = lines.findIndex((l) => /^[\s│╷]*Error: /.test(l));
  const block = first >= 0 ? lines.slice(first) : lines.slice(-maxLines);
  return (block.length > maxLines ? [...block.slice(0, maxLines), `... (${block.length - maxLines} more lines)`] : block).join('\n');
}

async function engineRun(ws: Workspace, args: string[], allowed: number[] = [0]): Promise<{ code: number; output: string }> {
  const dir = stackDir(ws);
  const full = [`-chdir=${dir}`, ...args];
  // Quiet by default: the output goes to the run's log file (and to the terminal only with
  // --verbose); a failure shows the engine's error block and where the full log is.
  const sinks: NodeJS.WritableStream[] = [];
  let logStream: fs.WriteStream | undefined;
  if (ws.logFile && !ws.quiet) {
    fs.mkdirSync(path.dirname(ws.logFile), { recursive: true });
    logStream = fs.createWriteStream(ws.logFile, { flags: 'a' });
    logStream.write(`\n$ ${path.basename(engineBinary())} ${args.join(' ')}\n`);
    sinks.push(logStream);
  }
  if (ws.verbose) sinks.push(process.stderr);
  let code: number;
  let output: string;
  try {
    ({ code, output } = await captureAsync(engineBinary(), full, { env: engineEnv(ws.env), cwd: projectRoot }, sinks));
  } finally {
    if (logStream) await new Promise((r) => logStream!.end(r));
  }
  if (!allowed.includes(code)) {
    const where = logStream ? `; full log: ${ws.logFile}` : '';
    throw new UserError(`${path.basename(engineBinary())} ${args[0]} failed with exit code ${code} in ${dir}${where}\n${errorBlock(output)}`);
  }
  return { code, output };
}

export async function init(ws: Workspace, target: Target): Promise<void> {
  if (target.state.kind === 'local') fs.mkdirSync(path.dirname(target.state.path), { recursive: true });
  // -reconfigure: the backend comes from the environment of each run; never migrate silently.
  // The output is captured (it is only interesting when init fails). Two first-time inits
  // against a new pg schema race on CREATE SCHEMA; the loser sees a duplicate key and
  // simply retries, since init is idempotent.
  for (let attempt = 1; ; attempt++) {
    try {
      await engineRun({ ...ws, verbose: false }, ['init', '-input=false', '-no-color', '-reconfigure']);
      return;
    } catch (err) {
      const raced = /duplicate key value violates unique constraint|already exists/.test((err as Error).message);
      if (!raced || attempt >= 3) throw err;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

/**
 * Plans against the live Keycloak. Returns true when there are changes.
 * @param planFile where to save the plan, for an exact apply later
 */
/**
 * How long to wait for a state lock held by another run (shared backends).
 * @default "60s" (`APIKEYS_LOCK_TIMEOUT`, any engine duration such as 0s or 5m)
 */
function lockTimeout(ws: Workspace): string {
  return `-lock-timeout=${ws.env.APIKEYS_LOCK_TIMEOUT || '60s'}`;
}

export async function plan(ws: Workspace, planFile?: string): Promise<boolean> {
  const args = ['plan', '-input=false', '-no-color', '-detailed-exitcode', '-compact-warnings', lockTimeout(ws)];
  if (planFile) args.push(`-out=${path.resolve(planFile)}`);
  const { code } = await engineRun(ws, args, [0, 2]);
  return code === 2;
}

export async function apply(ws: Workspace, planFile: string): Promise<void> {
  await engineRun(ws, ['apply', '-input=false', '-no-color', '-compact-warnings', lockTimeout(ws), path.resolve(planFile)]);
}

/** The engine's JSON view of a saved plan (or of the state, without a plan file). */
export function showJson(ws: Workspace, planFile?: string): any {
  const args = [`-chdir=${stackDir(ws)}`, 'show', '-json', '-no-color'];
  if (planFile) args.push(path.resolve(planFile));
  const res = capture(engineBinary(), args, { env: engineEnv(ws.env) });
  if (res.code !== 0) throw new UserError(`show -json failed: ${res.stderr}`);
  return JSON.parse(res.stdout);
}
