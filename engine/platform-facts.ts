/**
 * What a platform plan reads from the realm before it is synthesized: which clients are not
 * customers (and so must be kept from the pipeline identities), which of them people log in
 * through, and whether the identities' keys on this machine are the ones Keycloak holds.
 */
import { IdentityKeyStore } from '../config/identity-keys';
import { BUILT_IN_CLIENT_IDS, loginClientReason, MARKER_ATTRIBUTE, RealmEventSettings } from '../keycloak';
import { Project } from '../model/load';
import { UserError } from '../model/problems';
import { Target } from '../stacks/target';
import { log } from '../toolchain/process';
import { AdminApi, pagesOrStatus } from './admin-api';

/** The facts the platform stack is synthesized with. */
export interface PlatformFacts {
  /** Client ids of every client of the realm that no pipeline identity may view or change. */
  readonly protectedClientIds: readonly string[];
  /** Clients that people log in through, sharing the realm with customers (built-in ones left out). */
  readonly loginClients: readonly { readonly clientId: string; readonly why: string }[];
}

/** What else a platform plan needs to know of a realm it does not own (`realm.create: false`). */
export interface SharedRealmFacts {
  /** The realm's own event configuration, which the platform extends instead of replacing. */
  readonly events: RealmEventSettings;
  /** Whether the realm's fine-grained admin permissions are on (the identities' permissions need them). */
  readonly adminPermissionsEnabled: boolean;
}

/** Keycloak's own clients, which exist in every realm and need no warning. */
const KEYCLOAK_CLIENTS = new Set([...BUILT_IN_CLIENT_IDS, 'admin-permissions']);

/** The kids of the keys in a `private_key_jwt` client's JWKS attribute. */
export function jwksKeyIds(client: Record<string, any> | undefined): string[] {
  if (client?.clientAuthenticatorType !== 'client-jwt') return [];
  try {
    const jwks = JSON.parse(String(client.attributes?.['jwks.string'] ?? '{}')) as { keys?: { kid?: string }[] };
    return (jwks.keys ?? []).map((k) => String(k.kid ?? ''));
  } catch {
    return [];
  }
}

/**
 * Which listed clients are not customers of this environment: not the API or an identity
 * (the platform stack names those itself) and not a customer, i.e. neither carrying the
 * customers stack's marker nor named by a customer file while looking like a machine
 * credential. A login client named by a customer file stays protected.
 */
export function classifyClients(
  clients: readonly Record<string, any>[],
  options: {
    readonly customersStack: string;
    readonly customerIds: readonly string[];
    readonly ownClientIds: readonly string[];
  },
): PlatformFacts {
  const files = new Set(options.customerIds);
  const own = new Set(options.ownClientIds);
  const protectedClientIds: string[] = [];
  const loginClients: { clientId: string; why: string }[] = [];
  for (const c of clients) {
    const clientId = String(c.clientId);
    if (own.has(clientId) || clientId === 'admin-permissions') continue;
    const why = loginClientReason(c);
    // A machine credential named by a customer file: what adoption takes over (with its service account on).
    const machine = why === undefined && c.serviceAccountsEnabled === true;
    const customer = c.attributes?.[MARKER_ATTRIBUTE] === options.customersStack || (files.has(clientId) && machine);
    if (customer) continue;
    protectedClientIds.push(clientId);
    if (why !== undefined && !KEYCLOAK_CLIENTS.has(clientId)) loginClients.push({ clientId, why });
  }
  return { protectedClientIds: protectedClientIds.sort(), loginClients };
}

/** The event settings of Keycloak's `events/config` answer, with its optional fields filled. */
export function eventSettingsOf(config: Record<string, any>): RealmEventSettings {
  return {
    eventsEnabled: config.eventsEnabled === true,
    enabledEventTypes: Array.isArray(config.enabledEventTypes) ? config.enabledEventTypes.map(String) : [],
    eventsExpiration: typeof config.eventsExpiration === 'number' ? config.eventsExpiration : undefined,
    eventsListeners: Array.isArray(config.eventsListeners) ? config.eventsListeners.map(String) : [],
    adminEventsEnabled: config.adminEventsEnabled === true,
    adminEventsDetailsEnabled: config.adminEventsDetailsEnabled === true,
  };
}

/**
 * With `api.create: false`: the existing API client and every catalog role on it, checked
 * before anything is planned, so that a missing one stops the plan with its name instead of
 * failing a data source read halfway.
 */
export async function checkExistingApi(
  api: AdminApi,
  project: Project,
  target: Target,
  clients: readonly Record<string, any>[],
): Promise<void> {
  const { clientId, roles } = project.platform.api;
  const client = clients.find((c) => c.clientId === clientId);
  if (!client)
    throw new UserError(
      `platform.yaml: api.clientId "${clientId}" with api.create: false, but realm "${target.realm}" has no client "${clientId}". ` +
        'Fix api.clientId to name your existing backend client, or set api.create: true to let this project create and own it.',
    );
  const existing = await api.get<{ name: string }[]>(`/${encodeURIComponent(target.realm)}/clients/${client.id}/roles`);
  const names = new Set(existing.map((r) => r.name));
  const missing = Object.keys(roles).filter((r) => !names.has(r));
  if (missing.length)
    throw new UserError(
      `platform.yaml: api.roles lists ${missing.length === 1 ? 'a role' : 'roles'} that client "${clientId}" of realm "${target.realm}" does not have: ${missing.join(', ')}. ` +
        `This project never changes a client it does not own (api.create: false). Either add ${missing.length === 1 ? 'it' : 'them'} to "${clientId}" in Keycloak (Clients > ${clientId} > Roles) ` +
        `and plan again, or remove ${missing.length === 1 ? 'it' : 'them'} from api.roles. Roles the client has: ${[...names].sort().join(', ') || 'none'}.`,
    );
}

/** A realm this project does not own: its event settings and whether its fine-grained admin permissions are on. */
export async function readSharedRealm(api: AdminApi, target: Target): Promise<SharedRealmFacts> {
  const realm = encodeURIComponent(target.realm);
  const rep = await api.get<Record<string, any>>(`/${realm}`);
  const events = await api.get<Record<string, any>>(`/${realm}/events/config`);
  return { events: eventSettingsOf(events), adminPermissionsEnabled: rep.adminPermissionsEnabled === true };
}

/**
 * Lists the realm as an administrator and returns the platform's facts; refuses when this
 * machine's identity key is not the one Keycloak holds (a deploy would lock the pipeline out)
 * unless `APIKEYS_NEW_IDENTITY_KEYS=1` asks for new keys. None of the realm's clients when it
 * does not exist yet: the platform stack creates it.
 */
export async function readPlatformFacts(
  api: AdminApi,
  project: Project,
  target: Target,
  customersStack: string,
  keys: IdentityKeyStore,
  replaceKeys: boolean,
): Promise<PlatformFacts & { readonly newKeys: readonly string[]; readonly shared?: SharedRealmFacts }> {
  let listed: Record<string, any>[] | number;
  try {
    listed = await pagesOrStatus<Record<string, any>>(api, `/${encodeURIComponent(target.realm)}/clients`);
  } catch (err) {
    if (err instanceof UserError) throw err;
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new UserError(
      `Keycloak at ${target.keycloakUrl} cannot be reached to list the clients of realm "${target.realm}": ${(err as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`,
    );
  }
  if (listed === 403)
    throw new UserError(
      `Listing the clients of realm "${target.realm}" was refused (HTTP 403): a platform plan reads every client of the realm, to keep the pipeline identities away from those that are not customers. Run it as an administrator.`,
    );
  if (listed !== 404 && !Array.isArray(listed))
    throw new UserError(`Listing the clients of realm "${target.realm}" failed: HTTP ${listed}`);
  const clients = Array.isArray(listed) ? listed : [];
  const { platform } = project;
  if (!platform.realm.create && listed === 404)
    throw new UserError(
      `platform.yaml: realm "${target.realm}" with realm.create: false, but Keycloak at ${target.keycloakUrl} has no such realm. Fix realm.name (or the environment's realm), or set realm.create: true to let this project create and own it.`,
    );
  // Keycloak lists a pipeline identity few clients or none, silently: an existing realm
  // always has its own realm-management client.
  if (Array.isArray(listed) && !clients.some((c) => c.clientId === 'realm-management'))
    throw new UserError(
      `Keycloak listed only part of realm "${target.realm}" to this identity (no realm-management client among ${clients.length}): a platform plan reads every client of the realm, to keep the pipeline identities away from those that are not customers. Run it as an administrator.`,
    );
  if (!platform.api.create) await checkExistingApi(api, project, target, clients);
  const identities = [platform.provisioner.clientId, platform.reader.clientId];
  const newKeys: string[] = [];
  for (const id of identities) {
    const live = jwksKeyIds(clients.find((c) => c.clientId === id));
    const local = keys.read(target.environment, id);
    if (replaceKeys) {
      keys.replace(target.environment, id);
      newKeys.push(id);
      continue;
    }
    if (live.length === 0) {
      // A new identity, or one still on a client secret (an older version): this deploy gives it this machine's key.
      if (!local) newKeys.push(id);
      keys.ensure(target.environment, id);
      continue;
    }
    const file = keys.file(target.environment, id);
    if (!local)
      throw new UserError(
        `${id}: Keycloak holds its public key (kid ${live.join(', ')}), but its private key is not on this machine (${file}). ` +
          'Put the key there from where you keep it (the pipeline secret that `npm run credentials -- ' +
          `${id} --reveal\` filled), or give the identity a new key with APIKEYS_NEW_IDENTITY_KEYS=1 (the pipelines' key then stops working: store the new one).`,
      );
    if (!live.includes(local.kid))
      throw new UserError(
        `${id}: the key in ${file} (kid ${local.kid}) is not the one Keycloak holds (kid ${live.join(', ')}); deploying it would lock out the pipelines that hold the other. ` +
          'Put the right key there (an earlier one may be kept beside it as <identity>.pem.<time>.old), or replace the key on purpose with APIKEYS_NEW_IDENTITY_KEYS=1.',
      );
  }
  const customersInEnv = project.customers.filter((c) => c.environments.includes(target.environment)).map((c) => c.clientId);
  const facts = classifyClients(clients, {
    customersStack,
    customerIds: customersInEnv,
    ownClientIds: [platform.api.clientId, ...identities],
  });
  const shared = platform.realm.create ? undefined : await readSharedRealm(api, target);
  // A realm the platform stack is about to create holds Keycloak's own clients only.
  return { ...(listed === 404 ? { protectedClientIds: BUILT_IN_CLIENT_IDS, loginClients: [] } : facts), newKeys, shared };
}

/** How to turn fine-grained admin permissions on by hand, for messages. */
function adminPermissionsSteps(realm: string): string {
  return (
    `in the admin console, Realm settings > General > Admin Permissions: On (realm "${realm}"), ` +
    `or PUT /admin/realms/${realm} with {"adminPermissionsEnabled": true}`
  );
}

/**
 * A realm this project does not own has fine-grained admin permissions off (a realm made by
 * hand does): the identities' permissions cannot be made there. A platform deploy turns them
 * on, first and alone, when `realm.enableAdminPermissions` allows it (the default); every
 * other command, and a deploy the platform file forbids it, stops with the step to take.
 * Turning them on adds the realm's `admin-permissions` client and changes no one's access.
 */
export async function turnOnAdminPermissions(api: AdminApi, project: Project, target: Target, command: string): Promise<void> {
  const realm = target.realm;
  if (!project.platform.realm.enableAdminPermissions)
    throw new UserError(
      `Realm "${realm}" has fine-grained admin permissions off, and the pipeline identities' permissions live there ` +
        `(platform.yaml says realm.enableAdminPermissions: false, so this project will not turn them on). Turn them on: ${adminPermissionsSteps(realm)}; then run the platform ${command} again.`,
    );
  if (command !== 'deploy')
    throw new UserError(
      `Realm "${realm}" has fine-grained admin permissions off, and the pipeline identities' permissions live there: a platform ${command} cannot plan them yet. ` +
        `The platform deploy turns them on first (platform.yaml realm.enableAdminPermissions: true, the default), or turn them on yourself: ${adminPermissionsSteps(realm)}.`,
    );
  log(
    `${target.environment}: turning on fine-grained admin permissions in realm "${realm}" (realm.enableAdminPermissions): the pipeline identities' permissions live there`,
  );
  const res = await api.request('PUT', `/${encodeURIComponent(realm)}`, { adminPermissionsEnabled: true });
  if (res.status >= 300)
    throw new UserError(
      `Turning on fine-grained admin permissions in realm "${realm}" failed (HTTP ${res.status}). Turn them on yourself: ${adminPermissionsSteps(realm)}.`,
    );
  const after = await api.get<Record<string, any>>(`/${encodeURIComponent(realm)}`);
  if (after.adminPermissionsEnabled !== true)
    throw new UserError(
      `Keycloak accepted turning on fine-grained admin permissions in realm "${realm}" but they are still off: is the admin-fine-grained-authz feature disabled on the server? Turn them on: ${adminPermissionsSteps(realm)}.`,
    );
}
