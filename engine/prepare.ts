/**
 * What the engine commands (deploy, plan, drift, adopt) share: synthesize and init one stack,
 * check it against the state and the realm, and report on the plan the same way.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadProject, Project } from '../model/load';
import { UserError, ValidationError } from '../model/problems';
import { newCustomerExpiryProblems } from '../model/lifecycle';
import { Part, PARTS, resolveTarget, stackName, Target } from '../stacks/target';
import { provision } from '../toolchain/provision';
import { log } from '../toolchain/process';
import { AdminApi, adminLogin } from './admin-api';
import { customersInState, findClients, listClients, Reconciliation, reconcile, rotationConflicts, unmarkedError } from './adoption';
import { lifecycleLines, lifecycleNotes } from './lifecycle-report';
import { headlines, PlanSummary } from './plan-summary';
import { confirmedRemovals, enforceNotEmpty, judgeRemoval, RemovalVerdict, removalNotice } from './removal-guard';
import { readPlatformFacts, turnOnAdminPermissions } from './platform-facts';
import { checkServerFeatures } from './server-features';
import { sizeNotes } from './validate';
import { discoverIssuerJwksUrls } from './issuer-discovery';
import { Collision, collisionError, findCollisions, plannedOutsideState, removeClientPolicies } from './platform-collisions';
import { init, RunContext, stackDir, stateList, synth } from './steps';
import { identityKeyStore } from '../stacks/app';
import { customersOfTarget } from '../stacks/customers-stack';

export interface Prepared {
  readonly project: Project;
  readonly target: Target;
  readonly ctx: RunContext;
  /** Customers in this stack (none in the platform stack). */
  readonly customerIds: string[];
  /** Customers in this stack's state before the run (none in the platform stack). */
  readonly stateIds: string[];
  /** Clients found in Keycloak but missing from state (customers stack only). */
  readonly reconciliation: Reconciliation;
  /**
   * The run is the read-only identity's: it reads no client, so the customers stack is planned
   * against the recorded state (`-refresh=false`) and nothing is looked up. @default false
   */
  readonly stateOnly?: boolean;
  /** Named platform objects that exist in Keycloak but not in the platform state (platform stack only). */
  readonly collisions?: readonly Collision[];
}

/** Whether a run logs in as the read-only identity of the platform (see {@link Prepared.stateOnly}). */
export function isReaderRun(ctx: RunContext, project: Project): boolean {
  return ctx.settings.login.clientId === project.platform.reader.clientId && ctx.settings.login.user === undefined;
}

/** Options shared by the commands that plan. */
export interface PlanOptions {
  /** The number of customer removals confirmed (`--confirm-removal`). @default - `APIKEYS_CONFIRM_REMOVAL`, else none */
  readonly confirmRemoval?: number;
  /** Always refresh every resource (`--deep`) instead of the bulk check of engine/fast-check.ts. @default - `APIKEYS_FAST_CHECK` (on) */
  readonly deep?: boolean;
}

/** The stacks a command works on, platform first: the customers stack reads what it creates. */
export function stacksOf(ctx: RunContext): RunContext[] {
  return (ctx.part ? [ctx.part] : PARTS).map((part) => ({ ...ctx, part }));
}

/**
 * Where the engine's output of one stack and run goes: `logs/<stack>-<command>-<time>.log`
 * beside the data files, created here so that it is this run's alone: a run started in the
 * same second (two commands at once) gets `-<pid>` added (and a number, for a process that
 * runs the same command twice in a second). The terminal shows progress and the summary only.
 */
export function logFileFor(root: string, stack: string, command: string): string {
  const stamp = new Date()
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[:]/g, '');
  const dir = path.join(root, 'logs');
  fs.mkdirSync(dir, { recursive: true });
  const base = `${stack}-${command}-${stamp}`;
  for (let n = 0; ; n++) {
    const file = path.join(dir, n === 0 ? `${base}.log` : n === 1 ? `${base}-${process.pid}.log` : `${base}-${process.pid}-${n}.log`);
    try {
      fs.closeSync(fs.openSync(file, 'wx'));
      return file;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 100) throw err;
    }
  }
}

/** The run's validated files (those it was given, or loaded now) with its environment; a problem becomes one clear error. */
export function loadValidated(ctx: RunContext): Project {
  try {
    const project = ctx.project ?? loadProject({ root: ctx.root });
    if (!project.environments[ctx.environment])
      throw new UserError(`Unknown environment "${ctx.environment}" (known: ${Object.keys(project.environments).join(', ')}).`);
    return project;
  } catch (err) {
    if (err instanceof ValidationError) throw new UserError(err.message);
    throw err;
  }
}

/** The validated files and the target of one stack, without synthesizing it. */
function validated(ctx: RunContext, part: Part): { project: Project; target: Target } {
  const project = loadValidated(ctx);
  try {
    return {
      project,
      target: resolveTarget(
        ctx.environment,
        project.environments[ctx.environment],
        project.platform,
        { settings: ctx.settings, root: ctx.root },
        part,
      ),
    };
  } catch (err) {
    if (err instanceof ValidationError) throw new UserError(err.message);
    throw err;
  }
}

export function synthOrReport(ctx: RunContext): ReturnType<typeof synth> {
  try {
    return synth(ctx);
  } catch (err) {
    if (err instanceof ValidationError) throw new UserError(err.message);
    throw err;
  }
}

/**
 * Validate, synthesize and init one stack: what every engine command starts with. For the
 * customers stack, also: refuse an empty customers/ against a state that holds customers,
 * and find clients that the plan would create but that exist already (one list call).
 * Marked ones are adopted through import blocks; unmarked ones stop here unless `adopting`.
 */
export async function prepare(
  ctx: RunContext,
  options: PlanOptions & {
    command: string;
    listAlways?: boolean;
    adopting?: boolean;
    /**
     * One shard of several: the environment's customer files and state, across its shards. The
     * empty-checkout guard is the caller's (it counts every shard), and a client is unmanaged
     * only when no shard's file or state holds it.
     */
    environment?: { readonly fileIds: readonly string[]; readonly stateIds: readonly string[] };
    /** The customers in this stack's state, when the caller has just read it (a shard's survey): no `state list` then. */
    stateIds?: readonly string[];
  },
): Promise<Prepared> {
  const { command } = options;
  if (ctx.part === 'platform' && ctx.protectedClientIds === undefined) {
    // The platform stack keeps the pipeline identities away from every client that is not a
    // customer: list the realm, check the identities' keys, and synthesize it with that list.
    // Before anything is synthesized: synthesizing makes a missing key, which must not happen
    // while Keycloak holds another one.
    const { project, target } = validated(ctx, 'platform');
    const keys = identityKeyStore(ctx.settings, ctx.root);
    const api = new AdminApi(adminLogin(ctx.settings, target));
    const facts = await readPlatformFacts(
      api,
      project,
      target,
      stackName(ctx.environment, 'customers'),
      keys,
      // New keys are made only by a deploy: a plan that is never applied must not leave this
      // machine with keys Keycloak does not hold.
      ctx.settings.identityKeys.replace && command === 'deploy',
    );
    const where = describeTarget(target);
    // A feature the files need and the server lacks (secretRotation without the preview flag)
    // stops here, named with its flag, not deep in the engine's apply.
    for (const note of (await checkServerFeatures(api, project, where)).notes) log(note);
    for (const id of facts.newKeys)
      log(
        `${where}: ${id} gets a new key (${keys.file(ctx.environment, id)}): after this deploy, store it where the pipelines read it: npm run credentials -- ${id}${ctx.environment === 'local' ? '' : ` --env ${ctx.environment}`} --reveal`,
      );
    if (facts.loginClients.length)
      log(
        `${where}: WARNING: customers share this realm with ${facts.loginClients.length} client(s) people log in through: ` +
          `${facts.loginClients.map((c) => `${c.clientId} (${c.why})`).join(', ')}. The pipeline identities cannot view or change them, ` +
          "but they can change the realm's client scopes, which those clients use too, and map the API's roles to any user: keep customers in a realm of their own (SECURITY.md).",
      );
    if (facts.shared && !facts.shared.adminPermissionsEnabled) await turnOnAdminPermissions(api, project, target, command);
    const issuerJwksUrls = await discoverIssuerJwksUrls(project.platform);
    ctx = { ...ctx, protectedClientIds: facts.protectedClientIds, realmEvents: facts.shared?.events, issuerJwksUrls };
  }
  let prepared = synthOrReport(ctx);
  // The engine and the provider, never the Keycloak server: that is `keycloak:up`'s business.
  await provision();
  if (!ctx.quiet && !ctx.logFile) {
    const logFile = logFileFor(ctx.root, prepared.target.stackName, command);
    prepared = { ...prepared, ctx: { ...prepared.ctx, logFile } };
    log(
      `${command} ${prepared.target.environment} ${prepared.target.part}: engine log in ${path.relative(process.cwd(), logFile) || logFile}`,
    );
  }
  await init(prepared.ctx, prepared.target);
  const none: Reconciliation = { adopt: [], unmarked: [], unmanaged: [] };
  if (ctx.part === 'platform')
    return adoptPlatformObjects(ctx, { ...prepared, customerIds: [], stateIds: [], reconciliation: none }, options);
  if (ctx.part !== 'customers') return { ...prepared, customerIds: [], stateIds: [], reconciliation: none };
  const customerIds = customersOfTarget(prepared.project, prepared.target).map((c) => c.clientId);
  const where = describeTarget(prepared.target);
  const stateIds = options.stateIds ? [...options.stateIds] : customersInState(stateList(prepared.ctx));
  if (!options.environment) {
    enforceNotEmpty(customerIds.length, stateIds, where, confirmedRemovals(options.confirmRemoval, ctx.settings.engine.confirmRemoval));
    // An environment outgrowing one stack hears it from every command, not only from validate.
    for (const note of sizeNotes(prepared.project, ctx.environment)) log(`${where}: ${note}`);
  }
  let reconciliation = none;
  if (isReaderRun(ctx, prepared.project)) {
    log(`${where}: the read-only identity reads no client: planning against the recorded state, without refresh or adoption checks`);
    return { ...prepared, customerIds, stateIds, reconciliation, stateOnly: true };
  }
  // The list call is needed only when a file's client is not in state (or to report
  // unmanaged clients): a no-change plan of a large realm costs nothing extra.
  const missing = customerIds.filter((id) => !stateIds.includes(id));
  if (options.listAlways || missing.length) {
    const api = new AdminApi(adminLogin(ctx.settings, prepared.target));
    // Unmanaged clients are found only by a listing; adoption needs just the missing ones.
    const live = options.listAlways
      ? await listClients(api, prepared.target.realm, missing)
      : await findClients(api, prepared.target.realm, missing);
    reconciliation = reconcile(customerIds, stateIds, live, prepared.target.markerStack);
    const env = options.environment;
    if (env) {
      const known = new Set([...env.fileIds, ...env.stateIds]);
      reconciliation = { ...reconciliation, unmanaged: reconciliation.unmanaged.filter((id) => !known.has(id)) };
    }
  }
  if (reconciliation.unmarked.length && !options.adopting) throw unmarkedError(reconciliation.unmarked, where, ctx.environment);
  if (reconciliation.adopt.length) {
    const conflict = rotationConflicts(
      reconciliation.adopt.map((a) => a.clientId),
      prepared.project.customers,
    );
    if (conflict) throw conflict;
    log(
      `${where}: adopting ${reconciliation.adopt.length} client(s) created by this stack but missing from its state: ${reconciliation.adopt.map((a) => a.clientId).join(', ')}`,
    );
    const adopt = new Map(reconciliation.adopt.map((a) => [a.clientId, `${prepared.target.realm}/${a.uuid}`]));
    const resynth = synthOrReport({ ...ctx, adopt });
    prepared = { ...resynth, ctx: { ...resynth.ctx, logFile: prepared.ctx.logFile } };
  }
  return { ...prepared, customerIds, stateIds, reconciliation };
}

/**
 * No partial platform applies (engine/platform-collisions.ts): named objects the platform
 * would create that exist already stop the run before any change, unless this project made
 * them (a lost or interrupted state): those are adopted through import blocks, and its
 * rotation profiles and policies, which cannot be imported, are made again by a deploy. With
 * `adopting` (\`npm run adopt -- --platform\`) nothing stops here: the caller imports them.
 */
async function adoptPlatformObjects(
  ctx: RunContext,
  prepared: Prepared,
  options: { command: string; adopting?: boolean },
): Promise<Prepared> {
  const { target, project } = prepared;
  const planned = plannedOutsideState(stackDir(prepared.ctx), target.stackName, stateList(prepared.ctx));
  if (planned.length === 0) return prepared;
  const api = new AdminApi(adminLogin(ctx.settings, target));
  const collisions = await findCollisions(
    api,
    target.realm,
    target.stackName,
    planned,
    !planned.some((o) => o.path === 'provisioner/client'),
  );
  if (collisions.length === 0) return prepared;
  const where = describeTarget(target);
  if (options.adopting) return { ...prepared, collisions };
  const foreign = collisions.filter((c) => !c.ours);
  if (foreign.length) throw collisionError(foreign, where, project.platform, target.stackName, target.environment);
  const names = collisions.map((c) => `${c.object.path} "${c.object.name}"`).join(', ');
  log(`${where}: adopting ${collisions.length} object(s) this platform made but its state lacks: ${names}`);
  const remake = collisions.filter((c) => c.importId === undefined);
  if (remake.length) {
    if (options.command === 'deploy') await removeClientPolicies(api, target.realm, remake);
    else log(`${where}: the deploy makes ${remake.map((c) => c.object.name).join(', ')} again (the engine cannot import client policies)`);
  }
  const adopt = new Map(collisions.filter((c) => c.importId !== undefined).map((c) => [c.object.path, c.importId!]));
  const resynth = synthOrReport({ ...ctx, platformAdopt: adopt });
  return { ...prepared, ...resynth, ctx: { ...resynth.ctx, logFile: prepared.ctx.logFile }, collisions };
}

/** The removal verdict of a customers plan, and its bold summary line. */
export function removalOf(
  p: Prepared,
  summary: PlanSummary,
  options: PlanOptions,
): { verdict: RemovalVerdict; notices: string[]; given?: number } {
  const given = confirmedRemovals(options.confirmRemoval, p.ctx.settings.engine.confirmRemoval);
  const verdict = judgeRemoval(summary.customers.removed.length, p.stateIds.length, p.project.platform.removalGuard, given);
  const notice = removalNotice(verdict);
  return { verdict, notices: notice ? [notice] : [], given };
}

/** The customers deployed by this stack (none for the platform stack). */
export function customersOf(p: Prepared) {
  return p.project.customers.filter((c) => p.customerIds.includes(c.clientId));
}

/**
 * Refuses a plan that adds a customer whose key has already expired (a typo in `expires`,
 * caught when the customer is added; existing customers are meant to expire), and logs the
 * plan's lifecycle notes: rotations with their overlap, expiries.
 */
export function checkLifecycle(p: Prepared, summary: PlanSummary, what: string): void {
  const now = new Date();
  const problems = newCustomerExpiryProblems(
    customersOf(p),
    summary.customers.added.map((g) => g.name),
    now,
  );
  if (problems.length > 0) throw new UserError(new ValidationError(problems).message);
  for (const line of lifecycleLines(lifecycleNotes(customersOf(p), summary, now))) log(`${what}: ${line.replace(/`/g, '')}`);
}

export function describeTarget(t: Target): string {
  const shard = t.shard ? ` shard ${t.shard.index + 1} of ${t.shard.count}` : '';
  return `${t.environment} ${t.part}${shard}: realm "${t.realm}" at ${t.keycloakUrl}`;
}

/** The summary's headlines, indented, for the terminal. */
export function logHeadlines(summary: PlanSummary): void {
  for (const h of headlines(summary)) log(`  ${h}`);
}

/** Report files of a stack, removed before a run so that a failed run never leaves an old one behind. */
export function clearReports(base: string, kind: 'plan' | 'drift'): void {
  for (const suffix of kind === 'plan'
    ? ['.tfplan', '.plan.md', '.plan.json']
    : ['.drift.tfplan', '.drift.md', '.drift.json', '.expiring.md'])
    fs.rmSync(`${base}${suffix}`, { force: true });
}

/** A directory for files that may hold secrets: created owner-only. */
export function privateDir(dir: string): void {
  if (fs.mkdirSync(dir, { recursive: true, mode: 0o700 }) !== undefined) fs.chmodSync(dir, 0o700);
}
