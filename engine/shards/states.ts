/**
 * The states of an environment's customers shards, read and written through the engine
 * without synthesizing the shards' resources: each shard gets a stack with its provider and
 * state backend only (stacks/state-stack.ts) in `<outdir>/states/`, is initialized, and its
 * state is pulled (decrypted by the engine when the state is encrypted) or pushed.
 *
 * What a survey gives per shard is what plans, drift checks and moves between shards decide
 * by: the fingerprint the shard was last applied with, the customers its state holds and
 * their resources (for the bulk check of engine/fast-check.ts), all for one engine start-up
 * per shard, several at a time.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { CLIENT_RESOURCE_ID, customerOfResourceName } from '../../keycloak/customer-id';
import { Project } from '../../model/load';
import { UserError } from '../../model/problems';
import { buildApp } from '../../stacks/app';
import { customersOfTarget } from '../../stacks/customers-stack';
import { FINGERPRINT_OUTPUT, shardFingerprint } from '../../stacks/fingerprint';
import { Target } from '../../stacks/target';
import { engineBinary } from '../../toolchain/inspect';
import { withEncryption } from '../encryption';
import { engineEnv } from '../environment';
import { StateResource } from '../fast-check';
import { init, RunContext } from '../steps';

/** The engine's state file (format version 4), as `state pull` prints it. */
export interface RawState {
  readonly version: number;
  readonly terraform_version?: string;
  readonly serial: number;
  readonly lineage: string;
  readonly outputs?: Record<string, { value: unknown; type?: unknown; sensitive?: boolean }>;
  readonly resources?: RawResource[];
  readonly check_results?: unknown;
}

export interface RawResource {
  readonly mode: string;
  readonly type: string;
  readonly name: string;
  readonly provider: string;
  readonly instances: { attributes?: Record<string, unknown>; [key: string]: unknown }[];
  readonly module?: string;
}

/** One customers stack's state, read through a state-only stack. */
export interface StateHandle {
  readonly target: Target;
  /** A run context whose stack directory is the state-only stack (credentials and encryption set). */
  readonly ctx: RunContext;
}

/** What one shard's state and files say. */
export interface ShardSurvey extends StateHandle {
  /** The state, or undefined before the shard's first deploy. */
  readonly state: RawState | undefined;
  /** The fingerprint the shard was last applied with. */
  readonly applied: string | undefined;
  /** The fingerprint of the files now. */
  readonly wanted: string;
  /** Client ids of the shard's customer files. */
  readonly customerIds: readonly string[];
  /** Client ids of the customers in the shard's state. */
  readonly stateIds: readonly string[];
}

const run = promisify(execFile);

/** The customer a raw state resource belongs to (its client id), or undefined. */
export function customerOfResource(r: Pick<RawResource, 'name' | 'module'>): string | undefined {
  return r.module ? undefined : customerOfResourceName(r.name)?.clientId;
}

/** Client ids of the customers whose client is in a state. */
export function customersOfState(state: RawState | undefined): string[] {
  const ids = new Set<string>();
  for (const r of state?.resources ?? []) {
    if (r.mode !== 'managed' || r.type !== 'keycloak_openid_client' || r.module) continue;
    const owner = customerOfResourceName(r.name);
    if (owner?.part === CLIENT_RESOURCE_ID) ids.add(owner.clientId);
  }
  return [...ids].sort();
}

/** A raw state's managed resources in the shape of the engine's `show -json` (what the bulk check reads). */
export function resourcesOfState(state: RawState | undefined): StateResource[] {
  const out: StateResource[] = [];
  for (const r of state?.resources ?? []) {
    if (r.module) continue;
    for (const instance of r.instances) {
      if (instance.index_key !== undefined) continue;
      out.push({
        address: `${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`,
        mode: r.mode,
        type: r.type,
        name: r.name,
        values: instance.attributes ?? {},
      });
    }
  }
  return out;
}

/**
 * Runs `fn` over `items`, at most `limit` at a time, keeping the order of the results. After a
 * failure no further item is started, and the first error is thrown once the items under way
 * have ended: nothing keeps running (or writing a state) behind the error.
 */
export async function inBatches<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && !failure) {
      const i = next++;
      try {
        out[i] = await fn(items[i], i);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return out;
}

/** How many engines work on shard states at once: a few, since each is mostly start-up and waiting on the backend. */
export const STATE_CONCURRENCY = 4;

/**
 * State-only stacks of an environment's customers for a shard layout (`shardCount`; 1 is the
 * single stack `api-keys-<env>`), synthesized into `<outdir>/states` and initialized.
 */
export async function stateHandles(ctx: RunContext, project: Project, shardCount: number): Promise<StateHandle[]> {
  const outdir = path.join(ctx.outdir, 'states');
  // cdktf makes its output directory, but not the directories above it.
  fs.mkdirSync(outdir, { recursive: true });
  const { app, targets } = buildApp({
    root: ctx.root,
    outdir,
    settings: ctx.settings,
    project,
    environments: [ctx.environment],
    parts: ['customers'],
    shardCount,
    stateOnly: true,
  });
  app.synth();
  return inBatches(targets, STATE_CONCURRENCY, async (target) => {
    const handle: RunContext = {
      ...ctx,
      outdir,
      part: 'customers',
      shard: target.shard,
      logFile: undefined,
      quiet: true,
      // No Keycloak credentials: reading and writing a state never starts the provider, so
      // moving states needs only the backend's credentials and the state's passphrase.
      env: withEncryption(ctx.env, ctx.settings, target),
    };
    // A state-only stack initialized by an earlier run is used as it is: the engine refuses a
    // pull or push whose backend or provider changed since, and then it is initialized again
    // (withInit). A fresh checkout initializes every one here, as before.
    const handleOf = { target, ctx: handle };
    if (fs.existsSync(path.join(outdir, 'stacks', target.stackName, '.terraform', 'terraform.tfstate'))) reused.add(handleOf);
    else await init(handle, target);
    return handleOf;
  });
}

/** State-only stacks used with the engine directory an earlier run initialized. */
const reused = new WeakSet<StateHandle>();

/** What the engine says when a stack's directory must be initialized (again) first, or cannot read it (a run killed halfway). */
const NEEDS_INIT =
  /Backend initialization required|Required plugins are not installed|please run "?tofu init"?|run:\s+tofu init|Failed to load state/i;

/**
 * Runs an engine command on a state-only stack. When the stack's engine directory came from an
 * earlier run and the engine refuses it (its backend or provider changed, or a killed run left it
 * unreadable), the directory is made anew (it holds nothing but the backend's settings and a link
 * to the provider: the states live in their backend) and the command runs once more.
 */
async function withInit<T>(h: StateHandle, command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string };
    if (!reused.has(h) || !NEEDS_INIT.test(`${e.stderr ?? ''}${e.stdout ?? ''}`)) throw err;
    reused.delete(h);
    fs.rmSync(path.join(stackDirOf(h), '.terraform'), { recursive: true, force: true });
    await init(h.ctx, h.target);
    return command();
  }
}

function stackDirOf(h: StateHandle): string {
  return path.join(h.ctx.outdir, 'stacks', h.target.stackName);
}

/** A stack's state (decrypted by the engine), or undefined when it has none yet. */
export async function pullState(h: StateHandle): Promise<RawState | undefined> {
  try {
    const { stdout } = await withInit(h, () =>
      run(engineBinary(), [`-chdir=${stackDirOf(h)}`, 'state', 'pull'], {
        env: engineEnv(h.ctx.env),
        maxBuffer: 1024 * 1024 * 1024,
      }),
    );
    if (!stdout.trim()) return undefined;
    return JSON.parse(stdout) as RawState;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new UserError(
      `Reading the state of ${h.target.stackName} failed: ${(e.stderr || e.message).trim().split('\n').slice(-8).join('\n')}`,
    );
  }
}

/**
 * Writes a whole state to a stack's backend (`state push`, encrypted by the engine when the
 * state is), holding its lock: a lock held by another run refuses it after the lock timeout.
 * The engine refuses a state of another lineage, or an older serial, over an existing one.
 */
export async function pushState(h: StateHandle, state: RawState, lockTimeout: string): Promise<void> {
  const dir = stackDirOf(h);
  const file = path.join(dir, 'push.tfstate');
  fs.writeFileSync(file, JSON.stringify(state), { mode: 0o600 });
  // What the engine writes (a local state, its backup) holds secrets: owner-only, as every
  // engine run of the project (engine/steps.ts). The child takes the umask when it is spawned.
  const push = () => {
    const previousUmask = process.umask(0o077);
    try {
      return run(engineBinary(), [`-chdir=${dir}`, 'state', 'push', `-lock-timeout=${lockTimeout}`, file], {
        env: engineEnv(h.ctx.env),
        maxBuffer: 64 * 1024 * 1024,
      });
    } finally {
      process.umask(previousUmask);
    }
  };
  try {
    await withInit(h, push);
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    const text = `${e.stderr ?? ''}${e.stdout ?? ''}` || e.message;
    if (/state lock|Error acquiring the state lock/i.test(text))
      throw new UserError(
        `The state of ${h.target.stackName} is locked by another run (a deploy, a plan or another move); nothing more was written. Wait for it to end, then run the command again: it resumes where it stopped.\n${text.trim().split('\n').slice(-8).join('\n')}`,
      );
    throw new UserError(`Writing the state of ${h.target.stackName} failed:\n${text.trim().split('\n').slice(-8).join('\n')}`);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/**
 * Surveys every shard of an environment with shards: its state (pulled, several at a time),
 * the fingerprint it was applied with and the one its files have now.
 */
export async function surveyShards(ctx: RunContext, project: Project, now: Date = new Date()): Promise<ShardSurvey[]> {
  const handles = await stateHandles(ctx, project, project.platform.customerShards);
  return inBatches(handles, STATE_CONCURRENCY, async (h) => {
    const state = await pullState(h);
    const customers = customersOfTarget(project, h.target);
    const applied = state?.outputs?.[FINGERPRINT_OUTPUT]?.value;
    return {
      ...h,
      state,
      applied: typeof applied === 'string' ? applied : undefined,
      wanted: shardFingerprint({ platform: project.platform, target: h.target, customers, now }),
      customerIds: customers.map((c) => c.clientId),
      stateIds: customersOfState(state),
    };
  });
}
