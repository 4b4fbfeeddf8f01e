/**
 * The steps every command is made of: validate, synthesize, init, plan, apply, and read a
 * plan back as a summary. The engine runs directly in the synthesized stack directory, so
 * that plans can be saved, reviewed and applied exactly, with the engine's exit codes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { OpenidClient } from '../.gen/providers/keycloak/openid-client';
import { CLIENT_RESOURCE_ID, customerOfResourceName } from '../keycloak/customer-id';
import { RealmEventSettings } from '../keycloak';
import { Project } from '../model/load';
import { buildApp } from '../stacks/app';
import { Shard } from '../stacks/shards';
import { Part, stackName, Target } from '../stacks/target';
import { withEncryption } from './encryption';
import { baseEnv, engineEnv } from './environment';
import { projectRoot } from '../config/paths';
import { readSettings, Settings } from '../config/settings';
import { capture, captureAsync, Captured, formatSeconds, log } from '../toolchain/process';
import { UserError } from '../model/problems';
import { engineBinary } from '../toolchain/inspect';
import { credentialsFor } from './admin-api';
import { engineTlsRefusal, tlsRefusalError, TlsTarget } from './tls-trust';

/**
 * What one command run works on: the project's files, where its stacks are written, which
 * environment and stack, the settings it decides by, the variables the engine gets, and
 * where the engine's output goes. (Not a Terraform workspace: the engine's is always `default`.)
 */
export interface RunContext {
  /** Where platform.yaml and customers/ are. */
  readonly root: string;
  /** Where the stack is synthesized. */
  readonly outdir: string;
  /**
   * The variables the engine runs with: this process's environment passed through, plus the
   * engine's own (engine/environment.ts) and, after `synth`, the target's credentials and encryption.
   */
  readonly env: NodeJS.ProcessEnv;
  /** The settings parsed from `env` before anything was added (config/settings.ts): what the steps decide by. */
  readonly settings: Settings;
  /** The environment (environments.yaml) this run plans and deploys. @default "local" */
  readonly environment: string;
  /** The stack of that environment: `platform` or `customers`. @default - both (commands run platform first) */
  readonly part?: Part;
  /** The customers shard, when platform.yaml spreads customers over several (`customerShards`). @default - the only one */
  readonly shard?: Shard;
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
  /**
   * Client ids of the realm's clients that the platform stack keeps from the pipeline
   * identities (engine/platform-facts.ts). @default - Keycloak's built-in clients
   */
  readonly protectedClientIds?: readonly string[];
  /** Platform objects to adopt through import blocks: construct path below the stack -> import id. @default - none */
  readonly platformAdopt?: ReadonlyMap<string, string>;
  /** A realm the project does not own: its event configuration before the plan (engine/platform-facts.ts). */
  readonly realmEvents?: RealmEventSettings;
  /** JWKS URLs of trusted issuers read from their discovery documents before the plan (engine/issuer-discovery.ts). */
  readonly issuerJwksUrls?: ReadonlyMap<string, string>;
  /** The files, already loaded and validated: `synth` builds from them instead of reading them again. @default - read by `synth` */
  readonly project?: Project;
  /** The Keycloak the synthesized stack talks to and the CA it trusts, set by `synth`: names the fix when the provider refuses its certificate. */
  readonly keycloak?: TlsTarget;
}

/**
 * A run of the project's repository: the engine's variables are this process's environment
 * plus `overrides.env`, and the settings are parsed from them (a bad value throws SettingsError).
 * Settings in `overrides` are ignored: they always follow the variables.
 */
export function defaultRunContext(overrides: Partial<RunContext> = {}): RunContext {
  const env = baseEnv(overrides.env ?? {});
  return {
    root: projectRoot,
    outdir: path.join(projectRoot, 'cdktf.out'),
    environment: 'local',
    ...overrides,
    env,
    settings: readSettings(env),
  };
}

/**
 * The engine's variables with the provider's credentials for the target (credentialsFor):
 * the provider reads them from its environment, never from the configuration.
 */
export function withCredentials(
  env: NodeJS.ProcessEnv,
  settings: Settings,
  target: Pick<Target, 'local' | 'environment' | 'keycloakUrl'>,
): NodeJS.ProcessEnv {
  const c = credentialsFor(settings, target);
  const out: NodeJS.ProcessEnv = { ...env, KEYCLOAK_CLIENT_ID: c.clientId };
  if (c.clientSecret !== undefined) out.KEYCLOAK_CLIENT_SECRET = c.clientSecret;
  // The provider signs its own client assertion with it (without a key id; Keycloak accepts
  // that while the client holds one key). Set as parsed: a secret store may have flattened the PEM.
  if (c.jwtSigningKey !== undefined) out.KEYCLOAK_JWT_SIGNING_KEY = c.jwtSigningKey;
  if (c.user !== undefined) out.KEYCLOAK_USER = c.user;
  if (c.password !== undefined) out.KEYCLOAK_PASSWORD = c.password;
  return out;
}

function partOf(ctx: RunContext): Part {
  if (!ctx.part) throw new Error('this step works on one stack: set the part of the run context');
  return ctx.part;
}

export function stackDir(ctx: RunContext): string {
  return path.join(ctx.outdir, 'stacks', stackName(ctx.environment, partOf(ctx), ctx.shard));
}

/**
 * Validates the files and writes the run's stack. Throws ValidationError. The
 * returned context carries the provider credentials for the target.
 */
export function synth(ctx: RunContext): { project: Project; target: Target; ctx: RunContext } {
  const { app, project, targets } = buildApp({
    root: ctx.root,
    outdir: ctx.outdir,
    settings: ctx.settings,
    ...(ctx.project ? { project: ctx.project } : {}),
    environments: [ctx.environment],
    parts: [partOf(ctx)],
    ...(ctx.shard ? { shards: [ctx.shard.index], shardCount: ctx.shard.count } : {}),
    adopt: ctx.adopt,
    protectedClientIds: () => ctx.protectedClientIds,
    realmEvents: () => ctx.realmEvents,
    issuerJwksUrls: () => ctx.issuerJwksUrls,
    platformAdopt: ctx.platformAdopt,
  });
  if (targets.length !== 1)
    throw new Error(
      `this step works on one stack, and ${targets.map((t) => t.stackName).join(', ')} were built: set the shard of the run context`,
    );
  app.synth();
  const target = targets[0];
  return {
    project,
    target,
    ctx: {
      ...ctx,
      env: withEncryption(withCredentials(ctx.env, ctx.settings, target), ctx.settings, target),
      keycloak: { environment: target.environment, keycloakUrl: target.keycloakUrl, ...(target.ca ? { ca: target.ca } : {}) },
    },
  };
}

/** Validates the files and writes every stack of the run's part (each customers shard): what `npm run synth` shows. Throws ValidationError. */
export function synthPart(ctx: RunContext): Target[] {
  const { app, targets } = buildApp({
    root: ctx.root,
    outdir: ctx.outdir,
    settings: ctx.settings,
    environments: [ctx.environment],
    parts: [partOf(ctx)],
  });
  app.synth();
  return targets;
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
export function engineTimeoutSeconds(settings: Settings, resources: number): number {
  return settings.engine.timeoutSeconds ?? 120 + 3 * settings.login.timeoutSeconds + resources;
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

/**
 * What an engine run that did not succeed means, in the words of the person who ran it.
 * `keycloak` (the run context's) names the environment when the provider refused Keycloak's certificate.
 */
export function engineFailure(what: string, dir: string, r: Captured, logFile?: string, keycloak?: TlsTarget): UserError {
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
  if (/expected provided client scope name to match 1 scope, but matched 0 scopes/.test(r.output)) {
    return new UserError(
      `${what}: a client scope the customers stack reads (the audience scope, or a role scope \`<api client id>-role-<role>\`) is not in the realm. ` +
        `Deploy the platform part first (\`npm run deploy -- --part platform\`, an administrator), then plan the customers again.${tail}`,
    );
  }
  const refusal = keycloak ? engineTlsRefusal(r.output) : undefined;
  if (refusal) {
    const { message } = tlsRefusalError(keycloak!, refusal, `${what} (the keycloak provider)`);
    return new UserError(`${message}${tail}`);
  }
  const exists = /Client (\S+) already exists/.exec(r.output);
  if (exists) {
    return new UserError(
      `${what}: client "${exists[1]}" exists in Keycloak already, and this identity may not see it: it is not a customer (someone's login client, the company's, or Keycloak's own). ` +
        `Rename customers/${exists[1]}.yaml; an administrator's plan names the client and what it is.${tail}`,
    );
  }
  return new UserError(`${what} failed with exit code ${r.code} in ${dir}${tail}`);
}

async function engineRun(ctx: RunContext, args: string[], allowed: number[] = [0]): Promise<Captured> {
  const dir = stackDir(ctx);
  const what = `${path.basename(engineBinary())} ${args[0]}`;
  // Quiet by default: the output goes to the run's log file (and to the terminal only with
  // --verbose); a failure shows the engine's error block and where the full log is.
  const sinks: NodeJS.WritableStream[] = [];
  let logStream: fs.WriteStream | undefined;
  if (ctx.logFile && !ctx.quiet) {
    fs.mkdirSync(path.dirname(ctx.logFile), { recursive: true });
    logStream = fs.createWriteStream(ctx.logFile, { flags: 'a' });
    logStream.write(`\n$ ${path.basename(engineBinary())} ${args.join(' ')}\n`);
    sinks.push(logStream);
  }
  if (ctx.verbose) sinks.push(process.stderr);
  // Everything the engine writes (state, its backups, saved plans, .terraform/) can hold
  // client secrets: it is created readable by the owner only. The child inherits the umask
  // at spawn time, and captureAsync spawns before it returns, so it is narrowed just for that.
  const previousUmask = process.umask(0o077);
  let running: Promise<Captured>;
  try {
    running = captureAsync(engineBinary(), [`-chdir=${dir}`, ...args], {
      env: engineEnv(ctx.env),
      cwd: projectRoot,
      sinks,
      timeoutSeconds: engineTimeoutSeconds(ctx.settings, resourceCount(dir)),
      heartbeat: (seconds) => log(`  ... ${what} (${path.basename(dir)}): ${formatSeconds(seconds)} so far`),
    });
  } finally {
    process.umask(previousUmask);
  }
  let result: Captured;
  try {
    result = await running;
  } finally {
    if (logStream) await new Promise((r) => logStream!.end(r));
  }
  if (result.timedOut !== undefined || result.signal || !allowed.includes(result.code))
    throw engineFailure(what, dir, result, logStream ? ctx.logFile : undefined, ctx.keycloak);
  return result;
}

/**
 * Narrows what may hold secrets to the owner: the synthesized stack directory (saved plans,
 * .terraform/) and a local state's files and directory. State written before the engine ran
 * under umask 077 was created 0644; this repairs it.
 */
function protectFiles(ctx: RunContext, target: Target): void {
  fs.chmodSync(stackDir(ctx), 0o700);
  if (target.state.kind !== 'local') return;
  const dir = path.dirname(target.state.path);
  const created = fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const base = path.basename(target.state.path);
  const entries = fs.readdirSync(dir);
  // The directory only when it is a state directory: a custom path may sit in a shared one.
  if (created !== undefined || entries.every((f) => f.includes('.tfstate'))) fs.chmodSync(dir, 0o700);
  for (const f of entries) if (f.startsWith(base)) fs.chmodSync(path.join(dir, f), 0o600);
}

export async function init(ctx: RunContext, target: Target): Promise<void> {
  protectFiles(ctx, target);
  // -reconfigure: the backend comes from the environment of each run; never migrate silently.
  // The output is captured (it is only interesting when init fails). Two first-time inits
  // against a new pg schema race on CREATE SCHEMA; the loser sees a duplicate key and
  // simply retries, since init is idempotent.
  for (let attempt = 1; ; attempt++) {
    try {
      await engineRun({ ...ctx, verbose: false }, ['init', '-input=false', '-no-color', '-reconfigure']);
      return;
    } catch (err) {
      const raced = /duplicate key value violates unique constraint|already exists/.test((err as Error).message);
      if (!raced || attempt >= 3) throw err;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

/**
 * How long to wait for a state lock held by another run (shared backends).
 * @default "60s" (`APIKEYS_LOCK_TIMEOUT`, any engine duration such as 0s or 5m)
 */
function lockTimeout(ctx: RunContext): string {
  return `-lock-timeout=${ctx.settings.engine.lockTimeout}`;
}

/** Resources the engine works on at once (`APIKEYS_ENGINE_PARALLELISM`; measured in docs/performance.md). */
function parallelism(ctx: RunContext): string {
  return `-parallelism=${ctx.settings.engine.parallelism}`;
}

/**
 * Plans against the live Keycloak. Returns true when there are changes.
 * @param planFile where to save the plan, for an exact apply later
 */
export async function plan(ctx: RunContext, planFile?: string, extraArgs: readonly string[] = []): Promise<boolean> {
  const args = [
    'plan',
    '-input=false',
    '-no-color',
    '-detailed-exitcode',
    '-compact-warnings',
    lockTimeout(ctx),
    parallelism(ctx),
    ...extraArgs,
  ];
  if (planFile) args.push(`-out=${path.resolve(planFile)}`);
  const { code } = await engineRun(ctx, args, [0, 2]);
  return code === 2;
}

export async function apply(ctx: RunContext, planFile: string): Promise<void> {
  await engineRun(ctx, [
    'apply',
    '-input=false',
    '-no-color',
    '-compact-warnings',
    lockTimeout(ctx),
    parallelism(ctx),
    path.resolve(planFile),
  ]);
}

/** Addresses of everything in the stack's state (`state list`); none before the first deploy. */
export function stateList(ctx: RunContext): string[] {
  const res = capture(engineBinary(), [`-chdir=${stackDir(ctx)}`, 'state', 'list', '-no-color'], { env: engineEnv(ctx.env) });
  if (res.code !== 0) {
    if (/No state file was found/i.test(res.stderr + res.stdout)) return [];
    throw new UserError(`state list failed in ${stackDir(ctx)}: ${res.stderr}`);
  }
  return res.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The synthesized address of a customer's client resource (cdktf adds a hash to the name). */
export function clientAddress(ctx: RunContext, clientId: string): string {
  const json = JSON.parse(fs.readFileSync(path.join(stackDir(ctx), 'cdk.tf.json'), 'utf8'));
  const clients = (json.resource?.[OpenidClient.tfResourceType] ?? {}) as Record<string, { client_id: string }>;
  const name = Object.keys(clients).find((n) => {
    const customer = customerOfResourceName(n);
    return customer?.clientId === clientId && customer.part === CLIENT_RESOURCE_ID && clients[n].client_id === clientId;
  });
  if (!name) throw new UserError(`No customer "${clientId}" in the synthesized stack ${stackDir(ctx)}.`);
  return `${OpenidClient.tfResourceType}.${name}`;
}

/** Imports one existing object into state, reading it and changing nothing in Keycloak. */
export async function importResource(ctx: RunContext, address: string, id: string): Promise<void> {
  await engineRun(ctx, ['import', '-input=false', '-no-color', lockTimeout(ctx), address, id]);
}

/**
 * The engine's JSON view of a plan it has just saved, for the summary. A plan the engine
 * reported as having no changes (`-detailed-exitcode` 0) holds only no-op resource changes,
 * which the summary skips, so reading it back (`show -json`: 3-4 s at 1,000 customers) is
 * skipped too, unless the configuration imports something (an adoption is reported by name).
 */
export function planJson(ctx: RunContext, planFile: string, changes: boolean): any {
  if (changes) return showJson(ctx, planFile);
  const config = JSON.parse(fs.readFileSync(path.join(stackDir(ctx), 'cdk.tf.json'), 'utf8')) as { import?: unknown };
  const imports = Array.isArray(config.import) ? config.import.length > 0 : config.import !== undefined;
  return imports ? showJson(ctx, planFile) : { resource_changes: [] };
}

/** The engine's JSON view of a saved plan (or of the state, without a plan file). */
export function showJson(ctx: RunContext, planFile?: string): any {
  const args = [`-chdir=${stackDir(ctx)}`, 'show', '-json', '-no-color'];
  if (planFile) args.push(path.resolve(planFile));
  const res = capture(engineBinary(), args, { env: engineEnv(ctx.env) });
  if (res.code !== 0) throw new UserError(`show -json failed: ${res.stderr}`);
  return JSON.parse(res.stdout);
}
