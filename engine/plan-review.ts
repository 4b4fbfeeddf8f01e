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
import {
  checkLifecycle,
  clearReports,
  customersOf,
  describeTarget,
  logHeadlines,
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
  for (const stack of stacksOf(ctx)) {
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
