/** The `deploy` and `start` commands: plan and apply exactly that plan, or apply a reviewed one. */
import * as fs from 'fs';
import * as path from 'path';
import { effectiveEnabled } from '../model/lifecycle';
import { UserError } from '../model/problems';
import { Part, resolveTarget } from '../stacks/target';
import { keycloakUp } from '../toolchain/local-keycloak';
import { provision } from '../toolchain/provision';
import { formatSeconds, log } from '../toolchain/process';
import { combine, hasChanges, oneLine, PlanSummary, summarizePlan } from './plan-summary';
import { enforceRemoval } from './removal-guard';
import { apply, plan, planJson, RunContext, showJson, stackDir } from './steps';
import { checkLifecycle, describeTarget, logHeadlines, PlanOptions, prepare, Prepared, removalOf, stacksOf } from './prepare';
import { validate } from './validate';

export interface DeployResult {
  readonly summary: PlanSummary;
  readonly changed: boolean;
}

/**
 * Validates, synthesizes, plans and applies exactly that plan, for each stack of the
 * run context (platform first). With `planFile`, applies a plan saved by `plan` instead; the
 * engine refuses it when the state moved on since.
 */
export async function deploy(ctx: RunContext, options: { planFile?: string } & PlanOptions = {}): Promise<DeployResult> {
  if (options.planFile) {
    const part: Part = ctx.part ?? (/-platform\.tfplan$/.test(options.planFile) ? 'platform' : 'customers');
    return deployStack({ ...ctx, part }, options, options.planFile);
  }
  const results: DeployResult[] = [];
  for (const stack of stacksOf(ctx)) results.push(await deployStack(stack, options));
  return { summary: combine(results.map((r) => r.summary)), changed: results.some((r) => r.changed) };
}

/**
 * Applies a saved plan; a plan made before another run changed the state is refused by the
 * engine, and the person gets told what to do about it rather than only the engine's words.
 */
async function applyReviewed(ctx: RunContext, planFile: string): Promise<void> {
  try {
    await apply(ctx, planFile);
  } catch (err) {
    if (err instanceof UserError && /Saved plan is stale|can no longer be applied/i.test(err.message)) {
      throw new UserError(
        `The reviewed plan ${planFile} is stale: the state changed after it was made (another deploy ran), so it was not applied.\n` +
          'Run `npm run plan` again, review the new summary, and deploy that plan.\n' +
          err.message,
      );
    }
    throw err;
  }
}

async function deployStack(ctx: RunContext, options: PlanOptions, savedPlan?: string): Promise<DeployResult> {
  const started = Date.now();
  if (savedPlan && !fs.existsSync(savedPlan)) throw new UserError(`No saved plan at ${savedPlan}; run \`npm run plan\` first.`);
  const p = await prepare(ctx, { ...options, command: 'deploy' });
  const where = describeTarget(p.target);
  if (savedPlan) {
    const summary = summarizePlan(showJson(p.ctx, savedPlan), p.customerIds, p.target.part);
    checkLifecycle(p, summary, `deploy ${where}`);
    const { verdict, given } = removalOf(p, summary, options);
    // Refused before anything is applied: the reviewed plan stays, to be applied with the confirmation.
    enforceRemoval(verdict, where, given);
    log(`deploy ${where}: applying the reviewed plan ${savedPlan} (${oneLine(summary)})`);
    logHeadlines(summary);
    try {
      await applyReviewed(p.ctx, savedPlan);
    } finally {
      // It holds every secret the plan touches, and once applied (or failed) it is stale.
      fs.rmSync(savedPlan, { force: true });
    }
    log(`deploy ${where}: done in ${formatSeconds((Date.now() - started) / 1000)}`);
    return { summary, changed: hasChanges(summary) };
  }
  const planFile = path.join(stackDir(ctx), 'deploy.tfplan');
  try {
    return await planAndApply(ctx, p, planFile, options, started);
  } finally {
    fs.rmSync(planFile, { force: true });
  }
}

async function planAndApply(ctx: RunContext, p: Prepared, planFile: string, options: PlanOptions, started: number): Promise<DeployResult> {
  const where = describeTarget(p.target);
  log(`deploy ${where}: planning${ctx.part === 'customers' ? ` ${p.customerIds.length} customer(s)` : ''}`);
  const changes = await plan(p.ctx, planFile);
  const summary = summarizePlan(planJson(p.ctx, planFile, changes), p.customerIds, p.target.part);
  if (!changes) {
    log(`deploy ${where}: no changes; Keycloak already matches the files.`);
    return { summary, changed: false };
  }
  const { verdict, notices, given } = removalOf(p, summary, options);
  for (const n of notices) log(`deploy ${where}: ${n.replace(/\*\*/g, '')}`);
  enforceRemoval(verdict, where, given);
  if (!hasChanges(summary))
    log(`deploy ${where}: no change in Keycloak; updating the engine's own records (outputs, ordering helpers) only`);
  else {
    log(`deploy ${where}: ${oneLine(summary)}`);
    logHeadlines(summary);
  }
  checkLifecycle(p, summary, `deploy ${where}`);
  await apply(p.ctx, planFile);
  const names = (groups: { name: string }[]) => groups.map((g) => g.name).join(', ') || 'none';
  let state: string;
  if (ctx.part === 'customers') {
    const deployed = p.project.customers.filter((c) => p.customerIds.includes(c.clientId));
    const enabled = deployed.filter((c) => effectiveEnabled(c, new Date())).length;
    const adopted = summary.customers.adopted?.length ? `; adopted (was missing from state): ${summary.customers.adopted.join(', ')}` : '';
    state = ` Now ${deployed.length} customer(s) (${enabled} enabled, ${deployed.length - enabled} disabled). Added: ${names(summary.customers.added)}; changed: ${names(summary.customers.changed)}; removed: ${names(summary.customers.removed)}${adopted}.`;
  } else {
    state = ` Platform parts changed: ${names(summary.platform)}.`;
  }
  log(`deploy ${where}: done in ${formatSeconds((Date.now() - started) / 1000)}.${state}`);
  return { summary, changed: hasChanges(summary) };
}

/** `npm start`: provision, start the local Keycloak when an environment uses it, deploy every environment. */
export async function start(contexts: RunContext[]): Promise<void> {
  const project = validate(contexts[0]); // fail on bad files before the slow steps
  const targets = contexts.map((ctx) =>
    resolveTarget(ctx.environment, project.environments[ctx.environment], project.platform, { settings: ctx.settings, root: ctx.root }),
  );
  const local = targets.some((t) => t.local);
  await provision({ keycloakServer: local });
  if (local) await keycloakUp();
  for (const ctx of contexts) await deploy(ctx);
}
