/**
 * Plans of the customers stack whose cost does not grow with the realm: the bulk check of
 * fast-check.ts first, then the engine without its per-resource refresh (`-refresh=false`)
 * when Keycloak matches the state, and the full refresh only where it does not.
 *
 * - A reviewed plan (`npm run plan`) is planned without refresh only when Keycloak matches
 *   the state everywhere; otherwise it is planned exactly as before (full refresh), so a
 *   plan never hides drift and `deploy --plan` applies what was reviewed.
 * - A drift check plans without refresh, and refreshes for real the customers whose
 *   resources differ (`-target`), so the report names what differs, attribute by attribute,
 *   with the engine's own words; it is never saved or applied.
 *
 * Off with `--deep` (per command) or `APIKEYS_FAST_CHECK=0` (every command).
 */
import * as fs from 'fs';
import * as path from 'path';
import { customerOfResourceName } from '../keycloak/customer-id';
import { Target } from '../stacks/target';
import { adminLogin } from './admin-api';
import { CountingAdminApi, fastCheck, FastVerdict, StateResource, stateResources } from './fast-check';
import { plan, planJson, RunContext, showJson, stackDir } from './steps';
import { log } from '../toolchain/process';

/** Whether a command uses the bulk check: on unless `--deep` or `APIKEYS_FAST_CHECK=0`. */
export function fastCheckEnabled(ctx: RunContext, deep: boolean | undefined): boolean {
  return !deep && ctx.settings.engine.fastCheck;
}

/**
 * The bulk check, or, when reading the realm fails (a slow list call that times out, an
 * identity refused a list), a verdict that asks for the full refresh: the fast path must never
 * fail a command that the full refresh can still answer.
 */
export async function bulkVerdict(api: CountingAdminApi, realm: string, resources: readonly StateResource[]): Promise<FastVerdict> {
  try {
    return await fastCheck(api, realm, resources);
  } catch (err) {
    const reason = `the bulk read of the realm failed (${(err as Error).message.split('\n')[0]})`;
    return { differing: new Map(), unjudged: [reason], requests: api.sent, source: 'failed' };
  }
}

/** The state's resources (the engine's `show -json`: it reads the state, never Keycloak) and the bulk check against them. */
async function verify(ws: RunContext, target: Target): Promise<{ verdict: FastVerdict; resources: StateResource[]; seconds: number }> {
  const started = Date.now();
  const resources = stateResources(showJson(ws));
  const api = new CountingAdminApi(adminLogin(ws.settings, target));
  const verdict = await bulkVerdict(api, target.realm, resources);
  return { verdict, resources, seconds: (Date.now() - started) / 1000 };
}

function describe(v: FastVerdict, seconds: number): string {
  return `${v.requests} admin-API request(s), ${seconds.toFixed(1)} s (${v.source})`;
}

function differences(v: FastVerdict): string {
  return [...v.differing].map(([id, why]) => `${id} (${why})`).join(', ');
}

/**
 * Saves the customers stack's plan for review: without refresh when Keycloak matches the
 * state, else with the full refresh. Returns the engine's "there are changes".
 */
export async function planForReviewFast(ws: RunContext, target: Target, planFile: string, what: string): Promise<boolean> {
  const { verdict, seconds } = await verify(ws, target);
  if (verdict.unjudged.length === 0 && verdict.differing.size === 0) {
    log(`${what}: Keycloak matches the state (${describe(verdict, seconds)}); planning without the per-resource refresh`);
    return plan(ws, planFile, ['-refresh=false']);
  }
  const why = verdict.unjudged.length
    ? `the bulk check cannot compare ${verdict.unjudged.slice(0, 3).join('; ')}${verdict.unjudged.length > 3 ? '; ...' : ''}`
    : `Keycloak differs from the state for ${differences(verdict)}`;
  log(`${what}: ${why}; planning with the full refresh`);
  return plan(ws, planFile);
}

/** Resource addresses of the given customers, in the state and in the synthesized configuration. */
function addressesOf(ws: RunContext, ids: ReadonlySet<string>, resources: readonly StateResource[]): string[] {
  const ofCustomer = (name: string) => {
    const owner = customerOfResourceName(name);
    return owner !== undefined && ids.has(owner.clientId);
  };
  const out = new Set(resources.filter((r) => r.mode === 'managed' && ofCustomer(r.name)).map((r) => r.address));
  const config = JSON.parse(fs.readFileSync(path.join(stackDir(ws), 'cdk.tf.json'), 'utf8')) as { resource?: Record<string, object> };
  for (const [type, byName] of Object.entries(config.resource ?? {}))
    for (const name of Object.keys(byName)) if (ofCustomer(name)) out.add(`${type}.${name}`);
  return [...out].sort();
}

/**
 * The customers stack's drift plan (the engine's JSON view), or undefined when the bulk
 * check cannot judge something and the caller must plan with the full refresh.
 * @param planFile a scratch file, removed by the caller
 */
export async function driftPlanFast(
  ws: RunContext,
  target: Target,
  planFile: string,
  what: string,
): Promise<{ planned: boolean; plan: any } | undefined> {
  const { verdict, resources, seconds } = await verify(ws, target);
  if (verdict.unjudged.length) {
    log(
      `${what}: the fast check cannot compare ${verdict.unjudged.slice(0, 3).join('; ')}${verdict.unjudged.length > 3 ? '; ...' : ''}; checking with the full refresh instead (as --deep)`,
    );
    return undefined;
  }
  const planned = await plan(ws, planFile, ['-refresh=false']);
  const shown = planJson(ws, planFile, planned);
  if (verdict.differing.size === 0) {
    log(`${what}: fast check: Keycloak matches the state (${describe(verdict, seconds)}); compared the files with it without refresh`);
    return { planned, plan: shown };
  }
  // The customers that differ are refreshed for real, so that their report shows what is in
  // Keycloak now; every other customer's part of the plan comes from the plan without refresh.
  log(
    `${what}: fast check: Keycloak differs from the state for ${differences(verdict)} (${describe(verdict, seconds)}); refreshing those customers`,
  );
  const ids = new Set(verdict.differing.keys());
  const targets = addressesOf(ws, ids, resources);
  const targetedFile = `${planFile}.targeted`;
  try {
    const targetedPlanned = await plan(
      ws,
      targetedFile,
      targets.map((a) => `-target=${a}`),
    );
    const targeted = planJson(ws, targetedFile, targetedPlanned);
    const mine = (rc: { address: string }) => targets.includes(rc.address);
    return {
      planned: planned || targetedPlanned,
      plan: {
        // The names of roles and scopes come from the plan's prior state: a plan the engine
        // found unchanged was not read back (planJson), so take them from the targeted one.
        ...(planned ? shown : targeted),
        resource_changes: [
          ...(shown.resource_changes ?? []).filter((rc: { address: string }) => !mine(rc)),
          ...(targeted.resource_changes ?? []).filter(mine),
        ],
      },
    };
  } finally {
    fs.rmSync(targetedFile, { force: true });
  }
}
