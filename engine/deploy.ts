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
import {
  checkLifecycle,
  describeTarget,
  loadValidated,
  logHeadlines,
  PlanOptions,
  prepare,
  Prepared,
  removalOf,
  stacksOf,
} from './prepare';
import { validate } from './validate';
import {
  describeShards,
  environmentPrepared,
  isSharded,
  planSelectedShards,
  selectShards,
  shardContext,
  unchangedSummary,
} from './shards/select';

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
    let planFile = options.planFile;
    // The summary of the reviewed plan names what to apply: every shard plan it lists or,
    // without shards, the saved plan beside it. Pipelines pass it whatever the layout.
    if (/\.plan\.json$/.test(planFile)) {
      const listed = reviewedShardPlans(planFile);
      if (listed) return deployReviewedShards(ctx, planFile, listed, options);
      planFile = planFile.replace(/\.plan\.json$/, '.tfplan');
    }
    const part: Part = ctx.part ?? (/-platform\.tfplan$/.test(planFile) ? 'platform' : 'customers');
    if (part === 'customers' && isSharded(loadValidated(ctx)))
      throw new UserError(
        `${planFile} is one stack's plan, and this environment's customers are in shards (platform.yaml customerShards): deploy the reviewed plans together with --plan ${path.join(path.dirname(planFile), `api-keys-${ctx.environment}.plan.json`)}, which lists every shard plan and judges their removals together.`,
      );
    return deployStack({ ...ctx, part }, options, planFile);
  }
  const results: DeployResult[] = [];
  for (let stack of stacksOf(ctx)) {
    if (stack.part === 'customers') {
      stack = { ...stack, project: loadValidated(stack) };
      if (isSharded(stack.project!)) {
        results.push(await deployShards(stack, options));
        continue;
      }
    }
    results.push(await deployStack(stack, options));
  }
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

/**
 * Deploys an environment whose customers are in shards: plans the shards that changed or
 * drifted (engine/shards/select.ts), judges the removals across all of them, then applies each plan.
 * Nothing is applied when any shard's plan fails or the removal guard refuses.
 */
async function deployShards(ctx: RunContext, options: PlanOptions): Promise<DeployResult> {
  const started = Date.now();
  const selection = await selectShards(ctx, { ...options, command: 'deploy' });
  const where = describeShards(selection.target, selection.surveys.length);
  const planned = await planSelectedShards(ctx, selection, (s) => path.join(stackDir(shardContext(ctx, selection, s)), 'deploy.tfplan'), {
    ...options,
    command: 'deploy',
  });
  // A shard whose plan has no changes is not applied.
  for (const x of planned.plans) if (!x.planned) fs.rmSync(x.planFile, { force: true });
  const plans = planned.plans.filter((x) => x.planned);
  const summaries = planned.summaries;
  try {
    const summary = combine(summaries);
    if (plans.length === 0) {
      log(`deploy ${where}: no changes; Keycloak already matches the files.`);
      return { summary, changed: false };
    }
    const env = environmentPrepared(ctx, selection);
    const { verdict, notices, given } = removalOf(env, summary, options);
    for (const n of notices) log(`deploy ${where}: ${n.replace(/\*\*/g, '')}`);
    enforceRemoval(verdict, where, given);
    log(`deploy ${where}: ${oneLine(summary)}`);
    logHeadlines(summary);
    checkLifecycle(env, summary, `deploy ${where}`);
    for (const { p, planFile, survey } of plans) {
      log(`deploy ${where}: applying ${survey.target.stackName}`);
      await apply(p.ctx, planFile);
    }
    const names = (groups: { name: string }[]) => groups.map((g) => g.name).join(', ') || 'none';
    log(
      `deploy ${where}: done in ${formatSeconds((Date.now() - started) / 1000)}. Now ${selection.fileIds.length} customer(s) in ${selection.surveys.length} shards (${plans.length} applied). Added: ${names(summary.customers.added)}; changed: ${names(summary.customers.changed)}; removed: ${names(summary.customers.removed)}.`,
    );
    return { summary, changed: hasChanges(summary) };
  } finally {
    for (const { planFile } of plans) fs.rmSync(planFile, { force: true });
  }
}

/** The shards' saved plans that `plan` listed in an environment's `.plan.json`. */
function reviewedShardPlans(manifest: string): { stack: string; planFile: string }[] | undefined {
  if (!fs.existsSync(manifest)) throw new UserError(`No plan summary at ${manifest}; run \`npm run plan\` first.`);
  let data: { shards?: { stack: string; planFile: string | null }[] };
  try {
    data = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  } catch (err) {
    throw new UserError(`${manifest} is not a plan summary written by \`npm run plan\` (${(err as Error).message}).`);
  }
  if (!Array.isArray(data.shards)) return undefined;
  const listed = data.shards.filter((s) => s.planFile);
  // The summary may come from a pipeline artifact: it names plans beside it, by their stack's
  // name, and nothing else (a plan is removed once applied, so a path elsewhere is refused).
  const foreign = listed.filter(
    (s) => typeof s.stack !== 'string' || !/^api-keys-[A-Za-z0-9_-]+-shard-\d{2,3}$/.test(s.stack) || s.planFile !== `${s.stack}.tfplan`,
  );
  if (foreign.length)
    throw new UserError(
      `${manifest}: shards[].planFile must be "<stack>.tfplan" beside it, for a shard stack api-keys-<env>-shard-<nn>; found ${foreign
        .slice(0, 3)
        .map((s) => JSON.stringify(s))
        .join(', ')}. Nothing was applied; plan again with \`npm run plan\`.`,
    );
  return listed.map((s) => ({ stack: s.stack, planFile: path.join(path.dirname(manifest), s.planFile!) }));
}

/**
 * Applies the reviewed plans of an environment with shards, listed in its `.plan.json`: each
 * exactly as saved, each refused by the engine when its shard's state moved on since. The
 * removal guard judges them together, before any is applied.
 */
async function deployReviewedShards(
  ctx: RunContext,
  manifest: string,
  listed: { stack: string; planFile: string }[],
  options: PlanOptions,
): Promise<DeployResult> {
  const started = Date.now();
  const project = loadValidated(ctx);
  if (!isSharded(project))
    throw new UserError(
      `${manifest} holds shard plans, but platform.yaml has customerShards: ${project.platform.customerShards} now; plan again.`,
    );
  for (const l of listed)
    if (!fs.existsSync(l.planFile)) throw new UserError(`No saved plan at ${l.planFile}; run \`npm run plan\` again.`);
  const selection = await selectShards({ ...ctx, project }, { ...options, command: 'deploy', surveyOnly: true });
  const where = describeShards(selection.target, selection.surveys.length);
  const prepared: { p: Prepared; planFile: string; stack: string }[] = [];
  const summaries: PlanSummary[] = [];
  for (const survey of selection.surveys) {
    const l = listed.find((x) => x.stack === survey.target.stackName);
    if (!l) {
      summaries.push(unchangedSummary(survey));
      continue;
    }
    const p = await prepare(shardContext(ctx, selection, survey), {
      ...options,
      command: 'deploy',
      environment: { fileIds: selection.fileIds, stateIds: selection.stateIds },
      stateIds: survey.stateIds,
    });
    summaries.push(summarizePlan(showJson(p.ctx, l.planFile), p.customerIds, 'customers'));
    prepared.push({ p, planFile: l.planFile, stack: l.stack });
  }
  const unknown = listed.filter((l) => !selection.surveys.some((s) => s.target.stackName === l.stack));
  if (unknown.length)
    throw new UserError(`${manifest} names stacks this environment does not have (${unknown.map((u) => u.stack).join(', ')}); plan again.`);
  const summary = combine(summaries);
  const env = environmentPrepared(ctx, selection);
  checkLifecycle(env, summary, `deploy ${where}`);
  const { verdict, given } = removalOf(env, summary, options);
  enforceRemoval(verdict, where, given);
  log(`deploy ${where}: applying the ${prepared.length} reviewed shard plan(s) of ${manifest} (${oneLine(summary)})`);
  logHeadlines(summary);
  for (const { p, planFile, stack } of prepared) {
    log(`deploy ${where}: applying ${stack}`);
    try {
      await applyReviewed(p.ctx, planFile);
    } finally {
      fs.rmSync(planFile, { force: true });
    }
  }
  log(`deploy ${where}: done in ${formatSeconds((Date.now() - started) / 1000)}`);
  return { summary, changed: hasChanges(summary) };
}
