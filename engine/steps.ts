/**
 * The steps every command is made of: validate, synthesize, init, plan, apply, and read a
 * plan back as a summary. The engine runs directly in the synthesized stack directory, so
 * that plans can be saved, reviewed and applied exactly, with the engine's exit codes.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Project } from '../model/load';
import { buildApp } from '../stacks/app';
import { Part, stackName, Target } from '../stacks/target';
import { withEncryption } from './encryption';
import { baseEnv, engineEnv } from './environment';
import { projectRoot } from '../config/paths';
import { capture, formatSeconds, log } from '../toolchain/process';
import { UserError } from '../model/problems';
import { engineBinary } from '../toolchain/inspect';

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
  /** Customer clients to adopt through import blocks: client id -> import id. @default - none */
  readonly adopt?: ReadonlyMap<string, string>;
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
    if (!out.KEYCLOAK_CLIENT_ID)
      throw new UserError('KEYCLOAK_CLIENT_SECRET is set but KEYCLOAK_CLIENT_ID is not: set the id of the provisioning client.');
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
  const { app, project, targets } = buildApp({
    root: ws.root,
    outdir: ws.outdir,
    env: ws.env,
    environments: [ws.environment],
    parts: [partOf(ws)],
    adopt: ws.adopt,
  });
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

/**
 * Seconds one engine run may take before it is stopped: generous for a healthy Keycloak,
 * but bounded when the server hangs (a frozen server kept a plan silent for over 500 s
 * although every admin call has a client timeout: the provider retries).
 * @default 120 + 3 x KEYCLOAK_CLIENT_TIMEOUT + 1 s per resource; `APIKEYS_ENGINE_TIMEOUT` (seconds) overrides it
 */
export function engineTimeoutSeconds(env: NodeJS.ProcessEnv, resources: number): number {
  const own = env.APIKEYS_ENGINE_TIMEOUT;
  if (own !== undefined && own.trim() !== '') {
    const n = Number(own);
    if (!Number.isFinite(n) || n <= 0) throw new UserError(`APIKEYS_ENGINE_TIMEOUT=${own} is not a positive number of seconds.`);
    return n;
  }
  return 120 + 3 * Number(env.KEYCLOAK_CLIENT_TIMEOUT || 60) + resources;
}

/** Resources in a synthesized stack (for the engine's time budget). */
function resourceCount(dir: string): number {
  try {
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as {
      resource?: Record<string, Record<string, unknown>>;
    };
    return Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
  } catch {
    return 0;
  }
}

/** What an engine run that did not succeed means, in the words of the person who ran it. */
export function engineFailure(
  what: string,
  dir: string,
  r: { code: number; signal?: string; timedOut?: number; output: string },
  logFile?: string,
): UserError {
  const tail = (logFile ? `; full log: ${logFile}` : '') + (r.output ? `\n${errorBlock(r.output)}` : '');
  if (r.timedOut !== undefined) {
    return new UserError(
      `${what} did not finish within ${r.timedOut} s and was stopped (in ${dir}). Is Keycloak reachable and answering? ` +
        `KEYCLOAK_CLIENT_TIMEOUT bounds each admin call, APIKEYS_ENGINE_TIMEOUT the whole run. A deploy stopped this way may have created clients: rerun deploy: it adopts what the interrupted run created.${tail}`,
    );
  }
  if (r.signal) {
    const next = / apply$| import$/.test(what)
      ? 'Rerun deploy: it adopts what the interrupted run created.'
      : 'Nothing was changed; rerun the command.';
    return new UserError(`${what} was interrupted (killed by ${r.signal}) in ${dir}. ${next}${tail}`);
  }
  if (/Saved plan is stale/.test(r.output)) {
    return new UserError(
      `${what}: the plan is stale: another deploy changed the state after this plan was made (it won the race for the state lock); nothing was applied. ` +
        `Plan again: rerun deploy, or make and review a new plan.${tail}`,
    );
  }
  if (/different state lineage/.test(r.output)) {
    return new UserError(
      `${what}: the plan was made against another state (the state was lost or replaced since); nothing was applied. Make a new plan, or rerun deploy.${tail}`,
    );
  }
  return new UserError(`${what} failed with exit code ${r.code} in ${dir}${tail}`);
}

async function engineRun(ws: Workspace, args: string[], allowed: number[] = [0]): Promise<{ code: number; output: string }> {
  const dir = stackDir(ws);
  const full = [`-chdir=${dir}`, ...args];
  const what = `${path.basename(engineBinary())} ${args[0]}`;
  const limit = engineTimeoutSeconds(ws.env, resourceCount(dir));
  const started = Date.now();
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
  // Everything the engine writes (state, its backups, saved plans, .terraform/) can hold
  // client secrets: it is created readable by the owner only. The child inherits the umask
  // at spawn time, so it is narrowed just for the spawn.
  const previousUmask = process.umask(0o077);
  let child: ChildProcess;
  try {
    child = spawn(engineBinary(), full, { env: engineEnv(ws.env), cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    process.umask(previousUmask);
  }
  let result: { code: number; signal?: string; timedOut?: number; output: string };
  try {
    result = await new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      const take = (d: Buffer) => {
        chunks.push(d);
        for (const sink of sinks) sink.write(d);
      };
      child.stdout?.on('data', take);
      child.stderr?.on('data', take);
      const progress = setInterval(
        () => log(`  ... ${what} (${path.basename(dir)}): ${formatSeconds((Date.now() - started) / 1000)} so far`),
        30_000,
      );
      let timedOut: number | undefined;
      const deadline = setTimeout(() => {
        timedOut = limit;
        // SIGTERM first: the engine stops gracefully and writes what it has done to the state.
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }, limit * 1000);
      child.on('error', (err) => {
        clearInterval(progress);
        clearTimeout(deadline);
        reject(err);
      });
      child.on('close', (code, signal) => {
        clearInterval(progress);
        clearTimeout(deadline);
        resolve({ code: code ?? 1, signal: signal ?? undefined, timedOut, output: Buffer.concat(chunks).toString('utf8') });
      });
    });
  } finally {
    if (logStream) await new Promise((r) => logStream!.end(r));
  }
  if (result.timedOut !== undefined || result.signal || !allowed.includes(result.code))
    throw engineFailure(what, dir, result, logStream ? ws.logFile : undefined);
  return result;
}

/**
 * Narrows what may hold secrets to the owner: the synthesized stack directory (saved plans,
 * .terraform/) and a local state's files and directory. State written before the engine ran
 * under umask 077 was created 0644; this repairs it.
 */
function protectFiles(ws: Workspace, target: Target): void {
  fs.chmodSync(stackDir(ws), 0o700);
  if (target.state.kind !== 'local') return;
  const dir = path.dirname(target.state.path);
  const created = fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const base = path.basename(target.state.path);
  const entries = fs.readdirSync(dir);
  // The directory only when it is a state directory: a custom path may sit in a shared one.
  if (created !== undefined || entries.every((f) => f.includes('.tfstate'))) fs.chmodSync(dir, 0o700);
  for (const f of entries) if (f.startsWith(base)) fs.chmodSync(path.join(dir, f), 0o600);
}

export async function init(ws: Workspace, target: Target): Promise<void> {
  protectFiles(ws, target);
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

/** Addresses of everything in the stack's state (`state list`); none before the first deploy. */
export function stateList(ws: Workspace): string[] {
  const res = capture(engineBinary(), [`-chdir=${stackDir(ws)}`, 'state', 'list', '-no-color'], { env: engineEnv(ws.env) });
  if (res.code !== 0) {
    if (/No state file was found/i.test(res.stderr + res.stdout)) return [];
    throw new UserError(`state list failed in ${stackDir(ws)}: ${res.stderr}`);
  }
  return res.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The synthesized address of a customer's client resource (cdktf adds a hash to the name). */
export function clientAddress(ws: Workspace, clientId: string): string {
  const json = JSON.parse(fs.readFileSync(path.join(stackDir(ws), 'cdk.tf.json'), 'utf8'));
  const clients = (json.resource?.keycloak_openid_client ?? {}) as Record<string, { client_id: string }>;
  const name = Object.keys(clients).find((n) => n.startsWith(`customer-${clientId}_client_`) && clients[n].client_id === clientId);
  if (!name) throw new UserError(`No customer "${clientId}" in the synthesized stack ${stackDir(ws)}.`);
  return `keycloak_openid_client.${name}`;
}

/** Imports one existing object into state, reading it and changing nothing in Keycloak. */
export async function importResource(ws: Workspace, address: string, id: string): Promise<void> {
  await engineRun(ws, ['import', '-input=false', '-no-color', lockTimeout(ws), address, id]);
}

/** The engine's JSON view of a saved plan (or of the state, without a plan file). */
export function showJson(ws: Workspace, planFile?: string): any {
  const args = [`-chdir=${stackDir(ws)}`, 'show', '-json', '-no-color'];
  if (planFile) args.push(path.resolve(planFile));
  const res = capture(engineBinary(), args, { env: engineEnv(ws.env) });
  if (res.code !== 0) throw new UserError(`show -json failed: ${res.stderr}`);
  return JSON.parse(res.stdout);
}
