/** The `validate` command: the files' problems, and what can be said without the engine about empty environments. */
import * as fs from 'fs';
import { loadProject, Project } from '../model/load';
import { UserError, ValidationError } from '../model/problems';
import { allShards } from '../stacks/shards';
import { resolveTarget, TargetInputs } from '../stacks/target';
import { RunContext } from './steps';
import { customersInState } from './adoption';
import { enforceNotEmpty } from './removal-guard';

/** Validates and reports; throws a UserError listing every problem. */
export function validate(ctx: Pick<RunContext, 'root'>): Project {
  try {
    return loadProject({ root: ctx.root });
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
export function checkEmptyEnvironments(project: Project, inputs: TargetInputs): string[] {
  const notes: string[] = [];
  for (const name of Object.keys(project.environments).sort()) {
    if (project.customers.some((c) => c.environments.includes(name))) continue;
    const count = project.platform.customerShards;
    for (const shard of count > 1 ? allShards(count) : [undefined]) {
      const t = resolveTarget(name, project.environments[name], project.platform, inputs, 'customers', shard);
      if (t.state.kind !== 'local' || !fs.existsSync(t.state.path)) {
        if (t.state.kind !== 'local')
          notes.push(
            `environment "${name}": no customer file targets it; plan and deploy refuse it if its ${t.state.kind} state holds customers`,
          );
        if (t.state.kind !== 'local') break;
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
        break;
      }
      const held = customersInState((state.resources ?? []).filter((r) => r.mode === 'managed').map((r) => `${r.type}.${r.name}`));
      enforceNotEmpty(0, held, `environment "${name}" (${t.state.path})`, undefined);
    }
  }
  return [...new Set(notes)];
}

/** Each environment (or only `only`) with its number of customers, by name. */
function environmentSizes(project: Project, only?: string): [string, number][] {
  return Object.keys(project.environments)
    .filter((name) => only === undefined || name === only)
    .sort()
    .map((name) => [name, project.customers.filter((c) => c.environments.includes(name)).length]);
}

/** Customers per shard above which a plan's cost is dominated by the customers it does not touch (docs/shards.md). */
export const SHARD_ADVICE_THRESHOLD = 300;

/**
 * A note for each environment whose shards hold more customers than a fast plan allows, with
 * the shard count that brings them to about 100 each: one stack suits a few hundred customers,
 * and the default (1) never changes on its own, since changing it moves states (`npm run reshard`).
 */
export function shardAdvice(project: Project, only?: string): string[] {
  const count = project.platform.customerShards;
  return environmentSizes(project, only).flatMap(([name, n]) => {
    if (n / count <= SHARD_ADVICE_THRESHOLD) return [];
    const advised = Math.min(256, Math.ceil(n / 100));
    const args = [...(name === 'local' ? [] : [`--env ${name}`]), ...(count > 1 ? [`--from ${count}`] : [])];
    return [
      `environment "${name}": ${n} customers in ${count === 1 ? 'one stack' : `${count} shards`}: every plan reads ${count === 1 ? 'all of them' : `about ${Math.round(n / count)} per shard it runs for`}. ` +
        `customerShards: ${advised} in platform.yaml (then npm run reshard${args.length ? ` -- ${args.join(' ')}` : ''}) keeps a one-customer plan near its cost at 100 customers (docs/shards.md)`,
    ];
  });
}

/**
 * Customers in one realm above which Keycloak's realms cache, at its default size (10,000
 * entries, about three per client), no longer holds the realm's clients.
 */
export const REALM_CACHE_ADVICE_THRESHOLD = 3000;

/**
 * A note for each environment with more customers than Keycloak's default realms cache holds:
 * every listing of the realm's clients (the bulk check of each plan and drift check) then
 * reads them all from the database again. Measured on the local
 * server at 5,010 clients: 7 to 9 s per listing with the default, 0.7 to 1.1 s with 50,000
 * entries (docs/performance.md, "Keycloak's realms cache"). The setting is the Keycloak
 * operators', so this only says it.
 */
export function realmCacheAdvice(project: Project, only?: string): string[] {
  return environmentSizes(project, only).flatMap(([name, n]) => {
    if (n <= REALM_CACHE_ADVICE_THRESHOLD) return [];
    const entries = Math.ceil((n * 3 + 5000) / 10000) * 10000;
    return [
      `environment "${name}": ${n} customers in realm "${project.environments[name].realm ?? project.platform.realm.name}": past about ${REALM_CACHE_ADVICE_THRESHOLD} clients, Keycloak's default realms cache (10,000 entries) cannot hold them, ` +
        `and every listing of the realm's clients (each plan's and drift check's bulk check) reads the database again. ` +
        `On the Keycloak servers, raise --cache-embedded-realms-max-count to at least ${entries} (and the heap with it), unless it already is (docs/performance.md, "Keycloak's realms cache")`,
    ];
  });
}

/** The notes above for one environment, as a plan, deploy or drift check of its customers logs them (once per command). */
export function sizeNotes(project: Project, environment: string): string[] {
  return [...shardAdvice(project, environment), ...realmCacheAdvice(project, environment)].map((note) => `note: ${note}`);
}
