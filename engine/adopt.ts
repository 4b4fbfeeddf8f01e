/** The `adopt` command: existing clients that customer files declare, imported into state with their secrets unchanged. */
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../model/problems';
import { log } from '../toolchain/process';
import { AdminApi, adminLogin } from './admin-api';
import { foreignClients, listClients, loginClients, rotationConflicts } from './adoption';
import { combine, PlanSummary, summarizePlan } from './plan-summary';
import { clientAddress, importResource, plan, RunContext, showJson, stackDir } from './steps';
import { describeTarget, loadValidated, prepare, synthOrReport } from './prepare';
import { isSharded, selectShards, shardContext } from './shards/select';
import { shardOf } from '../stacks/shards';

/**
 * Adopts existing clients that customer files declare but the state does not know: imports
 * each client into state (reading it; its secret is unchanged), then plans and reports what
 * the next deploy will change on them. Nothing in Keycloak is changed.
 * @param clientIds the clients to adopt, or `all` for every such client
 */
export async function adopt(ctx: RunContext, clientIds: readonly string[] | 'all'): Promise<{ adopted: string[]; summary: PlanSummary }> {
  const project = loadValidated(ctx);
  if (!isSharded(project)) return adoptInStack({ ...ctx, part: 'customers', project }, clientIds);
  // With shards: each client is adopted into the shard its client id hashes to.
  const selection = await selectShards({ ...ctx, project }, { command: 'adopt', surveyOnly: true });
  const environment = { fileIds: selection.fileIds, stateIds: selection.stateIds };
  const count = project.platform.customerShards;
  const adopted: string[] = [];
  const summaries: PlanSummary[] = [];
  for (const survey of selection.surveys) {
    const index = survey.target.shard!.index;
    const ids = clientIds === 'all' ? 'all' : clientIds.filter((id) => shardOf(id, count) === index);
    if (ids === 'all' ? survey.customerIds.every((id) => survey.stateIds.includes(id)) : ids.length === 0) continue;
    const r = await adoptInStack(shardContext(ctx, selection, survey), ids, environment);
    adopted.push(...r.adopted);
    summaries.push(r.summary);
  }
  if (clientIds === 'all' && summaries.length === 0)
    log(`adopt ${ctx.environment} customers: nothing to adopt; every customer file's client is in state or does not exist yet`);
  return { adopted, summary: combine(summaries) };
}

/** Adopts into one customers stack (the only one, or one shard). */
async function adoptInStack(
  stack: RunContext,
  clientIds: readonly string[] | 'all',
  environment?: { fileIds: readonly string[]; stateIds: readonly string[] },
): Promise<{ adopted: string[]; summary: PlanSummary }> {
  const p = await prepare(stack, { adopting: true, command: 'adopt', environment });
  const where = describeTarget(p.target);
  // Marked clients are already in the plan as import blocks; unmarked ones are imported here.
  const found = [...p.reconciliation.unmarked.map((u) => u.clientId), ...p.reconciliation.adopt.map((a) => a.clientId)];
  const wanted =
    clientIds === 'all'
      ? found.filter((id) => !p.reconciliation.unmarked.some((u) => u.clientId === id && (u.marker || u.login)))
      : [...clientIds];
  const problems = wanted
    .filter((id) => !found.includes(id))
    .map((id) =>
      !p.customerIds.includes(id)
        ? `${id}: no file customers/${id}.yaml for environment "${p.target.environment}" (a client is adopted for a customer file)`
        : p.stateIds.includes(id)
          ? `${id}: already managed by this stack (in state)`
          : `${id}: no client "${id}" in realm "${p.target.realm}" (the next deploy creates it)`,
    );
  if (problems.length) throw new UserError(`adopt ${where}:\n  ${problems.join('\n  ')}`);
  if (wanted.length === 0) {
    log(`adopt ${where}: nothing to adopt; every customer file's client is in state or does not exist yet`);
    return { adopted: [], summary: combine([]) };
  }
  const conflict =
    loginClients(wanted, p.reconciliation.unmarked) ??
    foreignClients(wanted, p.reconciliation.unmarked) ??
    rotationConflicts(wanted, p.project.customers);
  if (conflict) throw conflict;
  const live = await listClients(new AdminApi(adminLogin(p.ctx.settings, p.target)), p.target.realm, wanted);
  // Imported with the engine's import command, not import blocks: it changes only the state,
  // so nothing is applied before the changes below have been read.
  const plain = synthOrReport({ ...stack, logFile: p.ctx.logFile });
  for (const id of wanted) {
    const uuid = live.find((c) => c.clientId === id)!.id;
    log(`adopt ${where}: importing ${id} (its secret is read, not changed)`);
    await importResource(plain.ctx, clientAddress(plain.ctx, id), `${p.target.realm}/${uuid}`);
  }
  // What the next deploy will change on them (and on nothing else it would not change anyway).
  const after = await prepare(stack, { adopting: true, command: 'adopt', environment });
  const planFile = path.join(stackDir(stack), 'adopt.tfplan');
  let summary: PlanSummary;
  try {
    await plan(after.ctx, planFile);
    summary = summarizePlan(showJson(after.ctx, planFile), after.customerIds);
  } finally {
    fs.rmSync(planFile, { force: true });
  }
  for (const id of wanted) {
    const g = summary.customers.changed.find((c) => c.name === id);
    if (!g) {
      log(`adopt ${where}: ${id}: adopted; the next deploy changes nothing on it`);
      continue;
    }
    log(`adopt ${where}: ${id}: adopted; the next deploy changes:`);
    for (const r of g.resources) {
      const attrs = g.attributes.filter((a) => a.resource === r.address).map((a) => `${a.attribute}: ${a.before} -> ${a.after}`);
      log(`    ${r.action} ${r.address.split('.')[0]}${attrs.length ? `: ${attrs.join('; ')}` : ''}`);
    }
  }
  log(
    `adopt ${where}: ${wanted.length} client(s) adopted, secrets unchanged. Nothing was applied; review the changes above, then \`npm run deploy\`.`,
  );
  return { adopted: wanted, summary };
}

/**
 * `adopt --platform`: imports the named objects the platform would create but that exist
 * already outside its state (made by hand, or by this project before its state was lost)
 * into the platform state, then plans and reports what the next platform deploy changes on
 * them. Nothing in Keycloak is changed. Client policies and profiles cannot be imported: one
 * this project did not make must be renamed or removed by hand.
 */
export async function adoptPlatform(ctx: RunContext): Promise<{ adopted: string[]; summary: PlanSummary }> {
  const stack: RunContext = { ...ctx, part: 'platform' };
  const p = await prepare(stack, { adopting: true, command: 'adopt' });
  const where = describeTarget(p.target);
  const collisions = p.collisions ?? [];
  if (collisions.length === 0) {
    log(`adopt ${where}: nothing to adopt; every object of the platform is in its state or does not exist yet`);
    return { adopted: [], summary: combine([]) };
  }
  const stuck = collisions.filter((c) => c.importId === undefined && !c.ours);
  if (stuck.length)
    throw new UserError(
      `adopt ${where}: ${stuck.map((c) => `"${c.object.name}"`).join(', ')}: a client policy or profile of that name exists and was not made by this project; ` +
        'the engine cannot import client policies: rename or remove it in Keycloak (Realm settings > Client policies), then run adopt again.',
    );
  for (const c of collisions.filter((x) => x.importId !== undefined)) {
    log(`adopt ${where}: importing ${c.object.path} "${c.object.name}"`);
    await importResource(p.ctx, c.object.address, c.importId!);
  }
  const after = await prepare(stack, { command: 'adopt' });
  const planFile = path.join(stackDir(stack), 'adopt.tfplan');
  let summary: PlanSummary;
  try {
    await plan(after.ctx, planFile);
    summary = summarizePlan(showJson(after.ctx, planFile), [], 'platform');
  } finally {
    fs.rmSync(planFile, { force: true });
  }
  const adopted = collisions.filter((c) => c.importId !== undefined).map((c) => c.object.path);
  log(
    `adopt ${where}: ${adopted.length} object(s) adopted. Nothing was applied; the next platform deploy: ` +
      `${summary.counts.add} to add, ${summary.counts.change} to change, ${summary.counts.remove} to remove` +
      `${summary.platform.length ? ` (${summary.platform.map((g) => g.name).join(', ')})` : ''}. Review it with a platform plan, then \`npm run deploy -- --part platform\`.`,
  );
  return { adopted, summary };
}
