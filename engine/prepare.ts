/**
 * What the engine commands (deploy, plan, drift, adopt) share: synthesize and init one stack,
 * check it against the state and the realm, and report on the plan the same way.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Project } from '../model/load';
import { UserError, ValidationError } from '../model/problems';
import { newCustomerExpiryProblems } from '../model/lifecycle';
import { PARTS, Target } from '../stacks/target';
import { provision } from '../toolchain/provision';
import { log } from '../toolchain/process';
import { AdminApi, adminLogin } from './admin-api';
import { customersInState, listClients, Reconciliation, reconcile, rotationConflicts, unmarkedError } from './adoption';
import { lifecycleLines, lifecycleNotes } from './lifecycle-report';
import { headlines, PlanSummary } from './plan-summary';
import { confirmedRemovals, enforceNotEmpty, judgeRemoval, RemovalVerdict, removalNotice } from './removal-guard';
import { init, RunContext, stateList, synth } from './steps';

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
  options: PlanOptions & { command: string; listAlways?: boolean; adopting?: boolean },
): Promise<Prepared> {
  const { command } = options;
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
  if (ctx.part !== 'customers') return { ...prepared, customerIds: [], stateIds: [], reconciliation: none };
  const customerIds = prepared.project.customers.filter((c) => c.environments.includes(ctx.environment)).map((c) => c.clientId);
  const where = describeTarget(prepared.target);
  const stateIds = customersInState(stateList(prepared.ctx));
  enforceNotEmpty(customerIds.length, stateIds, where, confirmedRemovals(options.confirmRemoval, ctx.settings.engine.confirmRemoval));
  let reconciliation = none;
  // The list call is needed only when a file's client is not in state (or to report
  // unmanaged clients): a no-change plan of a large realm costs nothing extra.
  if (options.listAlways || customerIds.some((id) => !stateIds.includes(id))) {
    const api = new AdminApi(adminLogin(ctx.settings, prepared.target));
    reconciliation = reconcile(customerIds, stateIds, await listClients(api, prepared.target.realm), prepared.target.stackName);
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
  return `${t.environment} ${t.part}: realm "${t.realm}" at ${t.keycloakUrl}`;
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
