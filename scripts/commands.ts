/** The project's commands, as functions the CLI and the tests both call. */
import * as fs from 'fs';
import * as path from 'path';
import { loadProject, Project } from '../model/load';
import { ValidationError } from '../model/problems';
import { AdminApi, loginFromEnv } from './admin-api';
import { keycloakUp } from './local-keycloak';
import { hasChanges, oneLine, PlanSummary, summarizePlan, toMarkdown } from './plan-summary';
import { formatSeconds, log, UserError } from './run';
import { provisionAll } from './toolchain';
import { apply, init, plan, showJson, stackDir, synth, target, Workspace } from './workflow';

/** Validates and reports; throws a UserError listing every problem. */
export function validate(ws: Workspace): Project {
  try {
    return loadProject({ root: ws.root });
  } catch (err) {
    if (err instanceof ValidationError) throw new UserError(err.message);
    throw err;
  }
}

function synthOrFail(ws: Workspace): Project {
  try {
    return synth(ws);
  } catch (err) {
    if (err instanceof ValidationError) throw new UserError(err.message);
    throw err;
  }
}

export interface DeployResult {
  readonly summary: PlanSummary;
  readonly changed: boolean;
}

function describeTarget(ws: Workspace, project: Project): string {
  const t = target(ws);
  return `realm "${t.realm ?? project.platform.realm.name}" at ${t.keycloakUrl}`;
}

/**
 * Validates, synthesizes, plans and applies exactly that plan. With `planFile`, applies a
 * plan saved by `plan` instead; the engine refuses it when the state moved on since.
 */
export async function deploy(ws: Workspace, options: { planFile?: string } = {}): Promise<DeployResult> {
  const started = Date.now();
  const project = synthOrFail(ws);
  await init(ws);
  if (options.planFile) {
    if (!fs.existsSync(options.planFile)) throw new UserError(`No saved plan at ${options.planFile}; run \`npm run plan\` first.`);
    const summary = summarizePlan(showJson(ws, options.planFile), project.customers.map((c) => c.clientId));
    log(`deploy: applying the reviewed plan ${options.planFile} (${oneLine(summary)})`);
    await apply(ws, options.planFile);
    log(`deploy: done in ${formatSeconds((Date.now() - started) / 1000)}`);
    return { summary, changed: hasChanges(summary) };
  }
  const planFile = path.join(stackDir(ws), 'deploy.tfplan');
  log(`deploy: planning ${project.customers.length} customer(s) for ${describeTarget(ws, project)}`);
  const changes = await plan(ws, planFile);
  const summary = summarizePlan(showJson(ws, planFile), project.customers.map((c) => c.clientId));
  if (!changes) {
    fs.rmSync(planFile, { force: true });
    log(`deploy: no changes; Keycloak already matches the files (${project.customers.length} customer(s)).`);
    return { summary, changed: false };
  }
  log(`deploy: ${oneLine(summary)}`);
  await apply(ws, planFile);
  fs.rmSync(planFile, { force: true });
  const enabled = project.customers.filter((c) => c.enabled).length;
  log(
    `deploy: done in ${formatSeconds((Date.now() - started) / 1000)}. ${describeTarget(ws, project)} now has ` +
      `${project.customers.length} customer(s) (${enabled} enabled, ${project.customers.length - enabled} disabled). ` +
      `Added: ${summary.customers.added.map((g) => g.name).join(', ') || 'none'}; changed: ${summary.customers.changed.map((g) => g.name).join(', ') || 'none'}; ` +
      `removed: ${summary.customers.removed.map((g) => g.name).join(', ') || 'none'}.`,
  );
  return { summary, changed: true };
}

/** `npm start`: provision, start the local Keycloak unless KEYCLOAK_URL points elsewhere, deploy. */
export async function start(ws: Workspace): Promise<void> {
  validate(ws); // fail on bad files before the slow steps
  await provisionAll();
  if (target(ws).local) await keycloakUp();
  else log(`keycloak: using ${target(ws).keycloakUrl} (KEYCLOAK_URL)`);
  await deploy(ws);
}

/** Saves a plan for review and writes its summary as Markdown and JSON. */
export async function planForReview(ws: Workspace, outDir: string): Promise<{ summary: PlanSummary; planFile: string; changed: boolean }> {
  const project = synthOrFail(ws);
  await init(ws);
  fs.mkdirSync(outDir, { recursive: true });
  const planFile = path.join(outDir, 'api-keys.tfplan');
  const changed = await plan(ws, planFile);
  const summary = summarizePlan(showJson(ws, planFile), project.customers.map((c) => c.clientId));
  const title = `Keycloak plan for ${describeTarget(ws, project)}`;
  fs.writeFileSync(path.join(outDir, 'plan.md'), toMarkdown(summary, title));
  fs.writeFileSync(path.join(outDir, 'plan.json'), JSON.stringify(summary, null, 2) + '\n');
  log(`plan: ${oneLine(summary)}`);
  log(`plan: saved ${planFile}; summary in ${path.join(outDir, 'plan.md')} and plan.json`);
  return { summary, planFile, changed };
}

/**
 * Compares the live Keycloak with the files. Exit code: 0 in sync, 2 drift, 1 error.
 * Writes drift.md and drift.json naming each drifted resource and attribute.
 */
export async function drift(ws: Workspace, outDir: string): Promise<number> {
  const project = synthOrFail(ws);
  await init(ws);
  fs.mkdirSync(outDir, { recursive: true });
  const planFile = path.join(outDir, 'drift.tfplan');
  const drifted = await plan(ws, planFile);
  const summary = summarizePlan(showJson(ws, planFile), project.customers.map((c) => c.clientId));
  fs.rmSync(planFile, { force: true });
  const title = drifted ? `Drift: ${describeTarget(ws, project)} differs from the repository` : `No drift: ${describeTarget(ws, project)} matches the repository`;
  fs.writeFileSync(path.join(outDir, 'drift.md'), toMarkdown(summary, title));
  fs.writeFileSync(path.join(outDir, 'drift.json'), JSON.stringify({ drift: drifted, ...summary }, null, 2) + '\n');
  if (drifted) {
    log(`drift: ${oneLine(summary)}`);
    for (const g of [...summary.customers.changed, ...summary.customers.added, ...summary.customers.removed, ...summary.platform]) {
      for (const r of g.resources) log(`  ${r.action}: ${r.address}${g.attributes.filter((a) => a.resource === r.address).map((a) => ` ${a.attribute}: ${a.after} -> ${a.before}`).join(';')}`);
    }
    log(`drift: report in ${path.join(outDir, 'drift.md')}; \`npm run deploy\` restores the declared state`);
    return 2;
  }
  log('drift: none; Keycloak matches the repository');
  return 0;
}

/**
 * What a platform engineer hands to a customer: client id, token endpoint and, only when
 * asked, the secret (printed with `reveal`, or written to a new file readable only by the owner).
 */
export async function credentials(ws: Workspace, clientId: string, options: { reveal?: boolean; outputFile?: string } = {}): Promise<Record<string, string>> {
  const project = validate(ws);
  const customer = project.customers.find((c) => c.clientId === clientId);
  if (!customer) {
    throw new UserError(`No customer "${clientId}" in customers/. Known: ${project.customers.map((c) => c.clientId).join(', ') || 'none'}.`);
  }
  const t = target(ws);
  const realm = t.realm ?? project.platform.realm.name;
  const api = new AdminApi(loginFromEnv(ws.env, t.keycloakUrl));
  const client = await api.findClient(realm, clientId);
  if (!client) throw new UserError(`Customer "${clientId}" is not deployed to ${describeTarget(ws, project)} yet; run \`npm run deploy\` first.`);
  const info: Record<string, string> = {
    client_id: clientId,
    token_endpoint: `${t.keycloakUrl}/realms/${realm}/protocol/openid-connect/token`,
    grant_type: 'client_credentials',
    audience: project.platform.api.clientId,
    enabled: String(customer.enabled),
  };
  if (options.outputFile) {
    const secret = await api.clientSecret(realm, client.id as string);
    // wx: never overwrite an existing file; 0600: readable by the owner only.
    fs.writeFileSync(options.outputFile, JSON.stringify({ ...info, client_secret: secret }, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    log(`credentials: written to ${options.outputFile} (mode 0600); hand it over through a channel you trust, then delete it`);
  }
  if (options.reveal) {
    info.client_secret = await api.clientSecret(realm, client.id as string);
  }
  return info;
}
