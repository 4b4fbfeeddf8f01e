/**
 * Clients that exist in Keycloak but not in the customers stack's state: orphans of an
 * interrupted create or of a lost state file (they carry this stack's marker), and clients
 * made by hand or by another tool with the id of a customer file (they do not). Creating
 * either again would fail with 409 Conflict on every deploy, so they are found before
 * planning with one list call and adopted: marked ones automatically, unmarked ones only
 * when asked (`npm run adopt`), because their secret may already be in someone's hands.
 */
import { OpenidClient } from '../.gen/providers/keycloak/openid-client';
import { MARKER_ATTRIBUTE } from '../keycloak/customer-client';
import { loginClientReason } from '../keycloak/protected-clients';
import { CLIENT_RESOURCE_ID, customerOfResourceName } from '../keycloak/customer-id';
import { Customer } from '../model/customer';
import { AdminApi, pagesOrStatus } from './admin-api';
import { UserError } from '../model/problems';

/** What the admin API's client list says about one client (no secrets are read). */
export interface LiveClient {
  readonly clientId: string;
  /** The client's UUID. */
  readonly id: string;
  /** The marker attribute, when the client has one. */
  readonly marker?: string;
  /** Why people log in through it (keycloak/protected-clients.ts), when they do: never adopted. */
  readonly login?: string;
}

export interface Reconciliation {
  /** Customer files whose client is missing from state and carries this stack's marker: adopted automatically. */
  readonly adopt: { readonly clientId: string; readonly uuid: string }[];
  /** Customer files whose client is missing from state and was not made by this stack: the plan stops. */
  readonly unmarked: { readonly clientId: string; readonly marker?: string; readonly login?: string }[];
  /** Clients with this stack's marker that neither a file nor the state knows: reported by drift. */
  readonly unmanaged: string[];
}

/** Client ids of the customer clients in a state, from the engine's `state list`. */
export function customersInState(addresses: readonly string[]): string[] {
  const ids = new Set<string>();
  for (const a of addresses) {
    // `keycloak_openid_client.customer-acme_client_C59DA64E`
    const dot = a.indexOf('.');
    if (a.slice(0, dot) !== OpenidClient.tfResourceType) continue;
    const customer = customerOfResourceName(a.slice(dot + 1));
    if (customer?.part === CLIENT_RESOURCE_ID) ids.add(customer.clientId);
  }
  return [...ids].sort();
}

/**
 * Sorts the clients that block a plan into the three cases.
 * @param fileIds client ids of this environment's customer files
 * @param stateIds client ids of the customer clients in the stack's state
 * @param stack the stack name, i.e. the marker value this stack writes
 */
export function reconcile(
  fileIds: readonly string[],
  stateIds: readonly string[],
  live: readonly LiveClient[],
  stack: string,
): Reconciliation {
  const inState = new Set(stateIds);
  const inFiles = new Set(fileIds);
  const byId = new Map(live.map((c) => [c.clientId, c]));
  const adopt: Reconciliation['adopt'] = [];
  const unmarked: Reconciliation['unmarked'] = [];
  for (const id of [...fileIds].sort()) {
    if (inState.has(id)) continue;
    const c = byId.get(id);
    if (!c) continue; // a new customer: created by the plan
    if (c.marker === stack) adopt.push({ clientId: id, uuid: c.id });
    else unmarked.push({ clientId: id, marker: c.marker, login: c.login });
  }
  const unmanaged = live
    .filter((c) => c.marker === stack && !inFiles.has(c.clientId) && !inState.has(c.clientId))
    .map((c) => c.clientId)
    .sort();
  return { adopt, unmarked, unmanaged };
}

/**
 * Every client of a realm (paged); none when the realm does not exist yet. Keycloak lists to
 * a pipeline identity only a few clients or none (its fine-grained permissions are not
 * applied to lists), silently: a list without the realm's own `realm-management` client is
 * such a list, and then each of `lookUp` (the files' clients missing from state) is also
 * looked up by its client id, which Keycloak answers for every client the identity may view.
 */
export async function listClients(api: AdminApi, realm: string, lookUp: readonly string[] = []): Promise<LiveClient[]> {
  let data: Record<string, any>[] | number;
  try {
    data = await pagesOrStatus<Record<string, any>>(api, `/${encodeURIComponent(realm)}/clients`);
  } catch (err) {
    if (err instanceof UserError) throw new UserError(`Listing the clients of realm "${realm}" failed: ${err.message}`);
    throw new UserError(
      `Keycloak cannot be reached to list the clients of realm "${realm}": ${(err as Error).message}${(err as { cause?: Error }).cause ? ` (${(err as { cause?: Error }).cause!.message})` : ''}`,
    );
  }
  if (data === 404) return [];
  if (!Array.isArray(data)) throw new UserError(`Listing the clients of realm "${realm}" failed: HTTP ${data}`);
  if (!data.some((c) => c.clientId === 'realm-management')) {
    const listed = new Set(data.map((c) => String(c.clientId)));
    for (const clientId of lookUp.filter((id) => !listed.has(id))) {
      const found = await api.findClient(realm, clientId);
      if (found) data.push(found);
    }
  }
  return data.map(liveClient);
}

/** What reconciling needs of a client representation. */
export function liveClient(c: Record<string, any>): LiveClient {
  return {
    clientId: String(c.clientId),
    id: String(c.id),
    marker: c.attributes?.[MARKER_ATTRIBUTE] as string | undefined,
    login: loginClientReason(c),
  };
}

/**
 * Up to this many clients missing from state are looked up one by one (`?clientId=`, an exact
 * match); more are found with one listing of the realm. A pull request adding a customer to a
 * realm of thousands then costs one request, not a listing of every client.
 */
export const LOOK_UP_AT_MOST = 20;

/**
 * The clients of `ids` that exist in the realm (none when the realm does not exist yet): each
 * looked up by its client id when they are few, else from {@link listClients}. Enough to
 * reconcile files with a state; not to find clients nobody declares (drift lists for that).
 */
export async function findClients(api: AdminApi, realm: string, ids: readonly string[]): Promise<LiveClient[]> {
  if (ids.length > LOOK_UP_AT_MOST) return listClients(api, realm, ids);
  const out: LiveClient[] = [];
  for (const clientId of ids) {
    const path = `/${encodeURIComponent(realm)}/clients?clientId=${encodeURIComponent(clientId)}`;
    let res: { status: number; data: Record<string, any>[] };
    try {
      res = await api.request<Record<string, any>[]>('GET', path);
    } catch (err) {
      throw new UserError(`Keycloak cannot be reached to look up client "${clientId}" in realm "${realm}": ${(err as Error).message}`);
    }
    // A realm not created yet (the first deploy) has no client to find.
    if (res.status === 404) return [];
    if (res.status !== 200 || !Array.isArray(res.data))
      throw new UserError(`Looking up client "${clientId}" in realm "${realm}" failed: HTTP ${res.status}`);
    const found = res.data.find((c) => c.clientId === clientId);
    if (found) out.push(liveClient(found));
  }
  return out;
}

/** The error that stops a plan when clients it would create already exist without this stack's marker. */
export function unmarkedError(unmarked: Reconciliation['unmarked'], where: string, env: string): UserError {
  const lines = unmarked.map((u) =>
    u.login
      ? `  ${u.clientId}: exists in Keycloak and is a client people log in through (${u.login}); customers/${u.clientId}.yaml must not take it over: rename the customer file ` +
        "(or, if it is a machine client made with the admin console's defaults, switch its login flows off and remove its redirect URIs there, then adopt it)"
      : `  ${u.clientId}: exists in Keycloak, ${u.marker ? `managed by another stack ("${u.marker}")` : 'not created by this project (no marker)'}, and customers/${u.clientId}.yaml declares it`,
  );
  const envFlag = env === 'local' ? '' : ` --env ${env}`;
  const adoptable = unmarked.filter((u) => !u.marker && !u.login).map((u) => u.clientId);
  const foreign = unmarked.filter((u) => u.marker && !u.login).map((u) => u.clientId);
  return new UserError(
    `${where}: ${unmarked.length} client(s) would be created but already exist in Keycloak; creating them would fail with 409 Conflict:\n${lines.join('\n')}\n` +
      (adoptable.length
        ? `Adopt them (imports each client into state with its secret unchanged, then shows what the next deploy changes on it):\n` +
          `  npm run adopt --${envFlag} ${adoptable.join(' ')}\n` +
          `or every such client at once: npm run adopt --${envFlag} --all. Or rename the customer file if the existing client is someone else's.\n`
        : '') +
      (foreign.length
        ? `${foreign.join(', ')}: another stack manages them in this realm; two stacks must not manage one client: limit the file to one environment (environments: [...]) or rename it.`
        : ''),
  );
}

/** Login clients are never adopted: the next deploy would switch their browser flows and redirect URIs off. */
export function loginClients(ids: readonly string[], unmarked: Reconciliation['unmarked']): UserError | undefined {
  const login = unmarked.filter((u) => u.login && ids.includes(u.clientId));
  if (login.length === 0) return undefined;
  return new UserError(
    login
      .map(
        (u) =>
          `${u.clientId}: a client people log in through (${u.login}), not a machine credential: adopting it would make the next deploy switch its login flows off. Rename customers/${u.clientId}.yaml.`,
      )
      .join('\n'),
  );
}

/** Clients another stack manages are never adopted: two states would then own one client. */
export function foreignClients(ids: readonly string[], unmarked: Reconciliation['unmarked']): UserError | undefined {
  const foreign = unmarked.filter((u) => u.marker && ids.includes(u.clientId));
  if (foreign.length === 0) return undefined;
  return new UserError(
    foreign
      .map(
        (u) =>
          `${u.clientId}: managed by another stack ("${u.marker}"); adopting it here would make two stacks manage one client. Limit customers/${u.clientId}.yaml to one environment or rename it.`,
      )
      .join('\n'),
  );
}

/**
 * Adopting a client whose file sets `secretRotation` would rotate its secret: the provider
 * regenerates whenever that value is new to the state, and an adopted client's state has
 * none. Refused with the way out instead of silently replacing a secret in use.
 */
export function rotationConflicts(ids: readonly string[], customers: readonly Customer[]): UserError | undefined {
  const rotating = customers.filter((c) => ids.includes(c.clientId) && c.secretRotation !== undefined).map((c) => c.clientId);
  if (rotating.length === 0) return undefined;
  return new UserError(
    rotating
      .map(
        (id) =>
          `customers/${id}.yaml: secretRotation: client "${id}" is being adopted (it exists in Keycloak but not in state), and adopting it with secretRotation set would replace its secret. ` +
          'Remove secretRotation from the file for the deploy that adopts it (its secret stays); set a new value later to rotate.',
      )
      .join('\n'),
  );
}
