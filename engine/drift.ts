/** The `drift` command: does Keycloak still match the files? Reports per stack, exit code 0 or 2. */
import * as fs from 'fs';
import * as path from 'path';
import { Customer } from '../model/customer';
import { UserError } from '../model/problems';
import { listClients, liveClient, reconcile, Reconciliation } from './adoption';
import { AdminApi, adminLogin } from './admin-api';
import { Project } from '../model/load';
import { describeShards, isSharded, planSelectedShards, selectShards } from './shards/select';
import { ShardSurvey } from './shards/states';
import { stackName } from '../stacks/target';
import { log } from '../toolchain/process';
import { expiringMarkdown, lifecycleLines, lifecycleMarkdown, lifecycleNotes } from './lifecycle-report';
import { combine, hasChanges, oneLine, PlanSummary, summarizePlan, toMarkdown } from './plan-summary';
import { plan, planJson, RunContext } from './steps';
import { clearReports, customersOf, describeTarget, loadValidated, PlanOptions, prepare, privateDir, stacksOf } from './prepare';
import { driftPlanFast, fastCheckEnabled } from './fast-plan';

/**
 * Compares the live Keycloak with the files, per stack. Returns 0 in sync, 2 on drift (an
 * error throws, exit code 1). Writes <stack>.drift.md and .drift.json naming each drifted
 * resource and attribute.
 */
export async function drift(ctx: RunContext, outDir: string, options: Pick<PlanOptions, 'deep'> = {}): Promise<number> {
  privateDir(outDir);
  // Every report this run would write goes first: a run failing at the first stack must
  // not leave the second stack's old report to be read as current.
  for (const stack of stacksOf(ctx)) clearReports(path.join(outDir, stackName(stack.environment, stack.part!)), 'drift');
  let code = 0;
  for (let stack of stacksOf(ctx)) {
    const base = path.join(outDir, stackName(stack.environment, stack.part!));
    if (stack.part === 'customers') {
      stack = { ...stack, project: loadValidated(stack) };
      if (isSharded(stack.project!)) {
        if (await driftShards(stack, base, options)) code = 2;
        continue;
      }
    }
    // A drift check never blocks on the adoption question: it reports it.
    const p = await prepare(stack, { listAlways: true, adopting: true, command: 'drift' });
    const where = describeTarget(p.target);
    if (p.stateOnly) throw readerRefused(where, p.project);
    const planFile = `${base}.drift.tfplan`;
    let planned: boolean;
    let summary: PlanSummary;
    try {
      const fast =
        stack.part === 'customers' && fastCheckEnabled(p.ctx, options.deep)
          ? await driftPlanFast(p.ctx, p.target, planFile, `drift ${where}`)
          : undefined;
      planned = fast ? fast.planned : await plan(p.ctx, planFile);
      summary = summarizePlan(fast ? fast.plan : planJson(p.ctx, planFile, planned), p.customerIds, p.target.part);
    } finally {
      fs.rmSync(planFile, { force: true });
    }
    if (
      writeDriftReport({
        base,
        where,
        environment: stack.environment,
        part: p.target.part,
        planned,
        summary,
        reconciliation: p.reconciliation,
        customers: customersOf(p),
      })
    )
      code = 2;
  }
  return code;
}

/** What one drift report is written from. */
interface DriftFacts {
  readonly base: string;
  readonly where: string;
  readonly environment: string;
  readonly part: string;
  readonly planned: boolean;
  readonly summary: PlanSummary;
  readonly reconciliation: Reconciliation;
  readonly customers: Customer[];
  /** More lines for the report (the shards the engine ran for). */
  readonly notes?: readonly string[];
}

/** Writes <base>.drift.md and .drift.json (and .expiring.md) and logs the drift; true when Keycloak differs from the files. */
function writeDriftReport(r: DriftFacts): boolean {
  const { base, where, planned, summary } = r;
  // Drift is a resource in Keycloak that differs. A plan that would only update the
  // engine's output values (e.g. after a failed deploy) changes nothing in Keycloak.
  let drifted = planned && hasChanges(summary);
  const { unmanaged, unmarked } = r.reconciliation;
  const envFlag = r.environment === 'local' ? '' : ` --env ${r.environment}`;
  const advice: string[] = [];
  if (unmanaged.length) {
    drifted = true;
    advice.push(
      `**Unmanaged, marked** (${unmanaged.length}): ${unmanaged.map((id) => `\`${id}\``).join(', ')}: clients this stack created that no file and no state declares ` +
        '(a deploy interrupted after its file was deleted, or a lost state). They are live, with working secrets. ' +
        'To keep one, add `customers/<client-id>.yaml` again and deploy: it is adopted with its secret unchanged. ' +
        'To delete one, add its file, deploy (adopts it), then delete the file and deploy; or delete it in the admin console.',
    );
  }
  const adoptable = unmarked.filter((u) => !u.login);
  const login = unmarked.filter((u) => u.login);
  if (adoptable.length) {
    drifted = true;
    advice.push(
      `**Exist in Keycloak, not created by this stack** (${adoptable.length}): ${adoptable.map((u) => `\`${u.clientId}\``).join(', ')}: a customer file declares them, so deploy stops. ` +
        `Adopt them with \`npm run adopt --${envFlag} ${adoptable.map((u) => u.clientId).join(' ')}\` (secrets unchanged), then deploy.`,
    );
  }
  if (login.length) {
    drifted = true;
    advice.push(
      `**Login clients named by customer files** (${login.length}): ${login.map((u) => `\`${u.clientId}\` (${u.login})`).join(', ')}: people log in through them; a customer file must never take one over. Rename the customer files.`,
    );
  }
  const adoptedNow = r.reconciliation.adopt.map((a) => a.clientId);
  if (adoptedNow.length) {
    advice.push(
      `**Missing from state, marked** (${adoptedNow.length}): ${adoptedNow.map((id) => `\`${id}\``).join(', ')}: the next deploy adopts them with their secrets unchanged.`,
    );
  }
  const title = drifted ? `Drift in ${where}: Keycloak differs from the repository` : `No drift in ${where}`;
  // Expiries ride along: a key that expired since the last deploy shows as a drifted
  // `enabled` here (the files now say disabled), and the nightly job lists soon-expiring keys.
  const lifecycle = lifecycleNotes(r.customers, summary, new Date());
  fs.writeFileSync(
    `${base}.drift.md`,
    toMarkdown(summary, title, { drift: true, notices: [...advice, ...(r.notes ?? [])] }) + lifecycleMarkdown(lifecycle),
  );
  fs.writeFileSync(
    `${base}.drift.json`,
    JSON.stringify(
      {
        environment: r.environment,
        part: r.part,
        drift: drifted,
        ...summary,
        unmanaged,
        unmarked: unmarked.map((u) => u.clientId),
        lifecycle,
      },
      null,
      2,
    ) + '\n',
  );
  const expiring = expiringMarkdown(r.environment, lifecycle);
  if (expiring) fs.writeFileSync(`${base}.expiring.md`, expiring);
  else fs.rmSync(`${base}.expiring.md`, { force: true });
  for (const line of lifecycleLines(lifecycle)) log(`drift ${where}: ${line.replace(/`/g, '')}`);
  if (!drifted) {
    log(`drift ${where}: none; Keycloak matches the repository${planned ? " (only the engine's output values would be updated)" : ''}`);
    return false;
  }
  log(`drift ${where}: ${oneLine(summary)}`);
  for (const g of [...summary.customers.changed, ...summary.customers.added, ...summary.customers.removed, ...summary.platform]) {
    log(`  ${g.headline}`);
    for (const a of g.attributes) log(`    ${g.name}: ${a.label}: in Keycloak ${a.before}; in the repository ${a.after}`);
  }
  if (unmanaged.length)
    log(`  unmanaged, marked: ${unmanaged.join(', ')} (no file declares them; see the report for how to keep or delete them)`);
  if (unmarked.length)
    log(
      `  not created by this stack: ${unmarked.map((u) => u.clientId).join(', ')} (adopt: npm run adopt --${envFlag} ${unmarked.map((u) => u.clientId).join(' ')})`,
    );
  const fixable = hasChanges(summary) ? '`npm run deploy` restores the declared state' : 'nothing for `npm run deploy` alone to restore';
  log(`drift ${where}: report in ${base}.drift.md; ${unmarked.length ? 'adopt the clients named above first, then ' : ''}${fixable}`);
  return true;
}

function readerRefused(where: string, project: Project): UserError {
  return new UserError(
    `drift ${where}: the read-only identity (${project.platform.reader.clientId}) reads no client, so it cannot compare Keycloak with the state. ` +
      `Check drift with the provisioning identity (KEYCLOAK_CLIENT_ID=${project.platform.provisioner.clientId} and its KEYCLOAK_JWT_SIGNING_KEY): ` +
      "Keycloak cannot let an identity read customers without letting it read every other client's secret or change customers (SECURITY.md).",
  );
}

/**
 * The drift check of an environment whose customers are in shards: the bulk check once, and
 * the engine only for the shards whose files changed or where Keycloak differs (every shard
 * with `--deep`). One report for the environment. True when Keycloak differs from the files.
 */
async function driftShards(ctx: RunContext, base: string, options: Pick<PlanOptions, 'deep'>): Promise<boolean> {
  const selection = await selectShards(ctx, { ...options, command: 'drift' });
  const where = describeShards(selection.target, selection.surveys.length);
  if (selection.stateOnly) throw readerRefused(where, selection.project);
  const planFileOf = (s: ShardSurvey) => `${base}-${s.target.shard!.index}.drift.tfplan`;
  const { summaries, plans } = await planSelectedShards(ctx, selection, planFileOf, { ...options, command: 'drift', adopting: true });
  // A drift plan is read, never applied.
  for (const x of plans) fs.rmSync(x.planFile, { force: true });
  const planned = plans.some((x) => x.planned);
  // Clients this environment marked that no shard's file or state holds, and the files'
  // clients that exist unmarked: one list of the realm for every shard, the bulk check's own
  // when it listed every client.
  const stated = new Set(selection.stateIds);
  const fileIds = new Set(selection.fileIds);
  const missing = selection.fileIds.filter((id) => !stated.has(id));
  const listed = selection.verdict?.clients;
  const live = listed
    ? listed.map(liveClient)
    : await listClients(new AdminApi(adminLogin(ctx.settings, selection.target)), selection.target.realm, missing);
  const reconciliation = reconcile(selection.fileIds, selection.stateIds, live, selection.target.markerStack);
  const engineRan = selection.selected.map((s) => `${s.survey.target.stackName} (${s.why})`);
  return writeDriftReport({
    base,
    where,
    environment: ctx.environment,
    part: 'customers',
    planned,
    summary: combine(summaries),
    reconciliation,
    customers: selection.project.customers.filter((c) => fileIds.has(c.clientId)),
    notes: [
      `Customers in ${selection.surveys.length} shards; the engine planned ${engineRan.length}: ${engineRan.join('; ') || 'none (every shard matches its files and Keycloak)'}.`,
    ],
  });
}
