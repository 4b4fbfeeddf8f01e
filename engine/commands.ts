/** The project's commands, as functions the CLI and the tests both call. One call = one environment. */
import * as fs from 'fs';
import * as path from 'path';
import { loadProject, Project } from '../model/load';
import { ValidationError } from '../model/problems';
import { effectiveEnabled, newCustomerExpiryProblems } from '../model/lifecycle';
import { Part, PARTS, Target } from '../stacks/target';
import { AdminApi, loginFromEnv } from './admin-api';
import { withEncryption } from './encryption';
import { baseEnv, engineEnv } from './environment';
import { keycloakUp } from '../toolchain/local-keycloak';
import { combine, hasChanges, headlines, oneLine, PlanSummary, summarizePlan, toMarkdown } from './plan-summary';
import { expiringMarkdown, formatUtc, lifecycleLines, lifecycleMarkdown, lifecycleNotes } from './lifecycle-report';
import { formatSeconds, log } from '../toolchain/process';
import { UserError } from '../model/problems';
import { provision } from '../toolchain/provision';
import { usageReport, UsageReport } from './usage';
import {
  apply,
  clientAddress,
  importResource,
  init,
  plan,
  showJson,
  stackDir,
  stateList,
  synth,
  withCredentials,
  Workspace,
} from './steps';
import { customersInState, foreignClients, listClients, Reconciliation, reconcile, rotationConflicts, unmarkedError } from './adoption';
import { confirmedRemovals, enforceNotEmpty, enforceRemoval, judgeRemoval, RemovalVerdict, removalNotice } from './removal-guard';
import { resolveTarget, stackName } from '../stacks/target';
import { LOGIN_EVENT_TYPES } from '../keycloak/login-events';

/** Validates and reports; throws a UserError listing every problem. */
export function validate(ws: Pick<Workspace, 'root'>): Project {
  try {
    return loadProject({ root: ws.root });
  } catch (err) {
    if (err instanceof ValidationError) throw new UserError(err.message);
    throw err;
  }
}

/**
 * What `validate` can say without the engine about environments that no customer file
 * targets: a local, unencrypted state that holds customers makes it an error (plan and
 * deploy refuse it too); other states are only read by plan and deploy.
 * @returns notes for the person at the terminal
 */
export function checkEmptyEnvironments(project: Project, env: NodeJS.ProcessEnv = process.env): string[] {
  const notes: string[] = [];
  for (const name of Object.keys(project.environments).sort()) {
    if (project.customers.some((c) => c.environments.includes(name))) continue;
    const t = resolveTarget(name, project.environments[name], project.platform, env, 'customers');
    if (t.state.kind !== 'local' || !fs.existsSync(t.state.path)) {
      if (t.state.kind !== 'local')
        notes.push(
          `environment "${name}": no customer file targets it; plan and deploy refuse it if its ${t.state.kind} state holds customers`,
        );
      continue;
    }
    const state = JSON.parse(fs.readFileSync(t.state.path, 'utf8')) as {
      resources?: { type: string; mode: string; name: string }[];
      encrypted_data?: unknown;
    };
    if (state.encrypted_data !== undefined) {
      notes.push(
        `environment "${name}": no customer file targets it; its state is encrypted, so plan and deploy check whether it holds customers`,
      );
      continue;
    }
    const held = customersInState((state.resources ?? []).filter((r) => r.mode === 'managed').map((r) => `${r.type}.${r.name}`));
    enforceNotEmpty(0, held, `environment "${name}" (${t.state.path})`, undefined);
  }
  return notes;
}

interface Prepared {
  readonly project: Project;
  readonly target: Target;
  readonly ws: Workspace;
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
}

/** The stacks a command works on, platform first: the customers stack reads what it creates. */
function stacksOf(ws: Workspace): Workspace[] {
  return (ws.part ? [ws.part] : PARTS).map((part) => ({ ...ws, part }));
}

/**
 * Where the engine's output of one stack and run goes: `logs/<stack>-<command>-<time>.log`
 * beside the data files. The terminal shows progress and the summary only.
 */
function logFileFor(ws: Workspace, stack: string, command: string): string {
  const stamp = new Date()
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[:]/g, '');
  return path.join(ws.root, 'logs', `${stack}-${command}-${stamp}.log`);
}

function synthOrReport(ws: Workspace): ReturnType<typeof synth> {
  try {
    return synth(ws);
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
async function prepare(
  ws: Workspace,
  options: PlanOptions & { command: string; listAlways?: boolean; adopting?: boolean },
): Promise<Prepared> {
  const { command } = options;
  let prepared = synthOrReport(ws);
  // The engine and the provider, never the Keycloak server: that is `keycloak:up`'s business.
  await provision();
  if (!ws.quiet && !ws.logFile) {
    const logFile = logFileFor(ws, prepared.target.stackName, command);
    prepared = { ...prepared, ws: { ...prepared.ws, logFile } };
    log(
      `${command} ${prepared.target.environment} ${prepared.target.part}: engine log in ${path.relative(process.cwd(), logFile) || logFile}`,
    );
  }
  await init(prepared.ws, prepared.target);
  const none: Reconciliation = { adopt: [], unmarked: [], unmanaged: [] };
  if (ws.part !== 'customers') return { ...prepared, customerIds: [], stateIds: [], reconciliation: none };
  const customerIds = prepared.project.customers.filter((c) => c.environments.includes(ws.environment)).map((c) => c.clientId);
  const where = describeTarget(prepared.target);
  const stateIds = customersInState(stateList(prepared.ws));
  enforceNotEmpty(customerIds.length, stateIds, where, confirmedRemovals(options.confirmRemoval, ws.env));
  let reconciliation = none;
  // The list call is needed only when a file's client is not in state (or to report
  // unmanaged clients): a no-change plan of a large realm costs nothing extra.
  if (options.listAlways || customerIds.some((id) => !stateIds.includes(id))) {
    const api = new AdminApi(loginFromEnv(prepared.ws.env, prepared.target.keycloakUrl));
    reconciliation = reconcile(customerIds, stateIds, await listClients(api, prepared.target.realm), prepared.target.stackName);
  }
  if (reconciliation.unmarked.length && !options.adopting) throw unmarkedError(reconciliation.unmarked, where, ws.environment);
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
    const resynth = synthOrReport({ ...ws, adopt });
    prepared = { ...resynth, ws: { ...resynth.ws, logFile: prepared.ws.logFile } };
  }
  return { ...prepared, customerIds, stateIds, reconciliation };
}

/** The removal verdict of a customers plan, and its bold summary line. */
function removalOf(
  p: Prepared,
  summary: PlanSummary,
  options: PlanOptions,
): { verdict: RemovalVerdict; notices: string[]; given?: number } {
  const given = confirmedRemovals(options.confirmRemoval, p.ws.env);
  const verdict = judgeRemoval(summary.customers.removed.length, p.stateIds.length, p.project.platform.removalGuard, given);
  const notice = removalNotice(verdict);
  return { verdict, notices: notice ? [notice] : [], given };
}

/** The customers deployed by this stack (none for the platform stack). */
function customersOf(p: Prepared) {
  return p.project.customers.filter((c) => p.customerIds.includes(c.clientId));
}

/**
 * Refuses a plan that adds a customer whose key has already expired (a typo in `expires`,
 * caught when the customer is added; existing customers are meant to expire), and logs the
 * plan's lifecycle notes: rotations with their overlap, expiries.
 */
function checkLifecycle(p: Prepared, summary: PlanSummary, what: string): void {
  const now = new Date();
  const problems = newCustomerExpiryProblems(
    customersOf(p),
    summary.customers.added.map((g) => g.name),
    now,
  );
  if (problems.length > 0) throw new UserError(new ValidationError(problems).message);
  for (const line of lifecycleLines(lifecycleNotes(customersOf(p), summary, now))) log(`${what}: ${line.replace(/`/g, '')}`);
}

function describeTarget(t: Target): string {
  return `${t.environment} ${t.part}: realm "${t.realm}" at ${t.keycloakUrl}`;
}

export interface DeployResult {
  readonly summary: PlanSummary;
  readonly changed: boolean;
}

/**
 * Validates, synthesizes, plans and applies exactly that plan, for each stack of the
 * workspace (platform first). With `planFile`, applies a plan saved by `plan` instead; the
 * engine refuses it when the state moved on since.
 */
export async function deploy(ws: Workspace, options: { planFile?: string } & PlanOptions = {}): Promise<DeployResult> {
  if (options.planFile) {
    const part: Part = ws.part ?? (/-platform\.tfplan$/.test(options.planFile) ? 'platform' : 'customers');
    return deployStack({ ...ws, part }, options, options.planFile);
  }
  const results: DeployResult[] = [];
  for (const stack of stacksOf(ws)) results.push(await deployStack(stack, options));
  return { summary: combine(results.map((r) => r.summary)), changed: results.some((r) => r.changed) };
}

/**
 * Applies a saved plan; a plan made before another run changed the state is refused by the
 * engine, and the person gets told what to do about it rather than only the engine's words.
 */
async function applyReviewed(ws: Workspace, planFile: string): Promise<void> {
  try {
    await apply(ws, planFile);
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

/** The summary's headlines, indented, for the terminal. */
function logHeadlines(summary: PlanSummary): void {
  for (const h of headlines(summary)) log(`  ${h}`);
}

async function deployStack(ws: Workspace, options: PlanOptions, savedPlan?: string): Promise<DeployResult> {
  const started = Date.now();
  if (savedPlan && !fs.existsSync(savedPlan)) throw new UserError(`No saved plan at ${savedPlan}; run \`npm run plan\` first.`);
  const p = await prepare(ws, { ...options, command: 'deploy' });
  const where = describeTarget(p.target);
  if (savedPlan) {
    const summary = summarizePlan(showJson(p.ws, savedPlan), p.customerIds, p.target.part);
    checkLifecycle(p, summary, `deploy ${where}`);
    const { verdict, given } = removalOf(p, summary, options);
    // Refused before anything is applied: the reviewed plan stays, to be applied with the confirmation.
    enforceRemoval(verdict, where, given);
    log(`deploy ${where}: applying the reviewed plan ${savedPlan} (${oneLine(summary)})`);
    logHeadlines(summary);
    try {
      await applyReviewed(p.ws, savedPlan);
    } finally {
      // It holds every secret the plan touches, and once applied (or failed) it is stale.
      fs.rmSync(savedPlan, { force: true });
    }
    log(`deploy ${where}: done in ${formatSeconds((Date.now() - started) / 1000)}`);
    return { summary, changed: hasChanges(summary) };
  }
  const planFile = path.join(stackDir(ws), 'deploy.tfplan');
  try {
    return await planAndApply(ws, p, planFile, options, started);
  } finally {
    fs.rmSync(planFile, { force: true });
  }
}

async function planAndApply(ws: Workspace, p: Prepared, planFile: string, options: PlanOptions, started: number): Promise<DeployResult> {
  const where = describeTarget(p.target);
  log(`deploy ${where}: planning${ws.part === 'customers' ? ` ${p.customerIds.length} customer(s)` : ''}`);
  const changes = await plan(p.ws, planFile);
  const summary = summarizePlan(showJson(p.ws, planFile), p.customerIds, p.target.part);
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
  await apply(p.ws, planFile);
  const names = (groups: { name: string }[]) => groups.map((g) => g.name).join(', ') || 'none';
  let state: string;
  if (ws.part === 'customers') {
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
export async function start(workspaces: Workspace[]): Promise<void> {
  const project = validate(workspaces[0]); // fail on bad files before the slow steps
  const targets = workspaces.map((ws) => resolveTarget(ws.environment, project.environments[ws.environment], project.platform, ws.env));
  const local = targets.some((t) => t.local);
  await provision({ keycloakServer: local });
  if (local) await keycloakUp();
  for (const ws of workspaces) await deploy(ws);
}

/** Report files of a stack, removed before a run so that a failed run never leaves an old one behind. */
function clearReports(base: string, kind: 'plan' | 'drift'): void {
  for (const suffix of kind === 'plan'
    ? ['.tfplan', '.plan.md', '.plan.json']
    : ['.drift.tfplan', '.drift.md', '.drift.json', '.expiring.md'])
    fs.rmSync(`${base}${suffix}`, { force: true });
}

/** A directory for files that may hold secrets: created owner-only. */
function privateDir(dir: string): void {
  if (fs.mkdirSync(dir, { recursive: true, mode: 0o700 }) !== undefined) fs.chmodSync(dir, 0o700);
}

/**
 * Saves a plan per stack for review and writes its summary as Markdown and JSON
 * (`<stack>.tfplan`, `<stack>.plan.md`, `<stack>.plan.json`).
 * @returns the combined summary and the customers stack's plan file (the one pipelines deploy)
 */
export async function planForReview(
  ws: Workspace,
  outDir: string,
  options: PlanOptions = {},
): Promise<{ summary: PlanSummary; planFile: string; changed: boolean }> {
  privateDir(outDir);
  const summaries: PlanSummary[] = [];
  const saved: string[] = [];
  let planFile = '';
  let changed = false;
  for (const stack of stacksOf(ws)) clearReports(path.join(outDir, stackName(stack.environment, stack.part!)), 'plan');
  for (const stack of stacksOf(ws)) {
    const base = path.join(outDir, stackName(stack.environment, stack.part!));
    const file = `${base}.tfplan`;
    saved.push(file);
    try {
      const p = await prepare(stack, { ...options, command: 'plan' });
      const planned = await plan(p.ws, file);
      const summary = summarizePlan(showJson(p.ws, file), p.customerIds, p.target.part);
      changed = (planned && hasChanges(summary)) || changed;
      checkLifecycle(p, summary, `plan ${describeTarget(p.target)}`);
      const lifecycle = lifecycleNotes(customersOf(p), summary, new Date());
      const { verdict, notices, given } = removalOf(p, summary, options);
      fs.writeFileSync(
        `${base}.plan.md`,
        toMarkdown(summary, `Keycloak plan for ${describeTarget(p.target)}`, { notices }) + lifecycleMarkdown(lifecycle),
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
 * Compares the live Keycloak with the files, per stack. Returns 0 in sync, 2 on drift (an
 * error throws, exit code 1). Writes <stack>.drift.md and .drift.json naming each drifted
 * resource and attribute.
 */
export async function drift(ws: Workspace, outDir: string): Promise<number> {
  privateDir(outDir);
  // Every report this run would write goes first: a run failing at the first stack must
  // not leave the second stack's old report to be read as current.
  for (const stack of stacksOf(ws)) clearReports(path.join(outDir, stackName(stack.environment, stack.part!)), 'drift');
  let code = 0;
  for (const stack of stacksOf(ws)) {
    const base = path.join(outDir, stackName(stack.environment, stack.part!));
    // A drift check never blocks on the adoption question: it reports it.
    const p = await prepare(stack, { listAlways: true, adopting: true, command: 'drift' });
    const where = describeTarget(p.target);
    const planFile = `${base}.drift.tfplan`;
    let planned: boolean;
    let summary: PlanSummary;
    try {
      planned = await plan(p.ws, planFile);
      summary = summarizePlan(showJson(p.ws, planFile), p.customerIds, p.target.part);
    } finally {
      fs.rmSync(planFile, { force: true });
    }
    // Drift is a resource in Keycloak that differs. A plan that would only update the
    // engine's output values (e.g. after a failed deploy) changes nothing in Keycloak.
    let drifted = planned && hasChanges(summary);
    const { unmanaged, unmarked } = p.reconciliation;
    const envFlag = stack.environment === 'local' ? '' : ` --env ${stack.environment}`;
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
    if (unmarked.length) {
      drifted = true;
      advice.push(
        `**Exist in Keycloak, not created by this stack** (${unmarked.length}): ${unmarked.map((u) => `\`${u.clientId}\``).join(', ')}: a customer file declares them, so deploy stops. ` +
          `Adopt them with \`npm run adopt --${envFlag} ${unmarked.map((u) => u.clientId).join(' ')}\` (secrets unchanged), then deploy.`,
      );
    }
    const adoptedNow = p.reconciliation.adopt.map((a) => a.clientId);
    if (adoptedNow.length) {
      advice.push(
        `**Missing from state, marked** (${adoptedNow.length}): ${adoptedNow.map((id) => `\`${id}\``).join(', ')}: the next deploy adopts them with their secrets unchanged.`,
      );
    }
    const title = drifted ? `Drift in ${where}: Keycloak differs from the repository` : `No drift in ${where}`;
    // Expiries ride along: a key that expired since the last deploy shows as a drifted
    // `enabled` here (the files now say disabled), and the nightly job lists soon-expiring keys.
    const lifecycle = lifecycleNotes(customersOf(p), summary, new Date());
    fs.writeFileSync(`${base}.drift.md`, toMarkdown(summary, title, { drift: true, notices: advice }) + lifecycleMarkdown(lifecycle));
    fs.writeFileSync(
      `${base}.drift.json`,
      JSON.stringify(
        {
          environment: p.target.environment,
          part: p.target.part,
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
    const expiring = expiringMarkdown(p.target.environment, lifecycle);
    if (expiring) fs.writeFileSync(`${base}.expiring.md`, expiring);
    else fs.rmSync(`${base}.expiring.md`, { force: true });
    for (const line of lifecycleLines(lifecycle)) log(`drift ${where}: ${line.replace(/`/g, '')}`);
    if (!drifted) {
      log(`drift ${where}: none; Keycloak matches the repository${planned ? " (only the engine's output values would be updated)" : ''}`);
      continue;
    }
    code = 2;
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
  }
  return code;
}

/** Keycloak's secret-rotation policy keeps these client attributes (seconds since 1970). */
const SECRET_EXPIRATION_ATTRIBUTE = 'client.secret.expiration.time';
const ROTATED_SECRET_EXPIRATION_ATTRIBUTE = 'client.secret.rotated.expiration.time';

/**
 * When the current secret expires and until when the previous one (after a rotation) still
 * works, from the client's attributes; never the secrets themselves.
 */
export function secretExpiry(attributes: Record<string, unknown>, now = new Date()): Record<string, string> {
  const time = (name: string) => {
    const seconds = Number(attributes[name]);
    return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : undefined;
  };
  const current = time(SECRET_EXPIRATION_ATTRIBUTE);
  const previous = time(ROTATED_SECRET_EXPIRATION_ATTRIBUTE);
  const out: Record<string, string> = { secret_expires: current ? formatUtc(current) : 'never' };
  if (previous) out.previous_secret_works_until = `${formatUtc(previous)}${previous <= now ? ' (expired)' : ''}`;
  return out;
}

/**
 * Adopts existing clients that customer files declare but the state does not know: imports
 * each client into state (reading it; its secret is unchanged), then plans and reports what
 * the next deploy will change on them. Nothing in Keycloak is changed.
 * @param clientIds the clients to adopt, or `all` for every such client
 */
export async function adopt(ws: Workspace, clientIds: readonly string[] | 'all'): Promise<{ adopted: string[]; summary: PlanSummary }> {
  const stack: Workspace = { ...ws, part: 'customers' };
  const p = await prepare(stack, { adopting: true, command: 'adopt' });
  const where = describeTarget(p.target);
  // Marked clients are already in the plan as import blocks; unmarked ones are imported here.
  const found = [...p.reconciliation.unmarked.map((u) => u.clientId), ...p.reconciliation.adopt.map((a) => a.clientId)];
  const wanted =
    clientIds === 'all' ? found.filter((id) => !p.reconciliation.unmarked.some((u) => u.clientId === id && u.marker)) : [...clientIds];
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
  const conflict = foreignClients(wanted, p.reconciliation.unmarked) ?? rotationConflicts(wanted, p.project.customers);
  if (conflict) throw conflict;
  const live = await listClients(new AdminApi(loginFromEnv(p.ws.env, p.target.keycloakUrl)), p.target.realm);
  // Imported with the engine's import command, not import blocks: it changes only the state,
  // so nothing is applied before the changes below have been read.
  const plain = synthOrReport({ ...stack, logFile: p.ws.logFile });
  for (const id of wanted) {
    const uuid = live.find((c) => c.clientId === id)!.id;
    log(`adopt ${where}: importing ${id} (its secret is read, not changed)`);
    await importResource(plain.ws, clientAddress(plain.ws, id), `${p.target.realm}/${uuid}`);
  }
  // What the next deploy will change on them (and on nothing else it would not change anyway).
  const after = await prepare(stack, { adopting: true, command: 'adopt' });
  const planFile = path.join(stackDir(stack), 'adopt.tfplan');
  let summary: PlanSummary;
  try {
    await plan(after.ws, planFile);
    summary = summarizePlan(showJson(after.ws, planFile), after.customerIds);
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
 * What a platform engineer hands to a customer: client id, token endpoint and, only when
 * asked, the secret (printed with `reveal`, or written to a new file readable only by the owner).
 */
export async function credentials(
  ws: Workspace,
  clientId: string,
  options: { reveal?: boolean; outputFile?: string } = {},
): Promise<Record<string, string | boolean>> {
  const project = validate(ws);
  // Besides customers, an administrator fetches the provisioning and read-only identities'
  // secrets this way once, to put them into the CI secret store.
  const isProvisioner = clientId === project.platform.provisioner.clientId || clientId === project.platform.reader.clientId;
  const customer = project.customers.find((c) => c.clientId === clientId);
  if (!customer && !isProvisioner) {
    throw new UserError(
      `No customer "${clientId}" in customers/. Known: ${project.customers.map((c) => c.clientId).join(', ') || 'none'}.`,
    );
  }
  const environment = project.environments[ws.environment];
  if (!environment)
    throw new UserError(`Unknown environment "${ws.environment}" (known: ${Object.keys(project.environments).join(', ')}).`);
  const t = resolveTarget(ws.environment, environment, project.platform, ws.env);
  if (customer && !customer.environments.includes(t.environment)) {
    throw new UserError(
      `Customer "${clientId}" is not deployed to environment "${t.environment}" (its file lists ${customer.environments.join(', ')}).`,
    );
  }
  const api = new AdminApi(loginFromEnv(withCredentials(ws.env, t), t.keycloakUrl));
  const client = await api.findClient(t.realm, clientId);
  if (!client) throw new UserError(`Customer "${clientId}" is not deployed to ${describeTarget(t)} yet; run \`npm run deploy\` first.`);
  const info: Record<string, string | boolean> = {
    client_id: clientId,
    token_endpoint: `${t.keycloakUrl}/realms/${t.realm}/protocol/openid-connect/token`,
    grant_type: 'client_credentials',
    ...(isProvisioner ? { realm: t.realm } : { audience: project.platform.api.clientId, enabled: client.enabled === true }),
    ...(customer?.expires ? { expires: customer.expires } : {}),
    ...(isProvisioner || customer!.auth.method === 'client-secret' ? secretExpiry(client.attributes ?? {}) : {}),
  };
  if (options.outputFile) {
    const secret = await api.clientSecret(t.realm, client.id as string);
    // wx: never overwrite an existing file; 0600: readable by the owner only.
    fs.writeFileSync(options.outputFile, JSON.stringify({ ...info, client_secret: secret }, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    log(`credentials: written to ${options.outputFile} (mode 0600); hand it over through a channel you trust, then delete it`);
  }
  if (options.reveal) info.client_secret = await api.clientSecret(t.realm, client.id as string);
  return info;
}

/**
 * The environments a pipeline plans and deploys, in the order of environments.yaml (so list
 * staging before prod: deploy matrices run one at a time in this order). Left out, with the
 * reason on stderr: the local Keycloak (it runs on a developer's machine) and local state (a
 * CI runner forgets it, so every run would start from nothing and try to create everything again).
 */
export function pipelineEnvironments(project: Project): string[] {
  return Object.entries(project.environments)
    .filter(([name, e]) => {
      const reason =
        e.keycloak === 'local' ? 'uses the local Keycloak' : 'local' in e.state ? 'keeps its state in a local file' : undefined;
      if (reason) log(`environments: ${name} ${reason}; pipelines leave it out`);
      return reason === undefined;
    })
    .map(([name]) => name);
}

/** Variables that make the plain cdktf CLI run like the project's commands. */
const ENGINE_VARIABLES = ['TERRAFORM_BINARY_NAME', 'TF_CLI_CONFIG_FILE', 'CHECKPOINT_DISABLE', 'DISABLE_VERSION_CHECK'];
/** Added with an environment: the local Keycloak's documented login, the state encryption. */
const TARGET_VARIABLES = ['KEYCLOAK_USER', 'KEYCLOAK_PASSWORD', 'KEYCLOAK_CLIENT_ID', 'TF_ENCRYPTION'];

/**
 * Shell `export` lines (for `eval`) that give `npx cdktf synth|diff|deploy` what the project's
 * commands set for the engine: the pinned engine (or TERRAFORM_BINARY_NAME), the CLI config
 * with the provider mirror when it exists, and no network checks. With an environment also
 * its credentials defaults and state encryption, computed as deploy does (an unencrypted
 * shared backend is refused here too). Only what differs from the current environment is printed.
 */
export function cdktfExports(ws: Pick<Workspace, 'root' | 'environment'> | undefined): string {
  const env = process.env;
  let wanted = engineEnv(baseEnv());
  let names = ENGINE_VARIABLES;
  if (ws) {
    const project = validate(ws);
    const config = project.environments[ws.environment];
    if (!config) throw new UserError(`unknown environment "${ws.environment}" (known: ${Object.keys(project.environments).join(', ')})`);
    const target = resolveTarget(ws.environment, config, project.platform, wanted);
    wanted = withEncryption(withCredentials(wanted, target), target);
    names = [...ENGINE_VARIABLES, ...TARGET_VARIABLES];
  }
  const quote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
  return names
    .filter((name) => wanted[name] !== env[name])
    .map((name) => (wanted[name] === undefined ? `unset ${name}` : `export ${name}=${quote(wanted[name]!)}`))
    .map((line) => `${line}\n`)
    .join('');
}

/**
 * The usage report of one environment's customers, from the realm's login events. Refuses to
 * guess when the realm does not store those events (the platform part was not deployed).
 */
export async function usage(ws: Workspace, options: { unusedDays?: number } = {}): Promise<UsageReport> {
  const project = validate(ws);
  const environment = project.environments[ws.environment];
  if (!environment)
    throw new UserError(`Unknown environment "${ws.environment}" (known: ${Object.keys(project.environments).join(', ')}).`);
  const t = resolveTarget(ws.environment, environment, project.platform, ws.env);
  const api = new AdminApi(loginFromEnv(withCredentials(ws.env, t), t.keycloakUrl));
  const config = await api.get<{ eventsEnabled?: boolean; enabledEventTypes?: string[] }>(`/${encodeURIComponent(t.realm)}/events/config`);
  const missing = LOGIN_EVENT_TYPES.filter((type) => !(config.enabledEventTypes ?? []).includes(type));
  if (!config.eventsEnabled || missing.length > 0) {
    throw new UserError(
      `Realm "${t.realm}" at ${t.keycloakUrl} does not store ${config.eventsEnabled ? missing.join(' and ') : 'login'} events, so there is no usage to report; ` +
        'an administrator deploys the platform part once (`npm run deploy -- --part platform`), which turns them on.',
    );
  }
  const customers = project.customers.filter((c) => c.environments.includes(t.environment));
  return usageReport(api, { environment: t.environment, realm: t.realm }, customers, project.platform.usage.eventRetention, options);
}
