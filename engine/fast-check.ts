/**
 * The bulk check behind fast drift and realm-size-independent plans: does Keycloak still
 * hold what the customers stack's state says it holds? Answered from a few list calls
 * instead of the engine's refresh (about 7 admin-API requests per customer):
 *
 * - the realm's clients (attributes, flags, redirect URIs, default client scopes) from one
 *   paged listing, and every role of the realm from a few list calls;
 * - the users holding each role, one paged call per role;
 * - with identities that may not list roles or their holders, a partial export of the realm
 *   or reads per customer instead (see {@link readLive}).
 *
 * When the state and Keycloak agree on every resource, a plan without refresh (the engine's
 * `-refresh=false`) is exactly the plan with refresh: it compares the files with what is in
 * Keycloak. Where they differ, the caller refreshes those customers for real. Anything this
 * check does not know how to compare makes it give up (`unjudged`): the caller then runs the
 * full refresh. It may report a difference the engine would not call drift (it compares more
 * attributes than the files set); it must never miss one the engine would report.
 */
import { AdminApi, pagesOrStatus } from './admin-api';
import { UserError } from '../model/problems';
import { MARKER_ATTRIBUTE } from '../keycloak/customer-client';

/** An admin-API client that counts its admin requests (the login is not counted). */
export class CountingAdminApi extends AdminApi {
  public sent = 0;

  override async request<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> {
    this.sent++;
    return super.request<T>(method, path, body);
  }
}

/** One resource of the engine's state (`show -json`). */
export interface StateResource {
  readonly address: string;
  readonly mode: string;
  readonly type: string;
  readonly name: string;
  readonly values: Record<string, any>;
}

/** What Keycloak holds, as far as the customers stack's resources are concerned. */
export interface LiveRealm {
  /** Client representations by UUID. */
  readonly clients: ReadonlyMap<string, Record<string, any>>;
  /** Role ids held directly by a user, by user id (only users that hold a role appear). */
  readonly rolesOfUser: (userId: string) => Promise<ReadonlySet<string>>;
  /** Role ids in a client's scope (its scope mappings), by client UUID. */
  readonly scopeOfClient: (clientUuid: string) => Promise<ReadonlySet<string>>;
  /** How the realm was read, for the log: `partial export` or `client listing`. */
  readonly source: string;
}

/** The outcome of comparing a stack's state with Keycloak. */
export interface FastVerdict {
  /** Customers (client ids) whose resources differ from the state, with the first reason each. */
  readonly differing: ReadonlyMap<string, string>;
  /** What the check could not compare; non-empty means: use the full refresh. */
  readonly unjudged: readonly string[];
  /** Admin-API requests the check sent (the login not included). */
  readonly requests: number;
  /** How the realm was read. */
  readonly source: string;
  /** Every client of the realm as read, when Keycloak listed them all (not filtered for a pipeline identity). */
  readonly clients?: readonly Record<string, any>[];
}

/** Requests in flight at once (role holders, per-customer reads). */
const PARALLEL = 6;

async function inParallel<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    // After one failure the others stop taking work: the caller gives up on the bulk read.
    while (next < items.length && !failed) {
      const i = next++;
      try {
        out[i] = await fn(items[i]);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
  return out;
}

/** Role ids of a `role-mappings` (or `scope-mappings`) answer: realm and client mappings. */
function mappedRoleIds(m: any): string[] {
  return [
    ...((m?.realmMappings ?? []) as any[]).map((x) => String(x.id)),
    ...Object.values((m?.clientMappings ?? {}) as Record<string, any>).flatMap((c: any) =>
      (c.mappings ?? []).map((x: any) => String(x.id)),
    ),
  ];
}

/** What a user the state names reads as when Keycloak no longer has it: a set no known role matches. */
const USER_MISSING: ReadonlySet<string> = new Set(['(user missing)']);

/** A role of the realm and the admin-API path of its holders. */
interface RoleRef {
  readonly id: string;
  readonly holders: string;
}

/** A service account the state names, with the role ids the state says it holds directly. */
export interface StatedRoles {
  readonly userId: string;
  readonly roleIds: readonly string[];
}

/**
 * The users holding each role, by user id; undefined when the identity may not list holders,
 * or gets them filtered. Keycloak filters holder lists by what the identity may see of users,
 * without saying so: an identity with fine-grained user permissions but not `view-users` (the
 * provisioning one) gets them empty. So first one service account the state says holds roles
 * is read directly, and the holder lists of the roles it holds must name it; the other lists
 * are read only then. Customers that all hold no role leave nothing to check with: undefined.
 */
async function holdersOf(
  api: AdminApi,
  r: string,
  roles: readonly RoleRef[],
  stated: readonly StatedRoles[],
): Promise<Map<string, Set<string>> | undefined> {
  const listed = new Set(roles.map((x) => x.id));
  let canary: { userId: string; direct: Set<string> } | undefined;
  // The first few the state gives roles: one deleted or stripped by hand proves nothing either way.
  for (const { userId } of stated.filter((x) => x.roleIds.length).slice(0, 3)) {
    const res = await api.request<any>('GET', `${r}/users/${userId}/role-mappings`);
    if (res.status === 404) continue;
    if (res.status !== 200) return undefined;
    const direct = new Set(mappedRoleIds(res.data).filter((id) => listed.has(id)));
    if (direct.size) {
      canary = { userId, direct };
      break;
    }
  }
  if (!canary) return undefined;
  const held = new Map<string, Set<string>>();
  let refused = false;
  const read = async (role: RoleRef) => {
    if (refused) return;
    const users = await pagesOrStatus<{ id: string }>(api, `${role.holders}?briefRepresentation=true`);
    if (!Array.isArray(users)) {
      if (users === 403) refused = true;
      else throw new UserError(`GET ${role.holders}: HTTP ${users}`);
      return;
    }
    for (const u of users) {
      const set = held.get(u.id) ?? new Set<string>();
      set.add(role.id);
      held.set(u.id, set);
    }
  };
  const { userId, direct } = canary;
  await inParallel(
    roles.filter((x) => direct.has(x.id)),
    read,
  );
  if (refused || [...direct].some((id) => !held.get(userId)?.has(id))) return undefined;
  await inParallel(
    roles.filter((x) => !direct.has(x.id)),
    read,
  );
  return refused ? undefined : held;
}

/**
 * Every role of the realm, from a few list calls: the realm roles, and the client roles of
 * every client (customers' own clients included) from the admin console's role picker for a
 * client's scope (`ui-ext/available-roles/clients/<id>`), asked for realm-management. That
 * list leaves out realm-management's own roles and the roles already in its scope, which are
 * read directly. Undefined when the server does not offer the list to this identity, or offers
 * only part of it (another Keycloak version; an identity that may not put every client's roles
 * into a scope gets it filtered, even empty).
 *
 * Completeness is checked where it can be without one request per customer: every role of
 * every client that is not a customer's (no marker attribute: realm-management, the API, the
 * built-in clients, a constant number) must be in the list, unless it is one of the two kinds
 * the list leaves out. Keycloak answers the list in full or filters it by permission, and a
 * permission over all clients covers customers' clients too.
 */
async function everyRole(api: AdminApi, r: string, clients: ReadonlyMap<string, Record<string, any>>): Promise<RoleRef[] | undefined> {
  const others = [...clients.values()].filter((c) => c.attributes?.[MARKER_ATTRIBUTE] === undefined);
  const lister = others.find((c) => c.clientId === 'realm-management');
  if (!lister) return undefined;
  type Listed = { id: string; role: string; clientId: string };
  type Role = { id: string; name: string };
  const [realmRoles, available, scope, theirRoles] = await Promise.all([
    pagesOrStatus<Role>(api, `${r}/roles?briefRepresentation=true`),
    pagesOrStatus<Listed>(api, `${r}/ui-ext/available-roles/clients/${lister.id}`),
    api.request<any>('GET', `${r}/clients/${lister.id}/scope-mappings`),
    inParallel(others, (c) => pagesOrStatus<Role>(api, `${r}/clients/${c.id}/roles?briefRepresentation=true`)),
  ]);
  if (!Array.isArray(realmRoles) || !Array.isArray(available) || scope.status !== 200) return undefined;
  // client role id -> the admin-API path of its holders
  const clientRoles = new Map<string, string>();
  const add = (id: string, clientUuid: string, name: string) =>
    clientRoles.set(id, `${r}/clients/${clientUuid}/roles/${encodeURIComponent(name)}/users`);
  for (const role of available) {
    if (!role.id || !role.role || !role.clientId) return undefined; // not the shape this check knows
    add(role.id, role.clientId, role.role);
  }
  for (const c of Object.values((scope.data?.clientMappings ?? {}) as Record<string, any>))
    for (const m of c.mappings ?? []) add(String(m.id), String(c.id), String(m.name));
  for (const [i, list] of theirRoles.entries()) {
    if (!Array.isArray(list)) return undefined;
    const owner = others[i];
    for (const role of list) {
      if (owner.id !== lister.id && !clientRoles.has(role.id)) return undefined; // a filtered list
      add(role.id, String(owner.id), role.name);
    }
  }
  return [
    ...realmRoles.map((x) => ({ id: x.id, holders: `${r}/roles/${encodeURIComponent(x.name)}/users` })),
    ...[...clientRoles].map(([id, holders]) => ({ id, holders })),
  ];
}

/**
 * A user's roles from the holder lists. A user in none of them is read once (in parallel,
 * each at most once): a service account deleted or recreated by hand must read as missing,
 * not as holding nothing (a customer without roles would otherwise match).
 */
function fromHolders(api: AdminApi, r: string, held: ReadonlyMap<string, Set<string>>): (userId: string) => Promise<ReadonlySet<string>> {
  const exists = new Map<string, Promise<boolean>>();
  return async (id) => {
    const roles = held.get(id);
    if (roles) return roles;
    if (!exists.has(id))
      exists.set(
        id,
        api.request('GET', `${r}/users/${id}?briefRepresentation=true`).then((res) => {
          if (res.status === 404) return false;
          if (res.status !== 200) throw new UserError(`GET ${r}/users/${id}: HTTP ${res.status}`);
          return true;
        }),
      );
    return (await exists.get(id)!) ? new Set() : USER_MISSING;
  };
}

/** Role and scope mappings read one customer at a time (each path once), when no bulk read is allowed. */
function perCustomerReads(api: AdminApi, r: string): Pick<LiveRealm, 'rolesOfUser' | 'scopeOfClient'> {
  const cache = new Map<string, Promise<Set<string> | undefined>>();
  const read = (path: string): Promise<Set<string> | undefined> => {
    if (!cache.has(path))
      cache.set(
        path,
        api.request<any>('GET', path).then((res) => {
          if (res.status === 404) return undefined;
          if (res.status >= 300) throw new UserError(`GET ${path}: HTTP ${res.status}`);
          return new Set(mappedRoleIds(res.data));
        }),
      );
    return cache.get(path)!;
  };
  return {
    // A missing user reads as a set that can never match a known role: the caller compares
    // with the state, which names the user.
    rolesOfUser: async (id) => (await read(`${r}/users/${id}/role-mappings`)) ?? USER_MISSING,
    scopeOfClient: async (uuid) => (await read(`${r}/clients/${uuid}/scope-mappings`)) ?? new Set(),
  };
}

/**
 * Reads what the comparison needs, with the fewest requests the identity allows:
 *
 * 1. One paged listing of the realm's clients (attributes, flags, redirect URIs, default
 *    client scopes), every role of the realm from a few list calls (see {@link everyRole}),
 *    and one paged call per role for its holders. The number of requests does not grow with
 *    the customers beyond paging. The pipeline's identities and an administrator read this
 *    way (the read-only identity through the one admin permission it holds for it).
 * 2. Otherwise, if the identity may export the realm (`manage-realm`): one partial export
 *    (clients, roles, scope mappings) plus the holders of each role.
 * 3. Otherwise (an identity that may list neither, such as a read-only identity deployed
 *    before it got that permission): the client listing, then per customer its service
 *    account's role mappings (one small read each, six at a time), still without the
 *    engine's per-resource refresh.
 *
 * Scope mappings per client (only the per-customer role mappers of states made before role
 * scopes have them) are read one client at a time in 1 and 3.
 * @param stated the service accounts whose roles the state holds (none: no need to read roles)
 */
export async function readLive(api: AdminApi, realm: string, stated: readonly StatedRoles[] = []): Promise<LiveRealm> {
  const r = `/${encodeURIComponent(realm)}`;
  const list = await pagesOrStatus<Record<string, any>>(api, `${r}/clients`);
  if (!Array.isArray(list)) throw new UserError(`Reading realm "${realm}" failed: listing its clients answered HTTP ${list}`);
  const clients = new Map(list.map((c) => [String(c.id), c]));
  const perCustomer = perCustomerReads(api, r);
  if (!stated.length) return { clients, ...perCustomer, source: 'client listing (the state holds no role mapping)' };
  // A list Keycloak filtered for a pipeline identity (see completeFilteredList) is no base for
  // the realm-wide role lists either: read each customer's roles.
  if (!list.some((c) => c.clientId === 'realm-management'))
    return { clients, ...perCustomer, source: 'per customer (Keycloak lists this identity few clients)' };
  const roles = await everyRole(api, r, clients);
  const held = roles && (await holdersOf(api, r, roles, stated));
  if (roles && held)
    return {
      clients,
      rolesOfUser: fromHolders(api, r, held),
      scopeOfClient: perCustomer.scopeOfClient,
      source: `client listing, holders of ${roles.length} role(s)`,
    };
  const exported = await readByExport(api, r, realm, stated);
  return (
    exported ?? {
      clients,
      ...perCustomer,
      source: 'client listing, per customer: role mappings (the identity may not list every role of the realm, or all their holders)',
    }
  );
}

/** Way 2 of {@link readLive}: one partial export plus role holders; undefined when the identity may not export. */
async function readByExport(api: AdminApi, r: string, realm: string, stated: readonly StatedRoles[]): Promise<LiveRealm | undefined> {
  const exported = await api.request<any>('POST', `${r}/partial-export?exportClients=true&exportGroupsAndRoles=true`);
  if (exported.status === 403) return undefined;
  if (exported.status !== 200 || !exported.data || !Array.isArray(exported.data.clients))
    throw new UserError(
      `Reading realm "${realm}" failed: partial export answered HTTP ${exported.status} ${JSON.stringify(exported.data).slice(0, 200)}`,
    );
  const data = exported.data;
  const clients = new Map<string, Record<string, any>>(data.clients.map((c: any) => [String(c.id), c]));
  const byClientId = new Map<string, Record<string, any>>(data.clients.map((c: any) => [String(c.clientId), c]));
  // role name -> id, per owner (realm, or a client id)
  const realmRoles = new Map<string, string>(((data.roles?.realm ?? []) as any[]).map((x) => [x.name, x.id]));
  const clientRoles = new Map<string, Map<string, string>>();
  for (const [owner, roles] of Object.entries((data.roles?.client ?? {}) as Record<string, any[]>))
    clientRoles.set(owner, new Map(roles.map((x) => [x.name, x.id])));
  const scope = new Map<string, Set<string>>();
  const addScope = (clientId: string | undefined, ids: (string | undefined)[]) => {
    const c = clientId && byClientId.get(clientId);
    if (!c) return;
    const set = scope.get(String(c.id)) ?? new Set<string>();
    for (const id of ids) if (id) set.add(id);
    scope.set(String(c.id), set);
  };
  for (const m of (data.scopeMappings ?? []) as any[])
    addScope(
      m.client,
      (m.roles ?? []).map((n: string) => realmRoles.get(n)),
    );
  for (const [owner, list] of Object.entries((data.clientScopeMappings ?? {}) as Record<string, any[]>))
    for (const m of list)
      addScope(
        m.client,
        (m.roles ?? []).map((n: string) => clientRoles.get(owner)?.get(n)),
      );
  // Holders of every role of the realm: a role added by hand to a service account, whichever it is, shows.
  const roles: RoleRef[] = [
    ...[...realmRoles].map(([name, id]) => ({ id, holders: `${r}/roles/${encodeURIComponent(name)}/users` })),
    ...[...clientRoles].flatMap(([owner, names]) =>
      [...names].map(([name, id]) => ({
        id,
        holders: `${r}/clients/${byClientId.get(owner)?.id}/roles/${encodeURIComponent(name)}/users`,
      })),
    ),
  ];
  const held = await holdersOf(api, r, roles, stated);
  if (!held) return undefined;
  return {
    clients,
    rolesOfUser: fromHolders(api, r, held),
    scopeOfClient: async (uuid) => scope.get(uuid) ?? new Set(),
    source: `partial export, holders of ${roles.length} role(s)`,
  };
}

/** `customer-acme` -> `acme`, from a resource name such as `customer-acme_client_C59DA64E`. */
function customerOf(r: { name: string }): string | undefined {
  const group = r.name.split('_')[0];
  return group.startsWith('customer-') ? group.slice('customer-'.length) : undefined;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const sameSet = (a: readonly unknown[] | undefined, b: readonly unknown[] | undefined) => {
  const x = [...new Set((a ?? []).map(str))].sort();
  const y = [...new Set((b ?? []).map(str))].sort();
  return JSON.stringify(x) === JSON.stringify(y);
};

/** Client settings kept as a top-level field of the representation: state attribute -> field. */
const CLIENT_FIELDS: Readonly<Record<string, string>> = {
  client_id: 'clientId',
  name: 'name',
  description: 'description',
  enabled: 'enabled',
  client_authenticator_type: 'clientAuthenticatorType',
  standard_flow_enabled: 'standardFlowEnabled',
  implicit_flow_enabled: 'implicitFlowEnabled',
  direct_access_grants_enabled: 'directAccessGrantsEnabled',
  service_accounts_enabled: 'serviceAccountsEnabled',
  frontchannel_logout_enabled: 'frontchannelLogout',
  admin_url: 'adminUrl',
  base_url: 'baseUrl',
  root_url: 'rootUrl',
  full_scope_allowed: 'fullScopeAllowed',
  consent_required: 'consentRequired',
  always_display_in_console: 'alwaysDisplayInConsole',
};

/** Client settings kept as a client attribute: state attribute -> attribute name. */
const CLIENT_ATTRIBUTES: Readonly<Record<string, string>> = {
  access_token_lifespan: 'access.token.lifespan',
  use_refresh_tokens: 'use.refresh.tokens',
  use_refresh_tokens_client_credentials: 'client_credentials.use_refresh_token',
  standard_token_exchange_enabled: 'standard.token.exchange.enabled',
  pkce_code_challenge_method: 'pkce.code.challenge.method',
  login_theme: 'login_theme',
  require_dpop_bound_tokens: 'dpop.bound.access.tokens',
  oauth2_device_authorization_grant_enabled: 'oauth2.device.authorization.grant.enabled',
  oauth2_device_code_lifespan: 'oauth2.device.code.lifespan',
  oauth2_device_polling_interval: 'oauth2.device.polling.interval',
  oauth2_jwt_authorization_grant_enabled: 'oauth2.jwt.authorization.grant.enabled',
  display_on_consent_screen: 'display.on.consent.screen',
  consent_screen_text: 'consent.screen.text',
  frontchannel_logout_url: 'frontchannel.logout.url',
  backchannel_logout_url: 'backchannel.logout.url',
  backchannel_logout_session_required: 'backchannel.logout.session.required',
  backchannel_logout_revoke_offline_sessions: 'backchannel.logout.revoke.offline.tokens',
  client_session_idle_timeout: 'client.session.idle.timeout',
  client_session_max_lifespan: 'client.session.max.lifespan',
  client_offline_session_idle_timeout: 'client.offline.session.idle.timeout',
  client_offline_session_max_lifespan: 'client.offline.session.max.lifespan',
};

/**
 * Client settings of the state that this check does not compare, and why that is safe: the
 * files never set them and the engine does not report them as drift (Optional+Computed or
 * write-only), or they are compared elsewhere.
 */
const CLIENT_NOT_COMPARED = new Set([
  'id', // the representation is looked up by it
  'realm_id',
  'client_secret', // never read by this check; the files do not set it (rotation goes through the next one)
  'client_secret_regenerate_when_changed', // only in state: Keycloak has no such setting
  'client_secret_wo',
  'client_secret_wo_version',
  'import',
  'service_account_user_id', // checked through the service account's role mapping
  'resource_server_id',
  'authorization',
  'exclude_issuer_from_auth_response',
  'exclude_session_state_from_auth_response',
  'allow_refresh_token_in_standard_token_exchange',
  'oauth2_jwt_authorization_grant_idp',
]);

/** The first difference between a client's state and its representation, or undefined. */
function clientDifference(state: Record<string, any>, live: Record<string, any> | undefined): string | undefined {
  if (!live) return 'client missing from Keycloak';
  const attributes = (live.attributes ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(state)) {
    if (CLIENT_NOT_COMPARED.has(key)) continue;
    if (key in CLIENT_FIELDS) {
      if (str(value) !== str(live[CLIENT_FIELDS[key]])) return key;
    } else if (key in CLIENT_ATTRIBUTES) {
      // An attribute Keycloak does not hold reads as empty; a state value of false against
      // a missing attribute counts as a difference (the full refresh then decides).
      if (str(value) !== str(attributes[CLIENT_ATTRIBUTES[key]])) return key;
    } else if (key === 'valid_redirect_uris') {
      if (!sameSet(value, live.redirectUris)) return key;
    } else if (key === 'web_origins') {
      if (!sameSet(value, live.webOrigins)) return key;
    } else if (key === 'valid_post_logout_redirect_uris') {
      const uris = str(attributes['post.logout.redirect.uris']);
      if (!sameSet(value, uris ? uris.split('##') : [])) return key;
    } else if (key === 'access_type') {
      const type = live.publicClient ? 'PUBLIC' : live.bearerOnly ? 'BEARER-ONLY' : 'CONFIDENTIAL';
      if (str(value) !== type) return key;
    } else if (key === 'extra_config') {
      for (const [k, v] of Object.entries((value ?? {}) as Record<string, unknown>))
        if (str(v) !== str(attributes[k])) return `extra_config.${k}`;
    } else if (key === 'authentication_flow_binding_overrides') {
      const overrides = Object.values((live.authenticationFlowBindingOverrides ?? {}) as Record<string, unknown>).filter(
        (v) => str(v) !== '',
      );
      const stated = ((value ?? []) as Record<string, unknown>[]).flatMap((o) => Object.values(o).filter((v) => str(v) !== ''));
      if (!sameSet(stated, overrides)) return key;
    } else {
      return `unknown:${key}`;
    }
  }
  return undefined;
}

/**
 * Compares every managed resource of a customers stack's state with Keycloak.
 * @param state the engine's `show -json` of the state (no plan file: it does not call Keycloak)
 */
export async function compareWithState(
  resources: readonly StateResource[],
  live: LiveRealm,
): Promise<Omit<FastVerdict, 'requests' | 'source'>> {
  const differing = new Map<string, string>();
  const unjudged: string[] = [];
  const differ = (id: string, why: string) => {
    if (!differing.has(id)) differing.set(id, why);
  };
  const checks: (() => Promise<void>)[] = [];
  for (const r of resources) {
    if (r.mode !== 'managed' || r.type === 'terraform_data') continue;
    const id = customerOf(r);
    if (!id) {
      unjudged.push(`${r.address} (not a customer's resource)`);
      continue;
    }
    const v = r.values ?? {};
    switch (r.type) {
      case 'keycloak_openid_client': {
        const why = clientDifference(v, live.clients.get(str(v.id)));
        if (why?.startsWith('unknown:')) unjudged.push(`${r.address}: attribute ${why.slice('unknown:'.length)}`);
        else if (why) differ(id, `client: ${why}`);
        break;
      }
      case 'keycloak_openid_client_default_scopes': {
        const c = live.clients.get(str(v.client_id));
        if (!c || !sameSet(v.default_scopes, c.defaultClientScopes)) differ(id, 'default client scopes');
        break;
      }
      case 'keycloak_user_roles':
        if (v.exhaustive !== true) {
          unjudged.push(`${r.address}: a non-exhaustive role mapping`);
          break;
        }
        checks.push(async () => {
          if (!sameSet(v.role_ids, [...(await live.rolesOfUser(str(v.user_id)))])) differ(id, 'service-account roles');
        });
        break;
      case 'keycloak_generic_role_mapper':
        if (v.client_scope_id) {
          unjudged.push(`${r.address}: a client-scope role mapping`);
          break;
        }
        checks.push(async () => {
          if (!live.clients.has(str(v.client_id)) || !(await live.scopeOfClient(str(v.client_id))).has(str(v.role_id)))
            differ(id, 'role allowed into tokens (scope mapping)');
        });
        break;
      default:
        unjudged.push(`${r.address} (resource type ${r.type})`);
    }
  }
  await inParallel(checks, (check) => check());
  return { differing, unjudged };
}

/** The managed resources of a state, from the engine's `show -json` without a plan file. */
export function stateResources(shown: any): StateResource[] {
  const out: StateResource[] = [];
  const walk = (module: any) => {
    for (const r of module?.resources ?? []) out.push(r);
    for (const child of module?.child_modules ?? []) walk(child);
  };
  walk(shown?.values?.root_module);
  return out;
}

/**
 * Keycloak lists to a pipeline identity few clients or none, silently (its fine-grained
 * permissions are not applied to lists; a list without the realm's own `realm-management`
 * is such a list): each client of the state that the list lacks is then read by its id, which
 * answers for every client the identity may view, and 404 for one that is gone.
 */
async function completeFilteredList(api: AdminApi, realm: string, live: LiveRealm, resources: readonly StateResource[]): Promise<void> {
  const clients = live.clients as Map<string, Record<string, any>>;
  if ([...clients.values()].some((c) => c.clientId === 'realm-management')) return;
  const missing = resources
    .filter((r) => r.mode === 'managed' && r.type === 'keycloak_openid_client' && r.values?.id && !clients.has(String(r.values.id)))
    .map((r) => String(r.values!.id));
  const r = `/${encodeURIComponent(realm)}`;
  await inParallel(missing, async (id) => {
    const res = await api.request<Record<string, any>>('GET', `${r}/clients/${id}`);
    if (res.status === 200) clients.set(id, res.data);
    else if (res.status !== 404) throw new UserError(`Reading client ${id} of realm "${realm}" failed: HTTP ${res.status}`);
  });
}

/** Reads Keycloak and compares it with the state's resources. */
export async function fastCheck(api: CountingAdminApi, realm: string, resources: readonly StateResource[]): Promise<FastVerdict> {
  const before = api.sent;
  const stated = resources
    .filter((r) => r.mode === 'managed' && r.type === 'keycloak_user_roles' && r.values?.user_id)
    .map((r) => ({ userId: String(r.values.user_id), roleIds: ((r.values.role_ids ?? []) as unknown[]).map(String) }));
  const live = await readLive(api, realm, stated);
  const complete = [...live.clients.values()].some((c) => c.clientId === 'realm-management');
  const clients = complete ? [...live.clients.values()] : undefined;
  await completeFilteredList(api, realm, live, resources);
  const verdict = await compareWithState(resources, live);
  return { ...verdict, requests: api.sent - before, source: live.source, clients };
}
