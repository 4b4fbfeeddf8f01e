/** The `plan` command: a saved plan per stack for review, with its Markdown and JSON summaries. */
import * as fs from 'fs';
import * as path from 'path';
import { stackName } from '../stacks/target';
import { log } from '../toolchain/process';
import { lifecycleMarkdown, lifecycleNotes } from './lifecycle-report';
import { combine, hasChanges, oneLine, PlanSummary, summarizePlan, toMarkdown } from './plan-summary';
import { enforceRemoval } from './removal-guard';
import { plan, planJson, RunContext } from './steps';
import { fastCheckEnabled, planForReviewFast } from './fast-plan';
import { describeShards, environmentPrepared, isSharded, planSelectedShards, selectShards } from './shards/select';
import {
  checkLifecycle,
  clearReports,
  customersOf,
  describeTarget,
  logHeadlines,
  loadValidated,
  PlanOptions,
  prepare,
  privateDir,
  removalOf,
  stacksOf,
} from './prepare';

/**
 * Saves a plan per stack for review and writes its summary as Markdown and JSON
 * (`<stack>.tfplan`, `<stack>.plan.md`, `<stack>.plan.json`).
 * @returns the combined summary and the customers stack's plan file (the one pipelines deploy)
 */
export async function planForReview(
  ctx: RunContext,
  outDir: string,
  options: PlanOptions = {},
): Promise<{ summary: PlanSummary; planFile: string; changed: boolean }> {
  privateDir(outDir);
  const summaries: PlanSummary[] = [];
  const saved: string[] = [];
  let planFile = '';
  let changed = false;
  for (const stack of stacksOf(ctx)) clearReports(path.join(outDir, stackName(stack.environment, stack.part!)), 'plan');
  for (let stack of stacksOf(ctx)) {
    if (stack.part === 'customers') {
      stack = { ...stack, project: loadValidated(stack) };
      if (isSharded(stack.project!)) {
        try {
          const r = await planShardsForReview(stack, outDir, options);
          summaries.push(r.summary);
          changed = r.changed || changed;
          planFile = r.planFile;
          continue;
        } catch (err) {
          for (const f of saved) fs.rmSync(f, { force: true });
          throw err;
        }
      }
    }
    const base = path.join(outDir, stackName(stack.environment, stack.part!));
    const file = `${base}.tfplan`;
    saved.push(file);
    try {
      const p = await prepare(stack, { ...options, command: 'plan' });
      const planned = p.stateOnly
        ? await plan(p.ctx, file, ['-refresh=false'])
        : stack.part === 'customers' && fastCheckEnabled(p.ctx, options.deep)
          ? await planForReviewFast(p.ctx, p.target, file, `plan ${describeTarget(p.target)}`)
          : await plan(p.ctx, file);
      const summary = summarizePlan(planJson(p.ctx, file, planned), p.customerIds, p.target.part);
      changed = (planned && hasChanges(summary)) || changed;
      checkLifecycle(p, summary, `plan ${describeTarget(p.target)}`);
      const lifecycle = lifecycleNotes(customersOf(p), summary, new Date());
      const { verdict, notices, given } = removalOf(p, summary, options);
      const stateNote = p.stateOnly
        ? [
            'Planned against the recorded state: the read-only identity reads no client, so drift made by hand is not in this plan (the deploy and the nightly drift check see it).',
          ]
        : [];
      fs.writeFileSync(
        `${base}.plan.md`,
        toMarkdown(summary, `Keycloak plan for ${describeTarget(p.target)}`, { notices: [...notices, ...stateNote] }) +
          lifecycleMarkdown(lifecycle),
      );
      fs.writeFileSync(
        `${base}.plan.json`,
        JSON.stringify(
          { environment: p.target.environment, part: p.target.part, realm: p.target.realm, ...summary, removal: verdict, lifecycle },
          null,
          2,
        ) + '\n',
      );
      log(`plan ${describeTarget(p.target)}: ${oneLine(summary)}`);
      logHeadlines(summary);
      for (const n of notices) log(`plan ${describeTarget(p.target)}: ${n.replace(/\*\*/g, '')}`);
      // The summary stays for review; the plan itself is not kept unless it may be applied.
      enforceRemoval(verdict, describeTarget(p.target), given);
      log(`plan ${describeTarget(p.target)}: saved ${file}; summary in ${base}.plan.md and .plan.json`);
      summaries.push(summary);
    } catch (err) {
      // A failed plan command leaves no saved plan behind, not even another stack's.
      for (const f of saved) fs.rmSync(f, { force: true });
      throw err;
    }
    if (stack.part === 'customers' || !planFile) planFile = file;
  }
  return { summary: combine(summaries), planFile, changed };
}

/**
 * The reviewed plan of an environment whose customers are in shards: one saved plan per shard
 * the engine ran for (`<shard stack>.tfplan`), and one summary for the environment
 * (`api-keys-<env>.plan.md` and `.plan.json`, which lists the saved plans: `deploy --plan`
 * takes it and applies each exactly).
 */
async function planShardsForReview(
  ctx: RunContext,
  outDir: string,
  options: PlanOptions,
): Promise<{ summary: PlanSummary; planFile: string; changed: boolean }> {
  const base = path.join(outDir, stackName(ctx.environment, 'customers'));
  for (const f of fs.existsSync(outDir) ? fs.readdirSync(outDir) : [])
    if (f.startsWith(`${path.basename(base)}-shard-`) && f.endsWith('.tfplan')) fs.rmSync(path.join(outDir, f), { force: true });
  const selection = await selectShards(ctx, { ...options, command: 'plan' });
  const where = describeShards(selection.target, selection.surveys.length);
  const { summaries, plans } = await planSelectedShards(ctx, selection, (s) => path.join(outDir, `${s.target.stackName}.tfplan`), {
    ...options,
    command: 'plan',
  });
  const saved = plans.map((x) => ({ stack: x.survey.target.stackName, planFile: path.basename(x.planFile), why: x.why }));
  const changed = plans.some((x) => x.planned && hasChanges(x.summary));
  for (const x of plans) log(`plan ${where}: ${x.survey.target.stackName}: ${oneLine(x.summary)}`);
  const summary = combine(summaries);
  const p = environmentPrepared(ctx, selection);
  try {
    checkLifecycle(p, summary, `plan ${where}`);
  } catch (err) {
    for (const s of saved) fs.rmSync(path.join(outDir, s.planFile), { force: true });
    throw err;
  }
  const lifecycle = lifecycleNotes(customersOf(p), summary, new Date());
  const { verdict, notices, given } = removalOf(p, summary, options);
  const notes = [
    ...notices,
    `Customers in ${selection.surveys.length} shards; the engine planned ${saved.length}: ${saved.map((s) => `${s.stack} (${s.why})`).join('; ') || 'none (every shard matches its files and Keycloak)'}.`,
    ...(selection.stateOnly
      ? [
          'Planned against the recorded state: the read-only identity reads no client, so drift made by hand is not in this plan (the deploy and the nightly drift check see it).',
        ]
      : []),
  ];
  fs.writeFileSync(`${base}.plan.md`, toMarkdown(summary, `Keycloak plan for ${where}`, { notices: notes }) + lifecycleMarkdown(lifecycle));
  fs.writeFileSync(
    `${base}.plan.json`,
    JSON.stringify(
      {
        environment: ctx.environment,
        part: 'customers',
        realm: selection.target.realm,
        ...summary,
        removal: verdict,
        lifecycle,
        shards: selection.surveys.map((s) => ({
          stack: s.target.stackName,
          planFile: saved.find((x) => x.stack === s.target.stackName)?.planFile ?? null,
        })),
      },
      null,
      2,
    ) + '\n',
  );
  log(`plan ${where}: ${oneLine(summary)}`);
  logHeadlines(summary);
  for (const n of notices) log(`plan ${where}: ${n.replace(/\*\*/g, '')}`);
  try {
    enforceRemoval(verdict, where, given);
  } catch (err) {
    for (const s of saved) fs.rmSync(path.join(outDir, s.planFile), { force: true });
    throw err;
  }
  log(
    `plan ${where}: saved ${saved.length} shard plan(s); summary in ${base}.plan.md and .plan.json (deploy it with --plan ${base}.plan.json)`,
  );
  return { summary, planFile: `${base}.plan.json`, changed };
}
