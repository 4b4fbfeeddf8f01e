/**
 * `npm run reshard`: moves an environment's customers between the states of its customers
 * stacks so that each sits in the shard platform.yaml's `customerShards` puts it in: from the
 * single stack `api-keys-<env>` to shards, from one shard count to another, or back to one.
 *
 * Only states are read and written (the engine's `state pull` and `state push`, decrypting
 * and encrypting as the state is configured): nothing is sent to Keycloak, so client UUIDs and
 * secrets stay exactly as they are, and resource addresses stay the same (they come from the
 * customers' construct ids, not from the stack).
 *
 * Safe to interrupt and to run again: every state is backed up before anything is written,
 * the customers' new homes are written before any stack gives one away (planWrites: a customer
 * is briefly in two states, which plans refuse until the move is complete), and a rerun reads every stack again
 * and writes only those that still differ. A state held by another run's lock refuses the
 * write (after `APIKEYS_LOCK_TIMEOUT`), with nothing further written.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { UserError } from '../../model/problems';
import { shardOf } from '../../stacks/shards';
import { StateStack } from '../../stacks/state-stack';
import { log, formatSeconds } from '../../toolchain/process';
import {
  customerOfResource,
  customersOfState,
  inBatches,
  pullState,
  pushState,
  RawResource,
  RawState,
  STATE_CONCURRENCY,
  StateHandle,
  stateHandles,
} from './states';
import { loadValidated } from '../prepare';
import { init, RunContext } from '../steps';

export interface ReshardOptions {
  /**
   * The shard count the states were last deployed with, when it was neither 1 nor covered by
   * the new layout's stack names. @default - 1 (the single stack) and the new count are read
   */
  readonly from?: number;
}

export interface ReshardResult {
  /** Customers whose resources changed state. */
  readonly moved: number;
  /** Stacks whose states were written. */
  readonly written: readonly string[];
  /** Where the states were backed up before anything was written; undefined when nothing had to move. */
  readonly backup?: string;
}

export interface Read {
  readonly handle: StateHandle;
  readonly state: RawState | undefined;
}

/** The customer resources of a state, by client id. */
function byCustomer(state: RawState | undefined): Map<string, RawResource[]> {
  const out = new Map<string, RawResource[]>();
  for (const r of state?.resources ?? []) {
    const id = customerOfResource(r);
    if (id !== undefined && r.mode === 'managed') out.set(id, [...(out.get(id) ?? []), r]);
  }
  return out;
}

const sortedJson = (rs: readonly RawResource[]) =>
  JSON.stringify([...rs].sort((a, b) => `${a.type}.${a.name}`.localeCompare(`${b.type}.${b.name}`)));

/** The state a stack should hold: `resources`, keeping its lineage (or a new one) and the engine version. */
function stateWith(current: RawState | undefined, resources: RawResource[], ids: string[], engineVersion: string | undefined): RawState {
  const outputs: RawState['outputs'] = { customer_client_ids: { value: ids, type: ['tuple', ids.map(() => 'string')] } };
  return {
    version: 4,
    terraform_version: current?.terraform_version ?? engineVersion,
    serial: (current?.serial ?? 0) + 1,
    lineage: current?.lineage ?? randomUUID(),
    outputs,
    resources,
    check_results: null,
  };
}

/** One state to write: the stack (as read) and what it gets. */
export interface StateWrite {
  readonly read: Read;
  readonly state: RawState;
  readonly ids: string[];
}

/**
 * The writes that move every customer to the stack `home` names, in two rounds, so that an
 * interruption anywhere leaves copies, never losses:
 * - `additions`: each stack that gains customers gets them, keeping every customer it holds;
 * - `removals`: then each stack that gives customers away (or was a step of `additions`) gets
 *   exactly its own. A stack that both gains and loses (4 shards to 3) is written in both rounds.
 * @param found every customer's resources, wherever they were read
 * @param keepFor the resources that are no customer's a stack keeps (the role lookups), by stack
 */
export function planWrites(
  reads: readonly Read[],
  found: ReadonlyMap<string, { resources: RawResource[] }>,
  home: (id: string) => string,
  keepFor: (stack: string) => RawResource[],
  engineVersion: string | undefined,
): { additions: StateWrite[]; removals: StateWrite[]; moved: number } {
  const wantedBy = new Map<string, string[]>();
  for (const id of [...found.keys()].sort()) wantedBy.set(home(id), [...(wantedBy.get(home(id)) ?? []), id]);
  const resourcesOf = (ids: readonly string[]) => ids.flatMap((id) => found.get(id)!.resources);
  const additions: StateWrite[] = [];
  const removals: StateWrite[] = [];
  let moved = 0;
  for (const read of reads) {
    const name = read.handle.target.stackName;
    const want = wantedBy.get(name) ?? [];
    const have = byCustomer(read.state);
    const wanted = new Set(want);
    const gains = want.filter((id) => !have.has(id));
    const losses = [...have.keys()].filter((id) => !wanted.has(id));
    if (!gains.length && !losses.length) continue;
    moved += gains.length;
    const keep = keepFor(name);
    const final = (current: RawState | undefined) => stateWith(current, [...keep, ...resourcesOf(want)], want, engineVersion);
    if (gains.length && losses.length) {
      // Its new customers first, with the ones it gives away still in it.
      const ids = [...new Set([...have.keys(), ...gains])].sort();
      const both = stateWith(read.state, [...keep, ...[...have.values()].flat(), ...resourcesOf(gains)], ids, engineVersion);
      additions.push({ read, state: both, ids });
      removals.push({ read, state: final(both), ids: want });
    } else if (gains.length) additions.push({ read, state: final(read.state), ids: want });
    else removals.push({ read, state: final(read.state), ids: want });
  }
  return { additions, removals, moved };
}

/** A state-only stack with a local state file at `file`, encrypted like the source when it is: a backup. */
async function backupHandle(ctx: RunContext, source: StateHandle, dir: string): Promise<StateHandle> {
  const outdir = path.join(ctx.outdir, 'backups');
  fs.mkdirSync(outdir, { recursive: true });
  const target = {
    ...source.target,
    stackName: source.target.stackName,
    state: { kind: 'local' as const, path: path.join(dir, `${source.target.stackName}.tfstate`) },
  };
  const app = new App({ outdir });
  new StateStack(app, target.stackName, target);
  app.synth();
  const handle: StateHandle = { target, ctx: { ...source.ctx, outdir } };
  await init(handle.ctx, target);
  return handle;
}

/**
 * Moves the environment's customers to the shards platform.yaml's `customerShards` names.
 * Idempotent: with every customer in its shard already, it reads and changes nothing.
 */
export async function reshard(ctx: RunContext, options: ReshardOptions = {}): Promise<ReshardResult> {
  const started = Date.now();
  const project = loadValidated(ctx);
  const to = project.platform.customerShards;
  if (options.from !== undefined && (!Number.isInteger(options.from) || options.from < 1 || options.from > 256))
    throw new UserError(`--from must be the shard count the states were deployed with (1 to 256), not ${options.from}`);
  const where = `reshard ${ctx.environment}`;
  const layouts = [...new Set([1, to, options.from ?? 1])];
  if (to === 1 && options.from === undefined)
    log(`${where}: customerShards is 1: only the single stack is read; if the customers are still in shards, say how many: --from <count>`);
  log(`${where}: reading the customers states of ${layouts.map((n) => (n === 1 ? 'the single stack' : `${n} shards`)).join(', ')}`);
  const handles = new Map<string, StateHandle>();
  for (const n of layouts) for (const h of await stateHandles({ ...ctx, project }, project, n)) handles.set(h.target.stackName, h);
  const reads: Read[] = await inBatches([...handles.values()], STATE_CONCURRENCY, async (handle) => ({
    handle,
    state: await pullState(handle),
  }));
  const destinations = (await stateHandles({ ...ctx, project }, project, to)).map((h) => h.target.stackName);

  // Every customer's resources, from wherever they are; two different copies are refused.
  const found = new Map<string, { resources: RawResource[]; from: string }>();
  const conflicts: string[] = [];
  for (const { handle, state } of reads)
    for (const [id, resources] of byCustomer(state)) {
      const seen = found.get(id);
      if (!seen) found.set(id, { resources, from: handle.target.stackName });
      else if (sortedJson(seen.resources) !== sortedJson(resources))
        conflicts.push(`${id} (in ${seen.from} and ${handle.target.stackName})`);
    }
  if (conflicts.length)
    throw new UserError(
      `${where}: ${conflicts.length} customer(s) are in two states with different contents: ${conflicts.slice(0, 5).join(', ')}. Nothing was written. ` +
        'A deploy ran while a move was interrupted; restore the states from the backup the move made (.state-backups/), or remove the older copy with the engine (`state rm`), then run this again.',
    );
  // The resources that are no customer's (the role lookups), from the state holding most customers.
  const richest = [...reads].sort((a, b) => customersOfState(b.state).length - customersOfState(a.state).length)[0];
  const shared = (richest?.state?.resources ?? []).filter((r) => customerOfResource(r) === undefined);
  const engineVersion = reads.find((r) => r.state?.terraform_version)?.state?.terraform_version;

  // What each stack should hold, written in two rounds (planWrites).
  const { additions, removals, moved } = planWrites(
    reads,
    found,
    (id) => destinations[shardOf(id, to)],
    (name) => (destinations.includes(name) ? shared : []),
    engineVersion,
  );
  const writes = [...additions, ...removals];
  if (writes.length === 0) {
    log(
      `${where}: every customer (${found.size}) is already in its shard of ${to}; nothing to do (${formatSeconds((Date.now() - started) / 1000)})`,
    );
    return { moved: 0, written: [] };
  }

  // Backups of every state about to be written, encrypted as the states are.
  const stamp = new Date()
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '');
  // A directory of this run's own (0700): a rerun in the same second (after a refused lock)
  // must not push its copies over the first run's, which the engine refuses as older states.
  fs.mkdirSync(path.join(ctx.root, '.state-backups'), { recursive: true, mode: 0o700 });
  const backup = fs.mkdtempSync(path.join(ctx.root, '.state-backups', `${ctx.environment}-${stamp}-`));
  const backedUp = [...new Set(writes.map((w) => w.read))].filter((r) => r.state);
  for (const r of backedUp) {
    const b = await backupHandle(ctx, r.handle, backup);
    await pushState(b, r.state!, ctx.settings.engine.lockTimeout);
  }
  log(`${where}: backed up ${backedUp.length} state(s) to ${path.relative(ctx.root, backup) || backup}`);

  // The new homes first, then the old ones emptied: an interruption leaves copies, never losses.
  // Within a round the stacks are independent: several at a time.
  for (const round of [additions, removals])
    await inBatches(round, STATE_CONCURRENCY, async (w) => {
      log(`${where}: writing ${w.read.handle.target.stackName} (${w.ids.length} customer(s))`);
      await pushState(w.read.handle, w.state, ctx.settings.engine.lockTimeout);
    });
  // Read back: every customer exactly once, in its shard.
  const after = await inBatches(
    destinations.map((n) => handles.get(n)!),
    STATE_CONCURRENCY,
    async (h) => ({ name: h.target.stackName, ids: customersOfState(await pullState(h)) }),
  );
  const placed = after.flatMap((a) => a.ids);
  if (placed.length !== found.size || after.some((a) => a.ids.some((id) => destinations[shardOf(id, to)] !== a.name)))
    throw new UserError(
      `${where}: the states read back do not hold every customer once in its shard; the backup is in ${backup}. Run this again.`,
    );
  log(
    `${where}: ${found.size} customer(s) in ${to === 1 ? 'the single stack' : `${to} shards`} (${moved} moved), without a Keycloak call: client ids, UUIDs and secrets unchanged; ` +
      `done in ${formatSeconds((Date.now() - started) / 1000)}. The next plan shows no change to any customer.`,
  );
  return { moved, written: [...new Set(writes.map((w) => w.read.handle.target.stackName))], backup };
}
