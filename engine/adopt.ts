/** The `adopt` command: existing clients that customer files declare, imported into state with their secrets unchanged. */
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../model/problems';
import { log } from '../toolchain/process';
import { AdminApi, adminLogin } from './admin-api';
import { foreignClients, listClients, loginClients, rotationConflicts } from './adoption';
import { combine, PlanSummary, summarizePlan } from './plan-summary';
import { clientAddress, importResource, plan, RunContext, showJson, stackDir } from './steps';
import { describeTarget, prepare, synthOrReport } from './prepare';

/**
 * Adopts existing clients that customer files declare but the state does not know: imports
 * each client into state (reading it; its secret is unchanged), then plans and reports what
 * the next deploy will change on them. Nothing in Keycloak is changed.
 * @param clientIds the clients to adopt, or `all` for every such client
 */
export async function adopt(ctx: RunContext, clientIds: readonly string[] | 'all'): Promise<{ adopted: string[]; summary: PlanSummary }> {
  const stack: RunContext = { ...ctx, part: 'customers' };
  const p = await prepare(stack, { adopting: true, command: 'adopt' });
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
  const after = await prepare(stack, { adopting: true, command: 'adopt' });
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
