/**
 * The customers of an environment spread over shards (platform.yaml `customerShards` above 1,
 * docs/shards.md): which shards a plan, deploy or drift check runs the engine for, and the
 * checks that count across all of them.
 *
 * Every file is validated and every shard's state is read (one engine start-up per shard,
 * several at a time), then the engine plans only:
 * - the shards whose files changed since they were applied (their fingerprints differ), and
 * - the shards where the bulk check of engine/fast-check.ts, run once for the environment,
 *   finds Keycloak differing from the state (these are planned with the full refresh).
 * With `--deep`, or when the bulk check cannot judge something, every shard is planned with
 * the full refresh, as an unsharded environment would be.
 */
import * as fs from 'fs';
import { Project } from '../../model/load';
import { UserError } from '../../model/problems';
import { shardOf } from '../../stacks/shards';
import { Target } from '../../stacks/target';
import { log } from '../../toolchain/process';
import { adminLogin } from '../admin-api';
import { CountingAdminApi, FastVerdict } from '../fast-check';
import { bulkVerdict, fastCheckEnabled } from '../fast-plan';
import { PlanSummary, summarizePlan } from '../plan-summary';
import { confirmedRemovals, enforceNotEmpty } from '../removal-guard';
import { isReaderRun, loadValidated, PlanOptions, prepare, Prepared } from '../prepare';
import { customersOfState, pullState, resourcesOfState, ShardSurvey, stateHandles, surveyShards } from './states';
import { plan, planJson, RunContext } from '../steps';
import { sizeNotes } from '../validate';

/** Whether the environment's customers are spread over several stacks. */
export function isSharded(project: Project): boolean {
  return project.platform.customerShards > 1;
}

/** One shard the engine runs for, and why. */
export interface SelectedShard {
  readonly survey: ShardSurvey;
  /** Why it is planned: "files changed", "drifted: ...", "--deep". */
  readonly why: string;
  /** Plan with the per-resource refresh (Keycloak differs, or it cannot be judged); else against the state. */
  readonly refresh: boolean;
}

export interface ShardSelection {
  readonly project: Project;
  readonly surveys: readonly ShardSurvey[];
  readonly selected: readonly SelectedShard[];
  /** The environment's customer files and the customers in its shards' states. */
  readonly fileIds: readonly string[];
  readonly stateIds: readonly string[];
  /** The bulk check's verdict, when it ran. */
  readonly verdict?: FastVerdict;
  /** The read-only identity's run: planned against the recorded states, nothing read from Keycloak. */
  readonly stateOnly: boolean;
  /** The environment's customers as one target (the unsharded stack's name), for reports. */
  readonly target: Target;
}

/** `local customers (16 shards): realm "x" at url`. */
export function describeShards(t: Target, count: number): string {
  return `${t.environment} customers (${count} shards): realm "${t.realm}" at ${t.keycloakUrl}`;
}

/**
 * Refuses to plan a layout that does not match the states: a customer in another shard's
 * state than its hash names (the shard count changed, or a move between shards stopped
 * halfway), or customers still in the unsharded stack. Planning then would make a second
 * stack manage the same client.
 */
async function checkLayout(ctx: RunContext, project: Project, surveys: readonly ShardSurvey[], where: string): Promise<void> {
  const count = project.platform.customerShards;
  const misplaced: string[] = [];
  for (const s of surveys)
    for (const id of s.stateIds) if (shardOf(id, count) !== s.target.shard!.index) misplaced.push(`${id} (in ${s.target.stackName})`);
  const [single] = await stateHandles(ctx, project, 1);
  const unsharded = customersOfState(await pullState(single));
  if (!misplaced.length && !unsharded.length) return;
  const held = unsharded.length
    ? `${single.target.stackName} still holds ${unsharded.length} customer(s) (${unsharded.slice(0, 5).join(', ')}${unsharded.length > 5 ? ', ...' : ''})`
    : `${misplaced.length} customer(s) are in another shard than customerShards: ${count} puts them in (${misplaced.slice(0, 5).join(', ')}${misplaced.length > 5 ? ', ...' : ''})`;
  throw new UserError(
    `${where}: ${held}: the states do not match platform.yaml's shard layout (customerShards changed, or a move between shards was interrupted). Nothing was planned. ` +
      `Move the customers to their shards first, without a Keycloak write: npm run reshard --${ctx.environment === 'local' ? '' : ` --env ${ctx.environment}`}`,
  );
}

/**
 * Reads every shard and decides which ones the engine plans (see the module comment). Refuses
 * an empty checkout against states that hold customers, counting every shard.
 */
export async function selectShards(
  ctx: RunContext,
  options: PlanOptions & {
    command: string;
    /** Read the shards and run the checks across them, but select none (applying reviewed plans). */
    surveyOnly?: boolean;
  },
): Promise<ShardSelection> {
  const started = Date.now();
  const project = loadValidated(ctx);
  const surveys = await surveyShards({ ...ctx, project }, project);
  const base = surveys[0].target;
  const target: Target = { ...base, stackName: base.markerStack, shard: undefined };
  const where = describeShards(target, surveys.length);
  await checkLayout({ ...ctx, project }, project, surveys, where);
  const fileIds = surveys.flatMap((s) => s.customerIds);
  const stateIds = surveys.flatMap((s) => s.stateIds);
  enforceNotEmpty(fileIds.length, stateIds, where, confirmedRemovals(options.confirmRemoval, ctx.settings.engine.confirmRemoval));
  for (const note of sizeNotes(project, ctx.environment)) log(`${options.command} ${where}: ${note}`);
  if (options.surveyOnly) return { project, surveys, selected: [], fileIds, stateIds, stateOnly: isReaderRun(ctx, project), target };
  const changed = new Set(surveys.filter((s) => s.applied !== s.wanted).map((s) => s.target.shard!.index));
  const read = `read ${surveys.length} shard states in ${((Date.now() - started) / 1000).toFixed(1)} s`;
  const pick = (why: (s: ShardSurvey) => string | undefined, refresh: (s: ShardSurvey) => boolean) =>
    surveys.flatMap((s) => {
      const reason = why(s);
      return reason ? [{ survey: s, why: reason, refresh: refresh(s) }] : [];
    });
  const stateOnly = isReaderRun(ctx, project);
  const filesChanged = (s: ShardSurvey) =>
    changed.has(s.target.shard!.index) ? (s.applied === undefined ? 'not deployed yet' : 'files changed') : undefined;
  let selected: SelectedShard[];
  let verdict: FastVerdict | undefined;
  if (stateOnly) {
    // Against the recorded states: a shard whose files match its state has nothing to plan.
    selected = pick(filesChanged, () => false);
    log(`${options.command} ${where}: ${read}; the read-only identity plans against the recorded states`);
  } else if (!fastCheckEnabled(ctx, options.deep)) {
    selected = pick(
      () => (options.deep ? '--deep' : 'APIKEYS_FAST_CHECK=0'),
      () => true,
    );
    log(`${options.command} ${where}: ${read}; every shard is planned with the full refresh`);
  } else {
    const api = new CountingAdminApi(adminLogin(ctx.settings, target));
    const checkStarted = Date.now();
    verdict = await bulkVerdict(
      api,
      target.realm,
      surveys.flatMap((s) => resourcesOfState(s.state)),
    );
    if (verdict.unjudged.length) {
      selected = pick(
        () => 'the bulk check cannot judge',
        () => true,
      );
      log(
        `${options.command} ${where}: ${read}; the bulk check cannot compare ${verdict.unjudged.slice(0, 3).join('; ')}: every shard is planned with the full refresh`,
      );
    } else {
      const drifted = new Map<number, string[]>();
      for (const [id, why] of verdict.differing) {
        const index = shardOf(id, surveys.length);
        drifted.set(index, [...(drifted.get(index) ?? []), `${id} (${why})`]);
      }
      selected = pick(
        (s) => {
          const d = drifted.get(s.target.shard!.index);
          return d ? `Keycloak differs for ${d.join(', ')}` : filesChanged(s);
        },
        (s) => drifted.has(s.target.shard!.index),
      );
      log(
        `${options.command} ${where}: ${read}; bulk check: ${verdict.differing.size ? `Keycloak differs for ${verdict.differing.size} customer(s)` : 'Keycloak matches the states'} (${verdict.requests} admin-API request(s), ${((Date.now() - checkStarted) / 1000).toFixed(1)} s, ${verdict.source})`,
      );
    }
  }
  log(
    `${options.command} ${where}: the engine runs for ${selected.length} of ${surveys.length} shard(s)${selected.length ? `: ${selected.map((s) => `${s.survey.target.stackName} (${s.why})`).join('; ')}` : ''}`,
  );
  return { project, surveys, selected, fileIds, stateIds, verdict, stateOnly, target };
}

/** The summary of a shard the engine did not run for: all its customers unchanged. */
export function unchangedSummary(s: ShardSurvey): PlanSummary {
  return summarizePlan({ resource_changes: [] }, [...s.customerIds], 'customers');
}

/** A shard's run context, with the loaded files. */
export function shardContext(ctx: RunContext, selection: ShardSelection, s: ShardSurvey): RunContext {
  return { ...ctx, part: 'customers', shard: s.target.shard, project: selection.project };
}

/** A shard the engine planned. */
export interface PlannedShard {
  readonly survey: ShardSurvey;
  readonly why: string;
  /** The shard prepared (synthesized, initialized, adoption checked): what its plan is applied with. */
  readonly p: Prepared;
  readonly planFile: string;
  /** The engine reported changes (`-detailed-exitcode` 2). */
  readonly planned: boolean;
  readonly summary: PlanSummary;
}

/**
 * Plans every selected shard, in shard order, each into `planFileOf(its survey)`, and sums up
 * the others as unchanged. Plans the engine saved stay for the caller, which removes them; when
 * one shard fails, those saved so far are removed here before the error is passed on.
 * @returns one summary per shard, in shard order, and the shards planned
 */
export async function planSelectedShards(
  ctx: RunContext,
  selection: ShardSelection,
  planFileOf: (s: ShardSurvey) => string,
  options: PlanOptions & { command: string; adopting?: boolean },
): Promise<{ summaries: PlanSummary[]; plans: PlannedShard[] }> {
  const where = describeShards(selection.target, selection.surveys.length);
  const environment = { fileIds: selection.fileIds, stateIds: selection.stateIds };
  const summaries: PlanSummary[] = [];
  const plans: PlannedShard[] = [];
  const chosen = new Map(selection.selected.map((s) => [s.survey, s]));
  try {
    for (const survey of selection.surveys) {
      const shard = chosen.get(survey);
      if (!shard) {
        summaries.push(unchangedSummary(survey));
        continue;
      }
      const planFile = planFileOf(survey);
      log(`${options.command} ${where}: planning ${survey.target.stackName} (${shard.why}), ${survey.customerIds.length} customer(s)`);
      const p = await prepare(shardContext(ctx, selection, survey), { ...options, environment, stateIds: survey.stateIds });
      const planned = await plan(p.ctx, planFile, p.stateOnly || !shard.refresh ? ['-refresh=false'] : []);
      const summary = summarizePlan(planJson(p.ctx, planFile, planned), p.customerIds, 'customers');
      summaries.push(summary);
      plans.push({ survey, why: shard.why, p, planFile, planned, summary });
    }
  } catch (err) {
    for (const s of selection.surveys) if (chosen.has(s)) fs.rmSync(planFileOf(s), { force: true });
    throw err;
  }
  return { summaries, plans };
}

/**
 * What the environment-wide checks (removal guard, lifecycle notes) read: the environment's
 * customers and states across shards, as one `Prepared`.
 */
export function environmentPrepared(ctx: RunContext, selection: ShardSelection): Prepared {
  return {
    project: selection.project,
    target: selection.target,
    ctx,
    customerIds: [...selection.fileIds],
    stateIds: [...selection.stateIds],
    reconciliation: { adopt: [], unmarked: [], unmanaged: [] },
    stateOnly: selection.stateOnly,
  };
}
